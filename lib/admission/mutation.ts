import { applyConfigurationFieldPaths } from '../cel';
import type { MatchedKind } from '../check/admission';
import { renderValue, Violation } from '../check/errors';
import { checkDns1123Label, checkLabelKey, checkLabelValue, parseQuantity } from '../check/validators';
import { lookupType } from '../schema';
import type { SchemaTypeRef } from '../schema';
import { celString, CelValue, isCelValue } from './cel-value';
import type { MatchCondition } from './match';
import { closest, dynamicLiteral, renderTyped, RenderState, wrapObject } from './render';

/** @internal What a mutation needs to know about its policy to render. */
export interface MutationContext {
  /** The single kind the policy matches, when there is one. */
  readonly kind?: MatchedKind;
  /** Input path for messages, e.g. `mutations[1]`. */
  readonly where: string;
}

/** @internal The rendered form of one {@link Mutation}. */
export interface RenderedMutation {
  /** `spec.mutations` entries. */
  readonly mutations: any[];
  /** Match conditions the mutation needs on its policy (guards). */
  readonly matchConditions: MatchCondition[];
  /** Field paths (from the root, no indexes) the mutation may set; `undefined` when unknown. */
  readonly setPaths?: string[][];
  readonly violations: Violation[];
  readonly usesParams: boolean;
  /** Annotations to record on the policy (opt-outs and their reasons). */
  readonly annotations?: Record<string, string>;
}

type Renderer = (ctx: MutationContext) => RenderedMutation;

/** Where the pod spec lives in each kind the presets support. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function rootRef(ctx: MutationContext): SchemaTypeRef | undefined {
  const name = ctx.kind?.typeName;
  return name && lookupType(name) ? { kind: 'object', name } : undefined;
}

function newState(mode: 'apply' | 'patch', where: string): RenderState {
  return { mode, where, violations: [], setPaths: [], usesParams: false };
}

function needsKind(ctx: MutationContext, what: string): Violation {
  return {
    checkId: 'admission/mutation-kind',
    field: ctx.where,
    problem: `${what} needs the policy to match exactly one kind whose 1.36 schema is known, so the expression can be typed`,
    got: ctx.kind ? `${ctx.kind.apiVersion} ${ctx.kind.kind}` : 'several kinds, a wildcard or an unknown resource',
    fix: 'Match one kind with a ResourceRule helper (e.g. ResourceRule.pods()), or write the expression yourself with Mutation.applyConfigurationExpression / Mutation.jsonPatchExpression',
  };
}

/** @internal Pod spec access for presets: CEL access, JSON pointer and type path. */
export interface PodSpecPath {
  readonly path: string[];
  /** CEL: `object.spec` or `object.spec.template.spec`. */
  readonly cel: string;
  /** JSON pointer: `/spec` or `/spec/template/spec`. */
  readonly pointer: string;
  /** Type name prefix: `Object.spec`. */
  readonly type: string;
}

function podSpec(ctx: MutationContext, what: string): PodSpecPath | Violation {
  const path = ctx.kind ? POD_SPEC_PATHS[ctx.kind.kind] : undefined;
  if (!ctx.kind || !path || !rootRef(ctx)) {
    return {
      ...needsKind(ctx, what),
      problem: `${what} needs the policy to match exactly one kind that carries a pod spec (and whose 1.36 schema is known)`,
      allowed: Object.keys(POD_SPEC_PATHS).join(', '),
      fix: 'Match pods or one workload kind, e.g. rules: [ResourceRule.pods()]',
    };
  }
  return { path, cel: ['object', ...path].join('.'), pointer: '/' + path.join('/'), type: ['Object', ...path].join('.') };
}

function isViolation(x: unknown): x is Violation {
  return typeof x === 'object' && x !== null && 'checkId' in x && 'problem' in x;
}

function failed(v: Violation[]): RenderedMutation {
  return { mutations: [], matchConditions: [], violations: v, usesParams: false };
}

function apply(expression: string): any {
  return { patchType: 'ApplyConfiguration', applyConfiguration: { expression } };
}

function jsonPatch(expression: string): any {
  return { patchType: 'JSONPatch', jsonPatch: { expression } };
}

// ---------------------------------------------------------------------------------------
// JSONPatch operations

/** Resolves a JSON pointer (as segments) against the schema: the value type and the type path. */
interface ResolvedPointer {
  readonly type?: SchemaTypeRef;
  readonly typePath: string[];
}

