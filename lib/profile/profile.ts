import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkArguments } from '../base/arguments';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkLabelKey, checkLabelValue, parseQuantity } from '../base/validators';
import { FailurePolicy, WebhookFailurePolicy } from '../values/failure-policies';
import { GpuSharing } from '../values/gpu-sharing';
import { AppArmorProfile, ContainerResources, RunAs, SeccompProfile, UserNamespace } from '../values/pod';

/**
 * The settings a {@link HardeningProfile} carries; the enum value is the name of the
 * matching {@link HardeningProfileProps} field (and of the setting in error messages).
 */
export enum ProfileSetting {
  /** `allowedRegistries` (HardenedPod, WorkloadHardening). */
  ALLOWED_REGISTRIES = 'allowedRegistries',
  /** `runAs` (HardenedPod, WorkloadHardening). */
  RUN_AS = 'runAs',
  /** `userNamespace` (HardenedPod, WorkloadHardening, Mutation.hardenPods opt-out). */
  USER_NAMESPACE = 'userNamespace',
  /** `seccompProfile` (HardenedPod, WorkloadHardening). */
  SECCOMP_PROFILE = 'seccompProfile',
  /** `appArmorProfile` (HardenedPod, WorkloadHardening). */
  APP_ARMOR_PROFILE = 'appArmorProfile',
  /** `defaultResources` (HardenedPod, WorkloadHardening). */
  DEFAULT_RESOURCES = 'defaultResources',
  /** `resourceCeilings` (HardenedPod, WorkloadHardening). */
  RESOURCE_CEILINGS = 'resourceCeilings',
  /** `podLabels` (HardenedPod, WorkloadHardening). */
  POD_LABELS = 'podLabels',
  /** `excludeNamespaces` (MutatingPolicy). */
  EXCLUDE_NAMESPACES = 'excludeNamespaces',
  /** `admissionFailurePolicy` (MutatingPolicy). */
  ADMISSION_FAILURE_POLICY = 'admissionFailurePolicy',
  /** `gpuSharing` (GpuTimeSliceClaim). */
  GPU_SHARING = 'gpuSharing',
  /** `matchingPrecedenceRange` (ApfFlowSchema). */
  MATCHING_PRECEDENCE_RANGE = 'matchingPrecedenceRange',
  /** `webhookFailurePolicy` (webhook authorizers of AuthzConfig). */
  WEBHOOK_FAILURE_POLICY = 'webhookFailurePolicy',
  /** `webhookTimeout` (webhook authorizers of AuthzConfig). */
  WEBHOOK_TIMEOUT = 'webhookTimeout',
}

/** Upper bounds for every container's resource limits (Kubernetes quantities). */
export interface ResourceCeilings {
  /** Largest CPU limit a container may have. @default - no ceiling */
  readonly cpu?: string;
  /** Largest memory limit a container may have. @default - no ceiling */
  readonly memory?: string;
  /** Largest ephemeral-storage limit a container may have. @default - no ceiling */
  readonly ephemeralStorage?: string;
}

/**
 * An inclusive range of FlowSchema `matchingPrecedence` values (2..10000) that a platform
 * hands to a team, so its schemas cannot jump ahead of the platform's own.
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#flowschema
 */
export class PrecedenceRange {
  /** The values `min` to `max`, both included. */
  public static between(min: number, max: number): PrecedenceRange {
    for (const [field, n] of [['min', min], ['max', max]] as Array<[string, number]>) {
      if (!Number.isInteger(n) || n < 2 || n > 10000) {
        throw new HaruValidationError('PrecedenceRange.between', [{ checkId: 'profile/precedence-range', field, problem: 'must be an integer from 2 to 10000', got: renderValue(n), allowed: '2..10000', fix: 'Pick a range inside what FlowSchemas may use' }]);
      }
    }
    if (min > max) {
      throw new HaruValidationError('PrecedenceRange.between', [{ checkId: 'profile/precedence-range', field: 'min', problem: 'must not be greater than max', got: `${min} > ${max}`, fix: 'Swap the bounds' }]);
    }
    return new PrecedenceRange(min, max);
  }

  private constructor(
    /** Lowest allowed matchingPrecedence. */
    public readonly min: number,
    /** Highest allowed matchingPrecedence. */
    public readonly max: number,
  ) {}

