import { celString } from './cel-value';
import { readsParams } from './match';
import { POD_SPEC_PATHS } from './mutation';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { checkLabelKey } from '../base/validators';
import type { MatchedKind } from '../check/admission';

/**
 * The status reason a denial returns to the client (`reason` of a validation). Unauthorized,
 * which the API documentation also names, is refused by the API server's validation.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#validation-expression
 */
export enum ValidationReason {
  /** HTTP 403. */
  FORBIDDEN = 'Forbidden',
  /** HTTP 422 (what the API server returns when no reason is set). */
  INVALID = 'Invalid',
  /** HTTP 413. */
  REQUEST_ENTITY_TOO_LARGE = 'RequestEntityTooLarge',
}

/** A hand-written validation of {@link Validation.expression}. */
export interface ValidationExpressionProps {
  /**
   * CEL returning bool: true admits. May read `object`, `oldObject`, `request`,
   * `namespaceObject`, `params`, `variables` and `authorizer`.
   */
  readonly expression: string;
  /**
   * The message of a denial (one line).
   * @default - the API server's "failed expression: <expression>"
   */
  readonly message?: string;
  /**
   * CEL returning the message of a denial (a string); wins over `message` when it evaluates
   * to a non-empty string. `authorizer` is not available here.
   * @default - `message`
   */
  readonly messageExpression?: string;
  /**
   * The status reason of a denial.
   * @default - Invalid (the API server's default)
   */
  readonly reason?: ValidationReason;
}

/** @internal What a validation needs to know about its policy to render. */
export interface ValidationContext {
  /** The single kind the policy matches, when there is one. */
  readonly kind?: MatchedKind;
  /** Every kind the policy's rules match, when all are known built-in kinds. */
  readonly kinds?: readonly MatchedKind[];
  /** Input path for messages, e.g. `validations[1]`. */
  readonly where: string;
}

/** @internal The rendered form of one {@link Validation}. */
export interface RenderedValidation {
  /** The `spec.validations` entry. */
  readonly validation?: any;
  readonly violations: Violation[];
  readonly usesParams: boolean;
}

type Renderer = (ctx: ValidationContext) => RenderedValidation;

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

function failed(v: Violation[]): RenderedValidation {
  return { violations: v, usesParams: false };
}

/**
 * CEL for the pod spec of the matched object: a plain path when every matched kind keeps it
 * at the same place, otherwise a choice on `object.kind` (the object is then untyped, since
 * the policy matches several kinds). A violation when a matched kind carries no pod spec.
 */
function podSpecAccess(ctx: ValidationContext, what: string): string | Violation {
  const kinds = ctx.kinds ?? [];
  const paths = kinds.map((k) => POD_SPEC_PATHS[k.kind]);
  if (kinds.length === 0 || paths.some((p) => p === undefined)) {
    return {
      checkId: 'admission/preset',
      field: ctx.where,
      problem: `${what} needs the policy to match only kinds that carry a pod spec`,
      got: kinds.length ? kinds.map((k) => k.kind).join(', ') : 'a wildcard, a subresource or a resource outside the built-in kinds',
      allowed: Object.keys(POD_SPEC_PATHS).join(', '),
      fix: 'Match pods and workloads with the ResourceRule helpers, e.g. resourceRules: [ResourceRule.pods(), ResourceRule.deployments()]',
    };
  }
  const byPath = new Map<string, string[]>();
  kinds.forEach((k, i) => {
    const p = ['object', ...paths[i]].join('.');
    byPath.set(p, [...(byPath.get(p) ?? []), k.kind]);
  });
  const entries = [...byPath.entries()];
  if (entries.length === 1) return entries[0][0];
  // The most common place is the fallback (on a tie, the workloads' `spec.template.spec`);
  // the others are chosen by kind, in the order the rules name them.
  const template = 'object.spec.template.spec';
  const fallback = entries.reduce((best, e) => (e[1].length > best[1].length || (e[1].length === best[1].length && e[0] === template) ? e : best));
  const others = entries.filter((e) => e !== fallback);
  let out = fallback[0];
  for (const [p, ks] of [...others].reverse()) {
    out = `${ks.map((k) => `object.kind == ${celString(k)}`).join(' || ')} ? ${p} : ${out}`;
  }
  return `(${out})`;
}

/** Each container list of the pod spec `spec` (absent lists are empty). */
function containerLists(spec: string): string[] {
  return CONTAINER_LISTS.map((l) => `${spec}.?${l}.orValue([])`);
}

/** `pred` (over `c`) holds for every container, init container and ephemeral container. */
function allContainers(spec: string, pred: string): string {
  return containerLists(spec).map((l) => `${l}.all(c, ${pred})`).join(' && ');
}