function resolvePointer(root: SchemaTypeRef, segments: readonly string[], field: string, out: Violation[]): ResolvedPointer {
  let t: SchemaTypeRef | undefined = root;
  const typePath: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!t) break;
    if (t.kind === 'object') {
      const ot = lookupType(t.name);
      const f = ot?.fields[seg];
      if (!ot) return { typePath };
      if (!f) {
        const hint = closest(seg, Object.keys(ot.fields));
        out.push({
          checkId: 'admission/json-patch-path',
          field,
          problem: `/${segments.slice(0, i + 1).join('/')} is not a field path of the object in Kubernetes 1.36`,
          got: renderValue(seg),
          fix: hint ? `Write ${JSON.stringify(hint)} (closest known field)` : 'Fix the path',
        });
        return { typePath };
      }
      typePath.push(seg);
      t = f.type;
    } else if (t.kind === 'array') {
      if (seg !== '-' && !/^(0|[1-9][0-9]*)$/.test(seg)) {
        out.push({ checkId: 'admission/json-patch-path', field, problem: `segment ${JSON.stringify(seg)} indexes a list and must be a number or "-" (append)`, got: renderValue(segments.join('/')) });
        return { typePath };
      }
      if (seg === '-' && i !== segments.length - 1) {
        out.push({ checkId: 'admission/json-patch-path', field, problem: '"-" (append) may only be the last segment', got: renderValue(segments.join('/')) });
      }
      t = t.items;
    } else if (t.kind === 'map') {
      t = t.values;
    } else if (t.kind === 'any') {
      return { type: t, typePath };
    } else {
      out.push({ checkId: 'admission/json-patch-path', field, problem: `/${segments.slice(0, i).join('/')} is a ${t.kind} and has no children`, got: renderValue(segments.join('/')) });
      return { typePath };
    }
  }
  return { type: t, typePath };
}

/** @internal Renders JSON pointer segments as a CEL string, escaping keys with `/` or `~` via jsonpatch.escapeKey. */
export function renderPointer(segments: readonly string[]): string {
  const parts: string[] = [];
  let constant = '';
  for (const seg of segments) {
    if (/[/~]/.test(seg)) {
      parts.push(celString(constant + '/'));
      parts.push(`jsonpatch.escapeKey(${celString(seg)})`);
      constant = '';
    } else {
      constant += '/' + seg;
    }
  }
  if (constant || parts.length === 0) parts.push(celString(constant));
  return parts.join(' + ');
}

/**
 * One JSON Patch operation (RFC 6902) of a JSONPatch mutation. Paths are given as segments
 * (`['metadata', 'annotations', 'example.com/team']`); keys containing `/` or `~` are escaped
 * with `jsonpatch.escapeKey` in the rendered CEL. Values are typed against the matched kind's
 * schema, like {@link Mutation.applyConfiguration}, and may hold atomic fields.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/#patch-type-json-patch
 */
export class PatchOperation {
  /** Adds `value` at `path` (use `-` as last segment to append to a list). */
  public static add(path: string[], value: any): PatchOperation { return new PatchOperation('add', path, undefined, value, true); }
  /** Replaces the value at `path`. */
  public static replace(path: string[], value: any): PatchOperation { return new PatchOperation('replace', path, undefined, value, true); }
  /** Removes the value at `path`. */
  public static remove(path: string[]): PatchOperation { return new PatchOperation('remove', path, undefined, undefined, false); }
  /** Copies the value at `fromPath` to `path`. */
  public static copy(fromPath: string[], path: string[]): PatchOperation { return new PatchOperation('copy', path, fromPath, undefined, false); }
  /** Moves the value at `fromPath` to `path`. */
  public static move(fromPath: string[], path: string[]): PatchOperation { return new PatchOperation('move', path, fromPath, undefined, false); }
  /** Fails the patch (and the mutation) unless the value at `path` equals `value`. */
  public static test(path: string[], value: any): PatchOperation { return new PatchOperation('test', path, undefined, value, true); }

  /** The operation name (`add`, `replace`, ...). */
  public readonly op: string;
  /** Target path segments. */
  public readonly path: string[];
  /** Source path segments (copy, move), rendered as the operation's `from`. */
  public readonly fromPath?: string[];

  private readonly value: unknown;
  private readonly hasValue: boolean;