  /** Whether `precedence` lies in the range. */
  public contains(precedence: number): boolean {
    return precedence >= this.min && precedence <= this.max;
  }
}

/**
 * House rules for a scope. Every field is optional: a field that is not set leaves the
 * setting to an outer profile, or to the library default.
 */
export interface HardeningProfileProps {
  /**
   * Image prefixes pods may pull from, e.g. `registry.example.com/`. A container whose
   * image starts with none of them is refused (a rule, not a default: no prop overrides it).
   * @default - images from any registry
   */
  readonly allowedRegistries?: string[];
  /**
   * User and group of pod processes, for pods that do not set `runAs`.
   * @default RunAs.user(65532, 65532)
   */
  readonly runAs?: RunAs;
  /**
   * User namespace of pods that do not set `userNamespace`. Locked to `UserNamespace.own()`,
   * it also refuses `Mutation.hardenPods({ hostUsersOptOutReason })` below.
   * @default UserNamespace.own()
   */
  readonly userNamespace?: UserNamespace;
  /**
   * Pod seccomp profile, for pods that do not set `seccompProfile`.
   * @default SeccompProfile.runtimeDefault()
   */
  readonly seccompProfile?: SeccompProfile;
  /**
   * Pod AppArmor profile, for pods that do not set `appArmorProfile`.
   * @default AppArmorProfile.runtimeDefault()
   */
  readonly appArmorProfile?: AppArmorProfile;
  /**
   * Requests and limits for containers that do not set them; merged field by field under
   * a pod's own `defaultResources`.
   * @default - cpu 100m/500m, memory 256Mi/256Mi, ephemeral-storage 128Mi/512Mi (request/limit)
   */
  readonly defaultResources?: ContainerResources;
  /**
   * Largest limit any container of a pod may end up with (a rule: a larger limit is refused).
   * @default - no ceilings
   */
  readonly resourceCeilings?: ResourceCeilings;
  /**
   * Labels put on every pod (HardenedPod) and on every hardened workload and its pod
   * template. Inner profiles add to outer ones; a pod's own label of the same key wins
   * unless the setting is locked.
   * @default - no labels
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Namespaces a MutatingPolicy leaves alone when it does not set `excludeNamespaces`.
   * Locked, a policy may exclude only namespaces from this list.
   * @default - none
   */
  readonly excludeNamespaces?: string[];
  /**
   * `failurePolicy` of MutatingPolicies that do not set one.
   * @default FailurePolicy.FAIL
   */
  readonly admissionFailurePolicy?: FailurePolicy;
  /**
   * Sharing of GpuTimeSliceClaims that do not set `sharing`.
   * @default - GpuSharing.exclusive() for per-pod claims, GpuSharing.timeSlicing(TimeSliceInterval.DEFAULT) for shared claims
   */
  readonly gpuSharing?: GpuSharing;
  /**
   * The `matchingPrecedence` values ApfFlowSchemas may use (a rule: a value outside is
   * refused). A schema without `matchingPrecedence` gets 1000 when the range holds it,
   * else the range's lower bound.
   * @default - any precedence the API server accepts; schemas default to 1000
   */
  readonly matchingPrecedenceRange?: PrecedenceRange;
  /**
   * `failurePolicy` of AuthzConfig webhook authorizers that do not set one.
   * @default WebhookFailurePolicy.NO_OPINION
   */
  readonly webhookFailurePolicy?: WebhookFailurePolicy;
  /**
   * `timeout` of AuthzConfig webhook authorizers that do not set one (at most 30s).
   * Locked, a webhook may only use a shorter or equal timeout.
   * @default Duration.seconds(3)
   */
  readonly webhookTimeout?: Duration;
  /**
   * Whether findings the API server accepts with a warning (deprecated annotations, a
   * shadowed FlowSchema, a 0 the server replaces with its default) fail synth in this
   * scope, like errors do. Otherwise they are left to the validation report.
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * Settings nothing below may weaken: not a construct prop, not an opt-out, not an inner
   * profile. Equality settings (runAs, userNamespace, profiles, defaultResources, failure
   * policies, gpuSharing) must stay exactly as set; ordered ones may only get stricter
   * (fewer registries, lower ceilings, a narrower range, fewer excluded namespaces, a
   * shorter webhook timeout, the same pod labels). A profile may lock only what it sets.
   * @default - nothing locked
   */
  readonly locked?: ProfileSetting[];
}