/** The images of the containers for which `pred` fails, joined by ", ". */
function failingImages(spec: string, pred: string): string {
  return `(${containerLists(spec).map((l) => `${l}.filter(c, !(${pred})).map(c, c.image)`).join(' + ')}).join(", ")`;
}

/**
 * CEL for the fully qualified repository of the image `i` (a CEL string expression), as the
 * container runtime resolves it (distribution/reference `splitDockerDomain`): the first path
 * component is a registry when it has a `.` or `:`, is `localhost` or has upper case letters;
 * otherwise the image is on Docker Hub (`docker.io`, `library/` for one-component names);
 * `index.docker.io` is `docker.io`. The registry is lower-cased (host names are not case
 * sensitive). Written with one-element lists as `let`: `[x].all(n, ...)` binds `n`.
 */
function qualifiedImage(i: string, body: (name: string) => string): string {
  const hasDomain = `${i}.contains("/") && (f.contains(".") || f.contains(":") || f == "localhost" || f.lowerAscii() != f)`;
  const domain = '(h ? (f.lowerAscii() == "index.docker.io" ? "docker.io" : f.lowerAscii()) : "docker.io")';
  const rest = `(h ? ${i}.substring(f.size() + 1) : ${i})`;
  return `[${i}.split("/")[0]].all(f, [${hasDomain}].all(h, [${domain}].all(d, [${rest}].all(r, `
    + `[d + "/" + (d == "docker.io" && !r.contains("/") ? "library/" + r : r)].all(n, ${body('n')})))))`;
}