  private constructor(op: string, path: string[], from: string[] | undefined, value: unknown, hasValue: boolean) {
    this.op = op;
    this.path = [...(path ?? [])];
    this.fromPath = from ? [...from] : undefined;
    this.value = value;
    this.hasValue = hasValue;
  }

  /** @internal */
  public _render(ctx: MutationContext, field: string, st: RenderState): string {
    const root = rootRef(ctx);
    if (!Array.isArray(this.path) || this.path.length === 0 || this.path.some((s) => typeof s !== 'string' || s === '')) {
      st.violations.push({ checkId: 'admission/json-patch-path', field: `${field}.path`, problem: 'must be one or more non-empty segments', got: renderValue(this.path), fix: 'e.g. PatchOperation.add(["metadata", "labels", "team"], "web")' });
      return '';
    }
    const fields = [`op: ${celString(this.op)}`];
    let valueType: SchemaTypeRef | undefined;
    let typePath: string[] = [];
    if (root) {
      const r = resolvePointer(root, this.path, `${field}.path`, st.violations);
      valueType = r.type;
      typePath = r.typePath;
      if (this.fromPath) resolvePointer(root, this.fromPath, `${field}.from`, st.violations);
      if ((this.op === 'add' || this.op === 'replace') && valueType?.kind === 'array' && valueType.listType === 'map') {
        st.violations.push({
          checkId: 'admission/json-patch-list-replace',
          field: `${field}.path`,
          problem: `${this.op} of the whole list /${this.path.join('/')} replaces every entry already there (e.g. the pod's own containers)`,
          got: renderValue(this.path),
          allowed: 'one entry: a path ending in "-" (append) or an index',
          fix: `Use PatchOperation.add([${this.path.map((p) => JSON.stringify(p)).join(', ')}, "-"], entry), or Mutation.applyConfiguration (entries merge by ${valueType.mapKeys?.join('+') ?? 'key'})`,
        });
      }
    }
    if (this.fromPath) fields.push(`from: ${renderPointer(this.fromPath)}`);
    fields.push(`path: ${renderPointer(this.path)}`);
    if (this.op !== 'test' && this.op !== 'copy' && this.op !== 'remove') st.setPaths.push(typePath.length ? typePath : [...this.path]);
    if (this.op === 'remove' || this.op === 'move') st.setPaths.push(typePath.length ? typePath : [...this.path]);
    if (this.hasValue) {
      const v = valueType
        ? renderTyped(this.value, valueType, typePath, `${field}.value`, st)
        : dynamicLiteral(this.value, st, `${field}.value`);
      fields.push(`value: ${v}`);
    }
    return `JSONPatch{${fields.join(', ')}}`;
  }
}

// ---------------------------------------------------------------------------------------
// Presets' props

/** Quantities for cpu and memory; constants (`CelValue.quantity('100m')`) or CEL (e.g. from params). */
export interface ResourceValues {
  /**
   * CPU quantity.
   * @default - not set
   */
  readonly cpu?: CelValue;
  /**
   * Memory quantity.
   * @default - not set
   */
  readonly memory?: CelValue;
}

/** A native sidecar to inject. */
export interface SidecarProps {
  /** Container name (also the key that makes injection idempotent). */
  readonly name: string;
  /** Container image (pin a tag or digest). */
  readonly image: string;
  /**
   * TCP ports the sidecar listens on.
   * @default - none
   */
  readonly ports?: number[];
  /**
   * Command (atomic field: injected through JSONPatch, which the preset always uses).
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default - the image's default arguments
   */
  readonly args?: string[];
  /**
   * Literal environment variables.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Resource requests.
   * @default - none
   */
  readonly requests?: ResourceValues;
  /**
   * Resource limits.
   * @default - none
   */
  readonly limits?: ResourceValues;
}

/** Default requests and limits for containers that lack them. */
export interface DefaultResourcesProps {
  /**
   * Requests to add where a container has neither a request nor a limit for the resource
   * (with only a limit, Kubernetes already defaults the request to the limit).
   * @default - no requests added
   */
  readonly requests?: ResourceValues;
  /**
   * Limits to add where a container has no limit for the resource and its request (if any) is
   * not above the limit.
   * @default - no limits added
   */
  readonly limits?: ResourceValues;
  /**
   * Also default init containers (including native sidecars).
   * @default true
   */
  readonly includeInitContainers?: boolean;
}