/** Where a scope keeps its profile (a global symbol, so two copies of the library agree). */
const PROFILE_OF_SCOPE = Symbol.for('cdk8s-haru.HardeningProfile');

/** Constructs of this library that have read the profiles above them (see profileFor). */
export const PROFILE_READERS = new WeakSet<IConstruct>();

/**
 * House defaults and locks for every construct of this library below a scope (a chart or
 * any construct subtree). Each construct reads the profiles above it when it is created:
 * an explicit prop wins over the nearest profile, which wins over outer profiles, which
 * win over the library default. A setting listed in `locked` cannot be weakened below —
 * a prop, an opt-out or an inner profile that tries fails synth with an error naming the
 * locking profile's construct path and the setting.
 *
 * Create the profile before the constructs it governs (creating it later is an error),
 * at most one per scope.
 */
export class HardeningProfile extends Construct {
  /** Creates the profile of `scope` (child id `HardeningProfile`). */
  public static set(scope: Construct, props: HardeningProfileProps): HardeningProfile {
    return new HardeningProfile(scope, 'HardeningProfile', props);
  }

  /** The nearest profile in effect at `construct` (its own or an ancestor's), if any. */
  public static of(construct: IConstruct): HardeningProfile | undefined {
    return profilesAbove(construct)[0];
  }

  /** The settings of this profile, as given. */
  public readonly settings: HardeningProfileProps;
  /** The settings this profile locks. */
  public readonly locked: ProfileSetting[];

  constructor(scope: Construct, id: string, props: HardeningProfileProps = {}) {
    checkArguments('HardeningProfile.constructor', undefined, [scope, id, props]);
    super(scope, id);
    this.settings = { ...props };
    this.locked = [...new Set(props.locked ?? [])];
    const vs: Violation[] = [];
    const other: HardeningProfile | undefined = (scope as any)[PROFILE_OF_SCOPE];
    if (other) {
      vs.push({ checkId: 'profile/duplicate', field: '', problem: `${scope.node.path || 'the app'} already has a HardeningProfile`, got: other.node.path, fix: 'Put the settings into that profile, or give a child scope its own profile' });
    }
    const early = scope.node.findAll().filter((c) => PROFILE_READERS.has(c));
    if (early.length) {
      vs.push({ checkId: 'profile/order', field: '', problem: 'is created after constructs it would govern, which have already read their settings', got: early.slice(0, 3).map((c) => c.node.path).join(', '), fix: 'Create the HardeningProfile first' });
    }
    vs.push(...inputProblems(props));
    const setHere = Object.values(ProfileSetting).filter((k) => props[k] !== undefined);
    this.locked.forEach((s, i) => {
      if (!Object.values(ProfileSetting).includes(s)) {
        vs.push({ checkId: 'profile/locked', field: `locked[${i}]`, problem: 'names no profile setting', got: renderValue(s), allowed: Object.values(ProfileSetting).join(', '), fix: 'Use a ProfileSetting value' });
      } else if (props[s] === undefined) {
        vs.push({
          checkId: 'profile/locked',
          field: `locked[${i}]`,
          problem: `locks ${s}, which this profile does not set`,
          got: s,
          allowed: setHere.length ? `a setting this profile sets: ${setHere.join(', ')}` : 'none (this profile sets nothing)',
          fix: `Set ${s} in this profile, or remove it from locked`,
        });
      }
    });
    const outer = profilesAbove(scope);
    for (const s of Object.values(ProfileSetting)) {
      if (props[s] === undefined) continue;
      // Labels and default resources merge with the outer profiles'; the rest replace them.
      const merged = s === ProfileSetting.POD_LABELS || s === ProfileSetting.DEFAULT_RESOURCES
        ? Object.assign({}, ...[...outer].reverse().map((p) => p.settings[s] ?? {}), props[s])
        : props[s];
      vs.push(...lockViolations(outer, s, merged));
    }
    if (vs.length) throw new HaruValidationError(this.node.path, vs);
    Object.defineProperty(scope, PROFILE_OF_SCOPE, { value: this, configurable: true });
  }