/**
 * One check of a {@link ValidatingPolicy}: a CEL expression that admits the object when it
 * is true, with the message and status reason of a denial. The presets render CEL that is
 * typed against the 1.36 schema of the matched kinds and checked at synth; they work on Pods
 * and on the pod templates of workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
 * CronJob, ReplicationController, PodTemplate), including init and ephemeral containers.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export class Validation {
  /** A hand-written validation; its CEL is parsed and checked at synth like the presets'. */
  public static expression(props: ValidationExpressionProps): Validation {
    return new Validation('expression', (ctx) => {
      const problems: Violation[] = [];
      if (typeof props?.expression !== 'string' || props.expression.trim() === '') {
        problems.push({ checkId: 'admission/validations', field: `${ctx.where}.expression`, problem: 'must be a non-empty CEL expression returning bool', got: renderValue(props?.expression) });
      }
      if (problems.length) return failed(problems);
      const v: any = { expression: props.expression };
      if (props.message !== undefined) v.message = props.message;
      if (props.messageExpression !== undefined) v.messageExpression = props.messageExpression;
      if (props.reason !== undefined) v.reason = props.reason;
      const usesParams = [props.expression, props.messageExpression ?? ''].some((e) => readsParams(String(e)));
      return { validation: v, violations: [], usesParams };
    });
  }

  /**
   * Every container, init container and ephemeral container image comes from one of
   * `registries`: a registry host (`registry.example.com`, `registry.example.com:5000`,
   * `docker.io`) or a registry with a path prefix (`ghcr.io/acme`, `docker.io/library`),
   * matched on whole path components. Images are resolved as the container runtime resolves
   * them: `nginx` is `docker.io/library/nginx`, `acme/app` is `docker.io/acme/app`; tags and
   * digests do not matter. Registry host names compare without regard to case.
   */
  public static allowedRegistries(registries: string[]): Validation {
    return new Validation('allowedRegistries', (ctx) => {
      const problems: Violation[] = [];
      const list = Array.isArray(registries) ? registries : [];
      if (list.length === 0) {
        problems.push({ checkId: 'admission/preset', field: `${ctx.where}.registries`, problem: 'needs at least one registry', got: renderValue(registries), fix: 'List the registries images may come from, e.g. ["registry.example.com"]' });
      }
      const prefixes: string[] = [];
      list.forEach((r, i) => {
        const p = registryPrefix(r);
        if (typeof p === 'string') prefixes.push(p);
        else problems.push({ ...p, field: `${ctx.where}.registries[${i}]` });
      });
      const spec = podSpecAccess(ctx, 'allowedRegistries');
      if (typeof spec !== 'string') problems.push(spec);
      if (problems.length || typeof spec !== 'string') return failed(problems);
      const unique = [...new Set(prefixes)];
      const allowed = `[${unique.map(celString).join(', ')}]`;
      const shown = unique.map((p) => p.slice(0, -1)).join(', ');
      const pred = qualifiedImage('c.image', (n) => `${allowed}.exists(p, ${n}.startsWith(p))`);
      return {
        validation: {
          expression: allContainers(spec, pred),
          message: `every container image must come from an allowed registry: ${shown}`,
          messageExpression: `"images from registries that are not allowed: " + ${failingImages(spec, pred)} + ${celString(` (allowed: ${shown})`)}`,
          reason: ValidationReason.FORBIDDEN,
        },
        violations: [],
        usesParams: false,
      };
    });
  }

  /**
   * Every container, init container and ephemeral container image names a tag other than
   * `latest`, or a digest. An image without a tag is pulled as `latest`, so it is refused too;
   * a digest pins the image whatever the tag (`app:latest@sha256:...` is admitted).
   */
  public static noLatestTag(): Validation {
    return new Validation('noLatestTag', (ctx) => {
      const spec = podSpecAccess(ctx, 'noLatestTag');
      if (typeof spec !== 'string') return failed([spec]);
      // The tag is after the last ":" of the last path component (a registry port is before a "/").
      const pred = 'c.image.contains("@") || [c.image.substring(c.image.lastIndexOf("/") + 1)].all(l, l.contains(":") && !l.endsWith(":latest"))';
      return {
        validation: {
          expression: allContainers(spec, pred),
          message: 'every container image must name a tag other than latest, or a digest',
          messageExpression: `"images without a tag, or tagged latest: " + ${failingImages(spec, pred)} + " (name a version tag or a digest)"`,
          reason: ValidationReason.FORBIDDEN,
        },
        violations: [],
        usesParams: false,
      };
    });
  }

  /**
   * The object has each of these labels, with a non-empty value. Works for any kind (every
   * object has `metadata.labels`); for workloads it checks the workload's own labels.
   */
  public static requiredLabels(keys: string[]): Validation {
    return new Validation('requiredLabels', (ctx) => {
      const problems: Violation[] = [];
      const list = Array.isArray(keys) ? keys : [];
      if (list.length === 0) problems.push({ checkId: 'admission/preset', field: `${ctx.where}.keys`, problem: 'needs at least one label key', got: renderValue(keys), fix: 'List the label keys every object must carry, e.g. ["team"]' });
      list.forEach((k, i) => {
        const p = checkLabelKey(`${ctx.where}.keys[${i}]`, k);
        if (p) problems.push({ ...p, checkId: 'admission/preset' });
      });
      if (problems.length) return failed(problems);
      const unique = [...new Set(list)];
      const keyList = `[${unique.map(celString).join(', ')}]`;
      const present = 'k in object.metadata.labels && object.metadata.labels[k] != ""';
      return {
        validation: {
          expression: `has(object.metadata.labels) && ${keyList}.all(k, ${present})`,
          message: `missing required labels (each needs a non-empty value): ${unique.join(', ')}`,
          messageExpression: `"missing required labels (each needs a non-empty value): " + ${keyList}.filter(k, !has(object.metadata.labels) || !(${present})).join(", ")`,
          reason: ValidationReason.FORBIDDEN,
        },
        violations: [],
        usesParams: false,
      };
    });
  }

  /** The factory that made this validation (for messages and documentation). */
  public readonly factory: string;
  private readonly renderer: Renderer;

  private constructor(factory: string, renderer: Renderer) {
    this.factory = factory;
    this.renderer = renderer;
  }

  /** @internal */
  public _render(ctx: ValidationContext): RenderedValidation {
    try {
      return this.renderer(ctx);
    } catch (e) {
      if (e instanceof HaruValidationError) throw e;
      return failed([{ checkId: 'admission/validations', field: ctx.where, problem: `could not be rendered: ${(e as Error)?.message ?? String(e)}` }]);
    }
  }
}

/** `registry[/path]` as a prefix ending in `/`, the host lower-cased; a violation when it is not one. */
function registryPrefix(r: unknown): string | Violation {
  const bad = (problem: string, fix: string): Violation => ({ checkId: 'admission/preset', field: 'registries', problem, got: renderValue(r), fix });
  if (typeof r !== 'string' || r.trim() === '') return bad('must be a registry host, optionally with a path', 'e.g. "registry.example.com" or "ghcr.io/acme"');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(r)) return bad('must not have a URL scheme (image references have none)', `Write ${JSON.stringify(r.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))}`);
  if (/[\s@]/.test(r) || /\/\//.test(r)) return bad('must be a registry host, optionally with a path (no spaces, "@" or empty path components)', 'e.g. "registry.example.com" or "ghcr.io/acme"');
  const trimmed = r.replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  const host = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const path = slash < 0 ? '' : trimmed.slice(slash);
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?$/.test(host)) {
    return bad('does not start with a registry host (a host name, optionally with :port)', 'e.g. "registry.example.com:5000"');
  }
  const lower = host.toLowerCase();
  return `${lower === 'index.docker.io' ? 'docker.io' : lower}${path}/`;
}