/** Opt-outs of {@link Mutation.hardenPods}; each takes the reason, recorded on the policy. */
export interface HardenPodsProps {
  /**
   * Do not set `hostUsers: false` (user namespaces); give the reason.
   * @default - pods get their own user namespace unless they use host namespaces
   */
  readonly hostUsersOptOutReason?: string;
  /**
   * Do not set `readOnlyRootFilesystem: true`; give the reason.
   * @default - containers get a read-only root filesystem
   */
  readonly readOnlyRootFilesystemOptOutReason?: string;
  /**
   * Also harden init containers (including native sidecars).
   * @default true
   */
  readonly includeInitContainers?: boolean;
}

// ---------------------------------------------------------------------------------------

function renderedFrom(st: RenderState, mutations: any[], matchConditions: MatchCondition[] = [], setPaths?: string[][]): RenderedMutation {
  return { mutations, matchConditions, setPaths: setPaths ?? st.setPaths, violations: st.violations, usesParams: st.usesParams };
}

/** Constant request must not exceed constant limit (the pod would be invalid). */
function checkRequestWithinLimit(where: string, requests: ResourceValues | undefined, limits: ResourceValues | undefined, out: Violation[]): void {
  for (const key of ['cpu', 'memory'] as const) {
    const r = requests?.[key]?.constant;
    const l = limits?.[key]?.constant;
    if (r === undefined || l === undefined) continue;
    const rq = parseQuantity(r);
    const lq = parseQuantity(l);
    if (rq !== undefined && lq !== undefined && rq > lq) {
      out.push({
        checkId: 'admission/preset',
        field: `${where}.requests.${key}`,
        problem: `must be less than or equal to the ${key} limit`,
        got: `${r} > ${l}`,
        fix: 'Lower the request or raise the limit',
      });
    }
  }
}

/** @internal Annotation key prefix that records an opt-out and its reason on the policy. */
export const OPT_OUT_PREFIX = 'haru.cdk8s.io/opt-out.';

const HARDENED_CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * A change a {@link MutatingPolicy} makes to matching objects. Every factory renders CEL that
 * is parsed and type-checked at synth against the 1.36 schema of the policy's matched kind.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/
 */