  /** Whether this profile locks `setting`. */
  public isLocked(setting: ProfileSetting): boolean {
    return this.locked.includes(setting);
  }
}

/** Profiles in effect at `c`, nearest first (a profile applies to its scope's whole subtree). */
export function profilesAbove(c: IConstruct): HardeningProfile[] {
  const out: HardeningProfile[] = [];
  for (const s of [...c.node.scopes].reverse()) {
    const p: HardeningProfile | undefined = (s as any)[PROFILE_OF_SCOPE];
    if (p && p !== c) out.push(p);
  }
  return out;
}

function inputProblems(p: HardeningProfileProps): Violation[] {
  const out: Violation[] = [];
  const bad = (setting: string, problem: string, got: unknown, allowed: string, fix: string) =>
    out.push({ checkId: 'profile/input', field: setting, problem, got: renderValue(got), allowed, fix });
  if (p.allowedRegistries !== undefined) {
    if (!Array.isArray(p.allowedRegistries) || p.allowedRegistries.length === 0) {
      bad('allowedRegistries', 'must list at least one image prefix', p.allowedRegistries, 'e.g. ["registry.example.com/"]', 'List the registries, or leave the setting out');
    } else {
      p.allowedRegistries.forEach((r, i) => {
        if (typeof r !== 'string' || !/^[a-z0-9][a-z0-9.-]*(:[0-9]+)?\/[^\s]*$/.test(r)) {
          bad(`allowedRegistries[${i}]`, 'must be an image prefix that starts with a registry host and a "/"', r, 'e.g. "registry.example.com/", "ghcr.io/acme/"', 'Write the host and the slash, so that "evil.com" cannot match "evil.com.attacker.io"');
        }
      });
    }
  }
  for (const [k, q] of Object.entries(p.defaultResources ?? {})) {
    if (q !== undefined && parseQuantity(q) === undefined) bad(`defaultResources.${k}`, 'must be a Kubernetes quantity', q, "e.g. '100m', '256Mi'", 'Use the quantity syntax');
  }
  for (const [k, q] of Object.entries(p.resourceCeilings ?? {})) {
    if (q !== undefined && parseQuantity(q) === undefined) bad(`resourceCeilings.${k}`, 'must be a Kubernetes quantity', q, "e.g. '2', '4Gi'", 'Use the quantity syntax');
  }
  for (const [k, v] of Object.entries(p.podLabels ?? {})) {
    const e = checkLabelKey(`podLabels.${k}`, k) ?? checkLabelValue(`podLabels.${k}`, v);
    if (e) out.push(e);
  }
  (p.excludeNamespaces ?? []).forEach((ns, i) => {
    const e = checkDns1123Label(`excludeNamespaces[${i}]`, ns);
    if (e) out.push(e);
  });
  if (p.webhookTimeout !== undefined) {
    const ms = p.webhookTimeout instanceof Duration ? p.webhookTimeout.toMilliseconds() : NaN;
    if (!(ms > 0 && ms <= 30000)) bad('webhookTimeout', 'must be a Duration above 0 and at most 30s', p.webhookTimeout, '0 < timeout <= 30s', 'Use e.g. Duration.seconds(3)');
  }
  return out;
}

// --- comparing settings ------------------------------------------------------------------

