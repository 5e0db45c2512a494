import { renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkLabelKey, checkLabelValue, parseQuantity } from '../base/validators';
import { lookupType } from '../schema';
import type { SchemaTypeRef } from '../schema';
import { celString, CelValue, isCelValue } from './cel-value';
import type { MatchCondition } from './match';
import { closest, dynamicLiteral, renderTyped, RenderState, wrapObject } from './render';
import { applyConfigurationFieldPaths } from '../cel';
import type { MatchedKind } from '../check/admission';
import type { VolumeMount } from '../pod/container';
import { DEFAULT_ID } from '../pod/harden';
import { Volume } from '../pod/volume';
import { ProfileSetting } from '../profile/profile';
import type { ProfileView } from '../profile/resolve';
import { AppArmorProfile, RunAs, SeccompProfile } from '../values/pod';

/** @internal What a mutation needs to know about its policy to render. */
export interface MutationContext {
  /** The single kind the policy matches, when there is one. */
  readonly kind?: MatchedKind;
  /** Input path for messages, e.g. `mutations[1]`. */
  readonly where: string;
  /** The HardeningProfiles above the policy (defaults and locks). */
  readonly profile?: ProfileView;
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

/** @internal Where the pod spec lives in each kind the presets (mutating and validating) support. */
export const POD_SPEC_PATHS: Record<string, string[]> = {
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
  public _render(ctx: MutationContext, field: string, st: RenderState, ensured: Set<string> = new Set()): string {
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
    const plain = `JSONPatch{${fields.join(', ')}}`;
    if (this.op !== 'add' || !root) return plain;
    return this.renderCreatingParents(root, plain, field, st, ensured);
  }

  /**
   * An `add` fails on the API server when a parent of the path is missing ("doc is missing
   * path"), e.g. an annotation on an object without annotations. Renders a conditional list
   * that adds the outermost missing parent with the value nested inside it, or the operation
   * itself when every parent exists. Parents that an earlier `add` of the same mutation goes
   * through are known to exist by then and are not tested again.
   */
  private renderCreatingParents(root: SchemaTypeRef, plain: string, field: string, st: RenderState, ensured: Set<string>): string {
    const branches: string[] = [];
    let access = 'object';
    let lastIndex = -1;
    this.path.slice(0, -1).forEach((seg, i) => { if (/^(0|[1-9][0-9]*)$/.test(seg)) lastIndex = i; });
    for (let i = 0; i < this.path.length - 1; i++) {
      const seg = this.path[i];
      const pointer = '/' + this.path.slice(0, i + 1).join('/');
      const isIndex = seg === '-' || /^(0|[1-9][0-9]*)$/.test(seg);
      const test = isIndex ? undefined : (IDENT_SEGMENT.test(seg) ? `!has(${access}.${seg})` : `!(${celString(seg)} in ${access})`);
      access = isIndex ? `${access}[${seg}]` : IDENT_SEGMENT.test(seg) ? `${access}.${seg}` : `${access}[${celString(seg)}]`;
      // Parents above a list index are known to exist when the index does (else the add fails anyway).
      // Every object the API server admits has metadata (it carries the name).
      if (!test || i < lastIndex || ensured.has(pointer) || pointer === '/metadata') continue;
      const parentPath = this.path.slice(0, i + 1);
      const parentType = resolvePointer(root, parentPath, `${field}.path`, []);
      if (!parentType.type) continue;
      let nested: unknown = this.value;
      for (let j = this.path.length - 1; j > i; j--) {
        const s = this.path[j];
        nested = s === '-' || /^(0|[1-9][0-9]*)$/.test(s) ? [nested] : { [s]: nested };
      }
      const quiet: RenderState = { ...st, violations: [], setPaths: [] };
      const value = renderTyped(nested, parentType.type, parentType.typePath, `${field}.value`, quiet);
      if (quiet.usesParams) st.usesParams = true;
      branches.push(`${test} ? [JSONPatch{op: "add", path: ${renderPointer(parentPath)}, value: ${value}}]`);
    }
    for (let i = 1; i <= this.path.length; i++) ensured.add('/' + this.path.slice(0, i).join('/'));
    if (branches.length === 0) return plain;
    return `(${branches.join(' : ')} : [${plain}])`;
  }
}

const IDENT_SEGMENT = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

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
  /**
   * Volumes the sidecar needs, added to the pod unless it already has a volume of that name
   * (so the pod's own volume of that name wins).
   * @default - none
   */
  readonly volumes?: Volume[];
  /**
   * Where the sidecar mounts volumes (of the pod, or from `volumes`).
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];
  /**
   * The user and group the sidecar runs as. Images whose user is root (e.g. the official
   * envoy image) need a numeric non-root UID here, or the kubelet refuses to start them
   * under `runAsNonRoot: true`.
   * @default - the nearest HardeningProfile's runAs, else RunAs.user(65532, 65532)
   */
  readonly runAs?: RunAs;
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

/** The constant limits of `values`, for comparing with locked resource ceilings. */
function constantLimits(values: ResourceValues | undefined): Record<string, string | undefined> {
  return { cpu: values?.cpu?.constant, memory: values?.memory?.constant };
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
      if (!root) return failed([needsKind(ctx, 'a typed ApplyConfiguration')]);
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
      const ensured = new Set<string>();
      const ops = operations.map((op, i) => op._render(ctx, `${ctx.where}.operations[${i}]`, st, ensured));
      // Plain operations stay in list literals; operations that create a missing parent are
      // conditional lists, concatenated in order.
      const parts: string[] = [];
      let run: string[] = [];
      for (const o of ops) {
        if (o.startsWith('(')) {
          if (run.length) parts.push(`[${run.join(', ')}]`);
          run = [];
          parts.push(o);
        } else {
          run.push(o);
        }
      }
      if (run.length || parts.length === 0) parts.push(`[${run.join(', ')}]`);
      return renderedFrom(st, [jsonPatch(parts.join(' + '))]);
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
      const volumes = props.volumes ?? [];
      const volumeNames = new Set<string>();
      volumes.forEach((v, i) => {
        if (!(v instanceof Volume)) {
          st.violations.push({ checkId: 'admission/preset', field: `${ctx.where}.volumes[${i}]`, problem: 'must be a Volume (use the Volume.* factories)', got: renderValue(v) });
        } else if (volumeNames.has(v.name)) {
          st.violations.push({ checkId: 'admission/preset', field: `${ctx.where}.volumes[${i}].name`, problem: 'must be unique among the sidecar\'s volumes', got: renderValue(v.name) });
        } else {
          volumeNames.add(v.name);
        }
      });
      const mounts = (props.volumeMounts ?? []).map((m, i) => {
        if (!m || typeof m.volume !== 'string' || typeof m.mountPath !== 'string' || !m.mountPath.startsWith('/')) {
          st.violations.push({ checkId: 'admission/preset', field: `${ctx.where}.volumeMounts[${i}]`, problem: 'must name a volume and an absolute mountPath', got: renderValue(m), fix: 'e.g. { volume: "envoy-config", mountPath: "/etc/envoy", readOnly: true }' });
          return undefined;
        }
        return { name: m.volume, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}), ...(m.subPath ? { subPath: m.subPath } : {}) };
      }).filter((m) => m !== undefined);
      if (mounts.length) container.volumeMounts = mounts;
      const runAs = props.runAs ?? ctx.profile?.value<RunAs>(ProfileSetting.RUN_AS) ?? RunAs.user(DEFAULT_ID, DEFAULT_ID);
      if (!(runAs instanceof RunAs) || runAs._mode === 'root') {
        st.violations.push({
          checkId: 'admission/preset',
          field: `${ctx.where}.runAs`,
          problem: 'must run the sidecar as a non-root user (the pod it joins may share the host user namespace)',
          got: runAs instanceof RunAs ? 'RunAs.rootInUserNamespace(...)' : renderValue(runAs),
          allowed: 'RunAs.user(uid, gid), RunAs.imageUser(optOut)',
          fix: 'Use RunAs.user(65532) (or the UID the image is built for)',
        });
      }
      const security: Record<string, unknown> = { ...HARDENED_CONTAINER_SECURITY };
      if (runAs instanceof RunAs && runAs._mode === 'user') {
        security.runAsUser = runAs._uid;
        security.runAsGroup = runAs._gid;
      }
      container.securityContext = security;
      if (ctx.profile) {
        st.violations.push(
          ...ctx.profile.locks(ProfileSetting.ALLOWED_REGISTRIES, [props.image], `${ctx.where}.image`),
          ...(props.runAs ? ctx.profile.locks(ProfileSetting.RUN_AS, props.runAs, `${ctx.where}.runAs`) : []),
          ...ctx.profile.locks(ProfileSetting.RESOURCE_CEILINGS, constantLimits(props.limits), `${ctx.where}.limits`),
        );
      }

      const listField = resolveListItem(ctx, ps, 'initContainers');
      if (!listField) return failed([needsKind(ctx, 'injectSidecar')]);
      const value = renderTyped(container, listField, [...ps.path, 'initContainers'], `${ctx.where}.sidecar`, st);
      const n = celString(name);
      const present = `(has(${ps.cel}.initContainers) && ${ps.cel}.initContainers.exists(c, c.name == ${n})) || ${ps.cel}.containers.exists(c, c.name == ${n})`;
      const lines = [
        `${present}`,
        '  ? []',
        `  : (has(${ps.cel}.initContainers)`,
        `    ? [JSONPatch{op: "add", path: ${celString(ps.pointer + '/initContainers/0')}, value: ${value}}]`,
        `    : [JSONPatch{op: "add", path: ${celString(ps.pointer + '/initContainers')}, value: [${value}]}])`,
      ];
      const setPaths = [[...ps.path, 'initContainers']];
      const typedVolumes = volumes.filter((v) => v instanceof Volume);
      if (typedVolumes.length) {
        const volType = resolveListItem(ctx, ps, 'volumes');
        if (!volType) return failed([needsKind(ctx, 'injectSidecar')]);
        const vol = (v: Volume, i: number) => renderTyped(v._toJson(), volType, [...ps.path, 'volumes'], `${ctx.where}.volumes[${i}]`, st);
        const each = typedVolumes.map((v, i) => `(${ps.cel}.volumes.exists(v, v.name == ${celString(v.name)}) ? [] : [JSONPatch{op: "add", path: ${celString(ps.pointer + '/volumes/-')}, value: ${vol(v, i)}}])`);
        lines.push(
          `    + (!has(${ps.cel}.volumes)`,
          `      ? [JSONPatch{op: "add", path: ${celString(ps.pointer + '/volumes')}, value: [${typedVolumes.map(vol).join(', ')}]}]`,
          `      : ${each.join('\n        + ')})`,
        );
        setPaths.push([...ps.path, 'volumes']);
      }
      const guard: MatchCondition = { name: `skip-when-${name}-present`.slice(0, 63).replace(/[^A-Za-z0-9]+$/, ''), expression: `!(${present})` };
      const rendered = renderedFrom(st, [jsonPatch(lines.join('\n'))], [guard], setPaths);
      return runAs instanceof RunAs && runAs._mode === 'image' && runAs._optOut
        ? { ...rendered, annotations: { [`${OPT_OUT_PREFIX}sidecar-image-user`]: runAs._optOut.reason } }
        : rendered;
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
      if (ctx.profile && props?.limits) st.violations.push(...ctx.profile.locks(ProfileSetting.RESOURCE_CEILINGS, constantLimits(props.limits), `${ctx.where}.limits`));
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
   * namespaces), pod `runAsNonRoot: true`, the seccomp and AppArmor profiles of the nearest
   * HardeningProfile (`RuntimeDefault` without one), and per
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
      // The pod's own profile type is kept; a pod without one gets the nearest HardeningProfile's
      // (so a locked Localhost profile holds), else RuntimeDefault.
      const defaults: Record<string, SeccompProfile | AppArmorProfile | undefined> = {
        seccompProfile: ctx.profile?.value<SeccompProfile>(ProfileSetting.SECCOMP_PROFILE),
        appArmorProfile: ctx.profile?.value<AppArmorProfile>(ProfileSetting.APP_ARMOR_PROFILE),
      };
      const profile = (f: string) => {
        const has = `has(${P}.securityContext) && has(${P}.securityContext.${f})`;
        const d = defaults[f]?._toJson();
        if (!d || (d.type === 'RuntimeDefault' && d.localhostProfile === undefined)) {
          return `${T}.securityContext.${f}{type: ${has} ? ${P}.securityContext.${f}.type : "RuntimeDefault"}`;
        }
        const fields = [`type: ${celString(d.type)}`, ...(d.localhostProfile !== undefined ? [`localhostProfile: ${celString(d.localhostProfile)}`] : [])];
        return `(${has} ? ${T}.securityContext.${f}{type: ${P}.securityContext.${f}.type} : ${T}.securityContext.${f}{${fields.join(', ')}})`;
      };

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
      if (list.length === 0) problems.push({ checkId: 'admission/preset', field: `${ctx.where}.${which}`, problem: 'needs at least one entry', got: '{}', allowed: `one or more ${which}`, fix: `Pass at least one ${which === 'labels' ? 'label' : 'annotation'}, or remove the mutation` });
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
      if (rootRef(ctx)) return inner._render(ctx);
      // Every kind has ObjectMeta with granular labels and annotations maps, so the same
      // ApplyConfiguration is valid whatever (and however many kinds) the policy matches.
      const map = list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${celString(k)}: ${celString(v)}`).join(', ');
      return {
        mutations: [apply(`Object{metadata: Object.metadata{${which}: {${map}}}}`)],
        matchConditions: [],
        setPaths: [['metadata', which]],
        violations: [],
        usesParams: false,
      };
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