export class Mutation {
  /**
   * An ApplyConfiguration (server-side apply merge) from a typed object literal, e.g.
   * `{ metadata: { labels: { team: 'web' } } }`. Struct fields render as
   * `Object.<path>{...}`, maps as CEL maps, list-map entries (containers, env, ports...) are
   * merged by their key; strings are always CEL string literals, a {@link CelValue} is raw CEL.
   * Atomic lists, maps and structs (e.g. `args`, `command`, `capabilities.drop`) are refused:
   * set them with {@link Mutation.jsonPatch}.
   */
  public static applyConfiguration(patch: any): Mutation {
    return new Mutation('applyConfiguration', (ctx) => {
      const st = newState('apply', ctx.where);
      const root = rootRef(ctx);
      if (!root) return failed([needsKind(ctx, 'A typed ApplyConfiguration')]);
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch) || isCelValue(patch)) {
        return failed([{ checkId: 'admission/typed-literal', field: ctx.where, problem: 'must be an object literal describing the fields to set', got: renderValue(patch) }]);
      }
      const expr = renderTyped(patch, root, [], ctx.where, st);
      return renderedFrom(st, [apply(expr)]);
    });
  }

  /**
   * A JSONPatch mutation from typed operations, applied in order. Use it for atomic fields and
   * for removing fields.
   */
  public static jsonPatch(operations: PatchOperation[]): Mutation {
    return new Mutation('jsonPatch', (ctx) => {
      const st = newState('patch', ctx.where);
      if (!Array.isArray(operations) || operations.length === 0) {
        return failed([{ checkId: 'admission/mutations', field: ctx.where, problem: 'a JSONPatch mutation needs at least one operation', got: renderValue(operations) }]);
      }
      const ops = operations.map((op, i) => op._render(ctx, `${ctx.where}.operations[${i}]`, st));
      return renderedFrom(st, [jsonPatch(`[${ops.join(', ')}]`)]);
    });
  }

  /** A hand-written ApplyConfiguration expression (must return `Object{...}`); still checked at synth. */
  public static applyConfigurationExpression(expression: string): Mutation {
    return new Mutation('applyConfigurationExpression', () => {
      let paths: string[][] | undefined;
      try {
        paths = applyConfigurationFieldPaths(String(expression ?? ''));
      } catch {
        paths = undefined;
      }
      return { mutations: [apply(expression)], matchConditions: [], setPaths: paths, violations: [], usesParams: /\bparams\b/.test(String(expression)) };
    });
  }

  /** A hand-written JSONPatch expression (must return `list(JSONPatch)`); still checked at synth. */
  public static jsonPatchExpression(expression: string): Mutation {
    return new Mutation('jsonPatchExpression', () => {
      const text = String(expression ?? '');
      const paths = [...text.matchAll(/path\s*:\s*"(\/[^"]*)"/g)].map((m) => m[1].split('/').slice(1).filter((s) => s !== '-' && !/^\d+$/.test(s)));
      return { mutations: [jsonPatch(expression)], matchConditions: [], setPaths: paths, violations: [], usesParams: /\bparams\b/.test(text) };
    });
  }

  /**
   * Injects a native sidecar: an init container with `restartPolicy: Always`, inserted first
   * in `initContainers` (so later init containers can use it) with a JSONPatch `add` — the
   * pod's other containers are not touched. The sidecar runs hardened (non-root, no privilege
   * escalation, read-only root filesystem, all capabilities dropped, seccomp RuntimeDefault).
   * Pods that already have a container of that name are skipped by a match condition and by a
   * guard inside the expression, so reinvocation is a no-op.
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   */
  public static injectSidecar(props: SidecarProps): Mutation {
    return new Mutation('injectSidecar', (ctx) => {
      const ps = podSpec(ctx, 'injectSidecar');
      if (isViolation(ps)) return failed([ps]);
      const st = newState('patch', ctx.where);
      const name = props?.name;
      const nameProblem = checkDns1123Label(`${ctx.where}.name`, name);
      if (nameProblem) return failed([{ ...nameProblem, checkId: 'admission/preset', problem: `${nameProblem.problem} (container name)` }]);
      if (typeof props.image !== 'string' || props.image.trim() === '') {
        return failed([{ checkId: 'admission/preset', field: `${ctx.where}.image`, problem: 'must be a container image reference', got: renderValue(props.image) }]);
      }
      const container: Record<string, unknown> = { name, image: props.image, restartPolicy: 'Always' };
      if (props.command && props.command.length) container.command = [...props.command];
      if (props.args && props.args.length) container.args = [...props.args];
      if (props.env && Object.keys(props.env).length) container.env = Object.entries(props.env).map(([n, value]) => ({ name: n, value }));
      if (props.ports && props.ports.length) {
        for (const p of props.ports) {
          if (!Number.isInteger(p) || p < 1 || p > 65535) {
            st.violations.push({ checkId: 'admission/preset', field: `${ctx.where}.ports`, problem: 'must be port numbers between 1 and 65535', got: renderValue(p) });
          }
        }
        container.ports = props.ports.map((p) => ({ containerPort: p, protocol: 'TCP' }));
      }
      const resources: Record<string, unknown> = {};
      for (const section of ['requests', 'limits'] as const) {
        const vals = props[section];
        if (!vals) continue;
        const m: Record<string, unknown> = {};
        if (vals.cpu) m.cpu = vals.cpu;
        if (vals.memory) m.memory = vals.memory;
        if (Object.keys(m).length) resources[section] = m;
      }
      checkRequestWithinLimit(ctx.where, props.requests, props.limits, st.violations);
      if (Object.keys(resources).length) container.resources = resources;
      container.securityContext = HARDENED_CONTAINER_SECURITY;

      const listField = resolveListItem(ctx, ps, 'initContainers');
      if (!listField) return failed([needsKind(ctx, 'injectSidecar')]);
      const value = renderTyped(container, listField, [...ps.path, 'initContainers'], `${ctx.where}.sidecar`, st);
      const n = celString(name);
      const present = `(has(${ps.cel}.initContainers) && ${ps.cel}.initContainers.exists(c, c.name == ${n})) || ${ps.cel}.containers.exists(c, c.name == ${n})`;
      const expr = [
        `${present}`,
        '  ? []',
        `  : has(${ps.cel}.initContainers)`,
        `    ? [JSONPatch{op: "add", path: ${celString(ps.pointer + '/initContainers/0')}, value: ${value}}]`,
        `    : [JSONPatch{op: "add", path: ${celString(ps.pointer + '/initContainers')}, value: [${value}]}]`,
      ].join('\n');
      const guard: MatchCondition = { name: `skip-when-${name}-present`.slice(0, 63).replace(/[^A-Za-z0-9]+$/, ''), expression: `!(${present})` };
      return renderedFrom(st, [jsonPatch(expr)], [guard], [[...ps.path, 'initContainers']]);
    });
  }

  /**
   * Adds cpu/memory requests and limits to each container that lacks them, leaving every value
   * a container already has alone. One ApplyConfiguration per resource, list and section,
   * requests first: a request is added only where neither a request nor a limit exists; a
   * limit only where no limit exists and the container's request is not above it. Entries
   * merge by container name, and a second run finds nothing missing (a no-op).
   *
   * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
   */
  public static defaultResources(props: DefaultResourcesProps): Mutation {
    return new Mutation('defaultResources', (ctx) => {
      const ps = podSpec(ctx, 'defaultResources');
      if (isViolation(ps)) return failed([ps]);
      const st = newState('apply', ctx.where);
      const lists = props?.includeInitContainers === false ? ['containers'] : ['containers', 'initContainers'];
      checkRequestWithinLimit(ctx.where, props?.requests, props?.limits, st.violations);
      const muts: any[] = [];
      const setPaths: string[][] = [];
      for (const section of ['requests', 'limits'] as const) {
        const vals = props?.[section];
        for (const key of ['cpu', 'memory'] as const) {
          const v = vals?.[key];
          if (v === undefined) continue;
          if (!isCelValue(v)) {
            st.violations.push({ checkId: 'admission/preset', field: `${ctx.where}.${section}.${key}`, problem: 'must be a CelValue (e.g. CelValue.quantity("2"))', got: renderValue(v) });
            continue;
          }
          if (v.usesParams) st.usesParams = true;
          const k = celString(key);
          for (const list of lists) {
            const L = `${ps.cel}.${list}`;
            const T = `${ps.type}.${list}`;
            const hasReq = `(has(c.resources) && has(c.resources.requests) && ${k} in c.resources.requests)`;
            const hasLim = `(has(c.resources) && has(c.resources.limits) && ${k} in c.resources.limits)`;
            const needs = section === 'requests'
              ? `!${hasReq} && !${hasLim}`
              : `!${hasLim} && (!${hasReq} || !quantity(${v.source}).isLessThan(quantity(c.resources.requests[${k}])))`;
            const entry = `${T}{name: c.name, resources: ${T}.resources{${section}: {${k}: ${v.source}}}}`;
            const inner = `${ps.type}{${list}: ${L}.filter(c, ${needs}).map(c, ${entry})}`;
            const expr = [
              `${list === 'containers' ? '' : `has(${L}) && `}${L}.exists(c, ${needs})`,
              `  ? ${wrapObject(ps.path, inner)}`,
              '  : Object{}',
            ].join('\n');
            muts.push(apply(expr));
            setPaths.push([...ps.path, list, 'resources', section]);
          }
        }
      }
      if (muts.length === 0) {
        return failed([{ checkId: 'admission/preset', field: ctx.where, problem: 'defaultResources needs at least one request or limit', fix: 'Set requests and/or limits, e.g. {limits: {cpu: CelValue.quantity("2")}}' }]);
      }
      return renderedFrom(st, muts, [], setPaths);
    });
  }

  /**
   * Hardens pods the way HardenedPod does, filling in every setting the pod leaves unset and
   * never overriding a value the pod states explicitly (explicit weakening is for validation,
   * e.g. Pod Security Admission, to reject): `hostUsers: false` (unless the pod uses host
   * namespaces), pod `runAsNonRoot: true`, seccomp and AppArmor `RuntimeDefault`, and per
   * container `allowPrivilegeEscalation: false` (unless privileged or adding SYS_ADMIN),
   * `readOnlyRootFilesystem: true` and `capabilities.drop: ["ALL"]`. Scalars and profiles go
   * through ApplyConfiguration; `hostUsers` and the atomic `capabilities.drop` through JSONPatch.
   * Windows pods are left alone. Pod specs are immutable on update, so match CREATE only
   * (the default) when the policy matches pods.
   *
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  public static hardenPods(props: HardenPodsProps = {}): Mutation {
    return new Mutation('hardenPods', (ctx) => {
      const ps = podSpec(ctx, 'hardenPods');
      if (isViolation(ps)) return failed([ps]);
      const st = newState('apply', ctx.where);
      const P = ps.cel;
      const T = ps.type;
      const windows = `(has(${P}.os) && ${P}.os.name == "windows")`;
      const muts: any[] = [];
      const setPaths: string[][] = [];
      const keep = (obj: string, f: string, dflt: string) => `has(${obj}) && has(${obj}.${f}) ? ${obj}.${f} : ${dflt}`;
      const profile = (f: string) => `${T}.securityContext.${f}{type: has(${P}.securityContext) && has(${P}.securityContext.${f}) ? ${P}.securityContext.${f}.type : "RuntimeDefault"}`;

      // Pod-level security context (granular struct and scalars).
      const podSc = `${T}.securityContext{runAsNonRoot: ${keep(`${P}.securityContext`, 'runAsNonRoot', 'true')}, seccompProfile: ${profile('seccompProfile')}, appArmorProfile: ${profile('appArmorProfile')}}`;
      muts.push(apply(`${windows}\n  ? Object{}\n  : ${wrapObject(ps.path, `${T}{securityContext: ${podSc}}`)}`));
      setPaths.push([...ps.path, 'securityContext', 'runAsNonRoot'], [...ps.path, 'securityContext', 'seccompProfile', 'type'], [...ps.path, 'securityContext', 'appArmorProfile', 'type']);

      const lists = props.includeInitContainers === false ? ['containers'] : ['containers', 'initContainers'];
      const readOnly = props.readOnlyRootFilesystemOptOutReason === undefined;
      for (const list of lists) {
        const L = `${P}.${list}`;
        const LT = `${T}.${list}`;
        const sc = 'c.securityContext';
        const escalates = `(has(${sc}) && ((has(${sc}.privileged) && ${sc}.privileged) || (has(${sc}.capabilities) && has(${sc}.capabilities.add) && ("SYS_ADMIN" in ${sc}.capabilities.add || "CAP_SYS_ADMIN" in ${sc}.capabilities.add))))`;
        const fields = [`allowPrivilegeEscalation: ${keep(sc, 'allowPrivilegeEscalation', escalates)}`];
        if (readOnly) fields.push(`readOnlyRootFilesystem: ${keep(sc, 'readOnlyRootFilesystem', 'true')}`);
        const entry = `${LT}{name: c.name, securityContext: ${LT}.securityContext{${fields.join(', ')}}}`;
        const inner = `${T}{${list}: ${L}.map(c, ${entry})}`;
        const cond = list === 'containers' ? windows : `${windows} || !has(${L})`;
        muts.push(apply(`${cond}\n  ? Object{}\n  : ${wrapObject(ps.path, inner)}`));
        setPaths.push([...ps.path, list, 'securityContext', 'allowPrivilegeEscalation']);
        if (readOnly) setPaths.push([...ps.path, list, 'securityContext', 'readOnlyRootFilesystem']);
      }

      // JSONPatch: hostUsers (conditional add) and the atomic capabilities.drop.
      const patches: string[] = [];
      if (props.hostUsersOptOutReason === undefined) {
        const hostNs = ['hostNetwork', 'hostPID', 'hostIPC'].map((f) => `(has(${P}.${f}) && ${P}.${f})`).join(' || ');
        patches.push(`(!has(${P}.hostUsers) && !(${hostNs}) ? [JSONPatch{op: "add", path: ${celString(ps.pointer + '/hostUsers')}, value: false}] : [])`);
        setPaths.push([...ps.path, 'hostUsers']);
      }
      for (const list of lists) {
        const L = `${P}.${list}`;
        const LT = `${T}.${list}`;
        const c = 'c';
        const base = `${celString(`${ps.pointer}/${list}/`)} + string(i) + "/securityContext`;
        const dropsAll = `(has(${c}.securityContext) && has(${c}.securityContext.capabilities) && has(${c}.securityContext.capabilities.drop) && "ALL" in ${c}.securityContext.capabilities.drop)`;
        const op = [
          `!has(${c}.securityContext) ? JSONPatch{op: "add", path: ${base}", value: ${LT}.securityContext{capabilities: ${LT}.securityContext.capabilities{drop: ["ALL"]}}}`,
          `: !has(${c}.securityContext.capabilities) ? JSONPatch{op: "add", path: ${base}/capabilities", value: ${LT}.securityContext.capabilities{drop: ["ALL"]}}`,
          `: !has(${c}.securityContext.capabilities.drop) ? JSONPatch{op: "add", path: ${base}/capabilities/drop", value: ["ALL"]}`,
          `: JSONPatch{op: "add", path: ${base}/capabilities/drop/-", value: "ALL"}`,
        ].join('\n      ');
        // A one-element comprehension names the indexed container c, so has() tests its
        // fields directly (cel.bind exists only in DRA device selectors).
        const one = `lists.range(size(${L})).filter(i, [${L}[i]].exists(c, !${dropsAll})).map(i, [${L}[i]].map(c,\n      ${op})[0])`;
        patches.push(list === 'containers' ? one : `(has(${L}) ? ${one} : [])`);
        setPaths.push([...ps.path, list, 'securityContext', 'capabilities', 'drop']);
      }
      muts.push(jsonPatch(`${windows}\n  ? []\n  : ${patches.join('\n  + ')}`));
      const annotations: Record<string, string> = {};
      for (const [key, reason] of [['host-users', props.hostUsersOptOutReason], ['read-only-root-filesystem', props.readOnlyRootFilesystemOptOutReason]] as const) {
        if (reason === undefined) continue;
        if (typeof reason !== 'string' || reason.trim() === '') {
          st.violations.push({ checkId: 'admission/preset', field: `${ctx.where}.${key}`, problem: 'an opt-out needs a reason', got: renderValue(reason), fix: 'Say why this pod hardening is relaxed' });
        }
        annotations[`${OPT_OUT_PREFIX}${key}`] = String(reason);
      }
      return { ...renderedFrom(st, muts, [], setPaths), annotations };
    });
  }

  /** Sets labels on the matched objects (ApplyConfiguration on the granular labels map). */
  public static addLabels(labels: { [key: string]: string }): Mutation {
    return Mutation.metadataMap('labels', labels);
  }

  /** Sets annotations on the matched objects (ApplyConfiguration on the granular annotations map). */
  public static addAnnotations(annotations: { [key: string]: string }): Mutation {
    return Mutation.metadataMap('annotations', annotations);
  }

  private static metadataMap(which: 'labels' | 'annotations', entries: { [key: string]: string }): Mutation {
    const inner = Mutation.applyConfiguration({ metadata: { [which]: { ...(entries ?? {}) } } });
    return new Mutation(which === 'labels' ? 'addLabels' : 'addAnnotations', (ctx) => {
      const problems: Violation[] = [];
      const list = Object.entries(entries ?? {});
      if (list.length === 0) problems.push({ checkId: 'admission/preset', field: `${ctx.where}.${which}`, problem: 'needs at least one entry', got: '{}', fix: `Pass at least one ${which === 'labels' ? 'label' : 'annotation'}, or remove the mutation` });
      for (const [k, v] of list) {
        const kp = checkLabelKey(`${ctx.where}.${which}`, k);
        if (kp) problems.push({ ...kp, checkId: 'admission/preset' });
        if (which === 'labels') {
          const vp = checkLabelValue(`${ctx.where}.labels[${JSON.stringify(k)}]`, v);
          if (vp) problems.push({ ...vp, checkId: 'admission/preset' });
        } else if (typeof v !== 'string') {
          problems.push({ checkId: 'admission/preset', field: `${ctx.where}.annotations[${JSON.stringify(k)}]`, problem: 'must be a string', got: renderValue(v), fix: 'Quote numbers and booleans, e.g. "true"' });
        }
      }
      if (problems.length) return failed(problems);
      return inner._render(ctx);
    });
  }

  /** The factory that made this mutation (for messages and documentation). */
  public readonly factory: string;
  private readonly renderer: Renderer;

  private constructor(kind: string, renderer: Renderer) {
    this.factory = kind;
    this.renderer = renderer;
  }

  /** @internal */
  public _render(ctx: MutationContext): RenderedMutation {
    try {
      return this.renderer(ctx);
    } catch (e) {
      if (e instanceof Error && e.name === 'HaruValidationError') throw e;
      return failed([{ checkId: 'admission/mutation', field: ctx.where, problem: `could not be rendered: ${(e as Error)?.message ?? String(e)}` }]);
    }
  }
}

function resolveListItem(ctx: MutationContext, ps: PodSpecPath, list: string): SchemaTypeRef | undefined {
  const root = rootRef(ctx);
  if (!root) return undefined;
  const r = resolvePointer(root, [...ps.path, list, '0'], ctx.where, []);
  return r.type;
}