const RESOURCE_KEYS: Array<[keyof ResourceCeilings, string]> = [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeralStorage', 'ephemeral-storage']];

/** A readable rendering of a setting's value (for messages). */
export function showSetting(s: ProfileSetting, v: any): string {
  switch (s) {
    case ProfileSetting.RUN_AS: {
      const r = v as RunAs;
      if (r._mode === 'user') return `RunAs.user(${r._uid}, ${r._gid})`;
      return r._mode === 'image' ? 'RunAs.imageUser(<opt-out>)' : 'RunAs.rootInUserNamespace(<opt-out>)';
    }
    case ProfileSetting.USER_NAMESPACE:
      return (v as UserNamespace)._own ? 'UserNamespace.own()' : 'UserNamespace.host(<opt-out>)';
    case ProfileSetting.SECCOMP_PROFILE:
    case ProfileSetting.APP_ARMOR_PROFILE:
      return renderValue((v as SeccompProfile)._toJson());
    case ProfileSetting.GPU_SHARING: {
      const g = v as GpuSharing;
      return renderValue({ strategy: g.strategy, interval: g.interval, mps: g.mpsOptions });
    }
    case ProfileSetting.MATCHING_PRECEDENCE_RANGE:
      return v instanceof PrecedenceRange ? `${v.min}..${v.max}` : String(v);
    case ProfileSetting.WEBHOOK_TIMEOUT:
      return `${(v as Duration).toMilliseconds() / 1000}s`;
    default:
      return renderValue(v);
  }
}

function canon(s: ProfileSetting, v: any): string {
  switch (s) {
    case ProfileSetting.RUN_AS: return JSON.stringify([v._mode, v._uid, v._gid]);
    case ProfileSetting.USER_NAMESPACE: return String(v._own);
    default: return showSetting(s, v);
  }
}

/** Whether `value` is at least as strict as `locked` for setting `s`. */
function notWeaker(s: ProfileSetting, value: any, locked: any): boolean {
  switch (s) {
    case ProfileSetting.ALLOWED_REGISTRIES:
      return (value as string[]).every((r) => (locked as string[]).some((l) => r.startsWith(l)));
    case ProfileSetting.RESOURCE_CEILINGS:
      return RESOURCE_KEYS.every(([k]) => locked[k] === undefined
        || (value[k] !== undefined && (parseQuantity(value[k]) ?? Infinity) <= (parseQuantity(locked[k]) ?? 0)));
    case ProfileSetting.DEFAULT_RESOURCES:
      return Object.entries(locked).every(([k, q]) => q === undefined || value[k] === q);
    case ProfileSetting.POD_LABELS:
      return Object.entries(locked).every(([k, x]) => value[k] === x);
    case ProfileSetting.EXCLUDE_NAMESPACES:
      return (value as string[]).every((ns) => (locked as string[]).includes(ns));
    case ProfileSetting.MATCHING_PRECEDENCE_RANGE:
      return value instanceof PrecedenceRange ? value.min >= locked.min && value.max <= locked.max : locked.contains(value);
    case ProfileSetting.WEBHOOK_TIMEOUT:
      return (value as Duration).toMilliseconds() <= (locked as Duration).toMilliseconds();
    default:
      return canon(s, value) === canon(s, locked);
  }
}

function allowedText(s: ProfileSetting, locked: any): string {
  switch (s) {
    case ProfileSetting.ALLOWED_REGISTRIES: return `prefixes within ${renderValue(locked)}`;
    case ProfileSetting.RESOURCE_CEILINGS: return `ceilings at most ${renderValue(locked)}`;
    case ProfileSetting.DEFAULT_RESOURCES: return `${renderValue(locked)} for those fields`;
    case ProfileSetting.POD_LABELS: return `labels including ${renderValue(locked)}`;
    case ProfileSetting.EXCLUDE_NAMESPACES: return `a subset of ${renderValue(locked)}`;
    case ProfileSetting.MATCHING_PRECEDENCE_RANGE: return `within ${showSetting(s, locked)}`;
    case ProfileSetting.WEBHOOK_TIMEOUT: return `at most ${showSetting(s, locked)}`;
    default: return showSetting(s, locked);
  }
}

/**
 * Violations of the locks set by `profiles` (outermost checked first) by `value`, the
 * value in effect for setting `s`. `field` defaults to the setting's name.
 */
export function lockViolations(profiles: HardeningProfile[], s: ProfileSetting, value: any, field: string = s): Violation[] {
  for (const p of [...profiles].reverse()) {
    if (!p.isLocked(s)) continue;
    const locked = p.settings[s];
    if (!notWeaker(s, value, locked)) {
      return [{
        checkId: 'profile/locked',
        field,
        problem: `is locked by the HardeningProfile at ${JSON.stringify(p.node.path)}`,
        got: showSetting(s, value),
        allowed: allowedText(s, locked),
        fix: `Remove the override of ${s} (the profile decides it), or change that profile`,
      }];
    }
  }
  return [];
}

