import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { withName } from './metadata';
import { IPriorityLevel, LimitedPriorityLevelProps, PriorityLevel } from './priority-level';
import { Subject } from './subject';
import { checkArguments } from '../base/arguments';
import { HaruValidationError, Violation } from '../base/errors';
import { APF_DEFAULT_MATCHING_PRECEDENCE, FLOWCONTROL_API_VERSION } from '../check/flowcontrol';
import { checkObject } from '../check/registry';
import { ProfileSetting } from '../profile/profile';
import { failing, profileFor } from '../profile/resolve';
import { clusterScoped } from '../render/cluster-scoped';

/**
 * How requests that match a FlowSchema are split into flows (the unit of fairness).
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/#flowschema
 */
export enum FlowDistinguisher {
  /** One flow per requesting user: a noisy client only fills its own queues. */
  BY_USER = 'ByUser',
  /** One flow per namespace of the requested object. */
  BY_NAMESPACE = 'ByNamespace',
}

/** Request verbs a FlowSchema rule can match. */
export enum ApfVerb {
  /** Every verb (`*`); must be the only entry. */
  ALL = '*',
  /** get */
  GET = 'get',
  /** list */
  LIST = 'list',
  /** watch */
  WATCH = 'watch',
  /** create */
  CREATE = 'create',
  /** update */
  UPDATE = 'update',
  /** patch */
  PATCH = 'patch',
  /** delete */
  DELETE = 'delete',
  /** deletecollection */
  DELETECOLLECTION = 'deletecollection',
  /** proxy */
  PROXY = 'proxy',
}

/** Matches requests for API resources. */
export interface ApfResourceRule {
  /**
   * Verbs to match.
   * @default [ApfVerb.ALL]
   */
  readonly verbs?: ApfVerb[];
  /** API groups (`""` is the core group, `*` every group). */
  readonly apiGroups: string[];
  /** Resources, e.g. `resourceclaims` or `pods/log` (`*` every resource). */
  readonly resources: string[];
  /**
   * Namespaces whose namespaced requests match (`*` every namespace). Either this or
   * `clusterScope: true` (or both) is required.
   * @default - none: only requests for cluster-scoped objects match (needs `clusterScope: true`)
   */
  readonly namespaces?: string[];
  /**
   * Whether requests without a namespace (cluster-scoped objects, and cross-namespace LIST/WATCH) match.
   * @default false
   */
  readonly clusterScope?: boolean;
}

/** Matches requests for non-resource URLs such as `/healthz` or `/metrics`. */
export interface ApfNonResourceRule {
  /**
   * Verbs to match.
   * @default [ApfVerb.ALL]
   */
  readonly verbs?: ApfVerb[];
  /** URL paths: exact (`/healthz`), a prefix ending in `/*` (`/apis/*`), or `*` alone. */
  readonly nonResourceUrls: string[];
}

/** One rule of a FlowSchema: the subjects, and what requests of theirs match. */
export interface ApfRule {
  /** Who the rule applies to (at least one). */
  readonly subjects: Subject[];
  /**
   * Resource requests that match.
   * @default - none (then `nonResourceRules` must not be empty)
   */
  readonly resourceRules?: ApfResourceRule[];
  /**
   * Non-resource requests that match.
   * @default - none (then `resourceRules` must not be empty)
   */
  readonly nonResourceRules?: ApfNonResourceRule[];
}

/** Inputs of {@link ApfFlowSchema}. */
export interface ApfFlowSchemaProps {
  /**
   * `metadata.name`. Must not be a mandatory (`exempt`, `catch-all`) or suggested
   * (`service-accounts`, `global-default`, ...) FlowSchema name: the API server owns those.
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * An existing level to send matching requests to (`PriorityLevel.WORKLOAD_HIGH`,
   * `PriorityLevel.fromName(...)`, or a `PriorityLevel.limited(...)` shared with other schemas).
   * Give either this or `limited`.
   * @default - a new level built from `limited`
   */
  readonly priorityLevel?: IPriorityLevel;
  /**
   * Declares a new Limited level for this schema alone (child `PriorityLevel`).
   * Give either this or `priorityLevel`.
   * @default - none: `priorityLevel` is used
   */
  readonly limited?: LimitedPriorityLevelProps;
  /**
   * Matching precedence, 2..10000; the lowest matching value wins. The suggested schemas use
   * 100..900 for system components, 9000 for all ServiceAccounts and 9900 for everyone else; a
   * subject those match first (e.g. a ServiceAccount at 9500) is refused, since the schema would
   * never see its requests. Must lie in the `matchingPrecedenceRange` of the nearest
   * HardeningProfile that sets one; when that range excludes 1000, the default is its lower bound.
   * @default 1000
   */
  readonly matchingPrecedence?: number;
  /**
   * How matching requests are split into flows.
   * @default FlowDistinguisher.BY_USER
   */
  readonly distinguisher?: FlowDistinguisher;
  /**
   * Put every matching request into a single flow (no distinguisher), so one client can use the
   * whole level. Requires a reason, recorded in the annotation `haru.cdk8s.io/opt-out.single-flow`.
   * @default - none: requests are split by `distinguisher`
   */
  readonly singleFlowReason?: string;
  /**
   * The rules; a request matches when any rule matches. Add more with {@link ApfFlowSchema.addRule}.
   * @default - none (at least one is required by synth)
   */
  readonly rules?: ApfRule[];
  /**
   * Extra metadata (labels, annotations).
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * An API Priority and Fairness FlowSchema (`flowcontrol.apiserver.k8s.io/v1`) that routes the
 * requests of the given subjects to a priority level — an existing one or one it declares —
 * so one noisy client cannot starve the control plane.
 *
 * Every server-side rule (names, precedence, subject shape, rules, the priority level's
 * shares, percentages and queuing entropy limit) is checked when the construct is built and
 * again at synth.
 *
 * @see https://kubernetes.io/docs/concepts/cluster-administration/flow-control/
 */
export class ApfFlowSchema extends Construct {
  /** Annotation recording why a FlowSchema puts every request into one flow. */
  public static readonly SINGLE_FLOW_ANNOTATION = 'haru.cdk8s.io/opt-out.single-flow';

  /** The level matching requests go to. */
  public readonly priorityLevel: IPriorityLevel;
  /** The level this schema declared, when it was given `limited`. */
  public readonly ownPriorityLevel?: PriorityLevel;
  /** Matching precedence. */
  public readonly matchingPrecedence: number;
  /** Distinguisher; undefined for a single flow. */
  public readonly distinguisher?: FlowDistinguisher;
  /** The FlowSchema's name. */
  public readonly flowSchemaName: string;

  private readonly rules: ApfRule[];
  /** How many of `rules` came from the props (the rest from addRule). */
  private readonly propRuleCount: number;
  private readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ApfFlowSchemaProps) {
    checkArguments('ApfFlowSchema.constructor', undefined, [scope, id, props]);
    super(scope, id);
    const propProblems: Violation[] = [];
    if (props.priorityLevel && props.limited) {
      propProblems.push({
        checkId: 'flowcontrol/props',
        field: 'priorityLevel',
        problem: 'and limited are mutually exclusive',
        fix: 'Pass priorityLevel to use an existing level, or limited to declare a new one',
      });
    }
    if (!props.priorityLevel && !props.limited) {
      propProblems.push({
        checkId: 'flowcontrol/props',
        field: 'priorityLevel',
        problem: 'is required when limited is not given',
        allowed: 'PriorityLevel.WORKLOAD_LOW, PriorityLevel.fromName(...), PriorityLevel.limited(...)',
        fix: 'Reference a level, or pass limited: {nominalConcurrencyShares, limitResponse} to declare one',
      });
    }
    if (props.singleFlowReason !== undefined && props.distinguisher !== undefined) {
      propProblems.push({
        checkId: 'flowcontrol/props',
        field: 'singleFlowReason',
        problem: 'cannot be combined with distinguisher',
        fix: 'Remove distinguisher to use a single flow, or remove singleFlowReason',
      });
    }
    if (props.singleFlowReason !== undefined && props.singleFlowReason.trim() === '') {
      propProblems.push({ checkId: 'flowcontrol/props', field: 'singleFlowReason', problem: 'must say why one flow is wanted', got: '""', fix: 'Give a reason (it is recorded in the haru.cdk8s.io/single-flow annotation), or leave singleFlowReason unset to split requests by distinguisher' });
    }
    const range = profileFor(this).source(ProfileSetting.MATCHING_PRECEDENCE_RANGE);
    const allowed = range?.settings.matchingPrecedenceRange;
    this.matchingPrecedence = props.matchingPrecedence
      ?? (!allowed || allowed.contains(APF_DEFAULT_MATCHING_PRECEDENCE) ? APF_DEFAULT_MATCHING_PRECEDENCE : allowed.min);
    if (range && allowed && !allowed.contains(this.matchingPrecedence)) {
      propProblems.push({
        checkId: 'profile/precedence-range',
        field: 'matchingPrecedence',
        problem: `is outside the range of the HardeningProfile at ${JSON.stringify(range.node.path)}`,
        got: String(this.matchingPrecedence),
        allowed: `${allowed.min}..${allowed.max}`,
        fix: 'Pick a precedence inside the range',
      });
    }
    if (propProblems.length > 0) throw new HaruValidationError(this.node.path, propProblems);

    if (props.limited) {
      this.ownPriorityLevel = PriorityLevel.limited(this, 'PriorityLevel', props.limited);
      this.priorityLevel = this.ownPriorityLevel;
    } else {
      this.priorityLevel = props.priorityLevel!;
    }
    this.distinguisher = props.singleFlowReason !== undefined ? undefined : props.distinguisher ?? FlowDistinguisher.BY_USER;
    this.rules = [...(props.rules ?? [])];
    this.propRuleCount = this.rules.length;

    const annotations = { ...props.metadata?.annotations };
    if (props.singleFlowReason !== undefined) annotations[ApfFlowSchema.SINGLE_FLOW_ANNOTATION] = props.singleFlowReason;
    const spec: Record<string, unknown> = {
      priorityLevelConfiguration: { name: this.priorityLevel.priorityLevelName },
      matchingPrecedence: this.matchingPrecedence,
    };
    if (this.distinguisher) spec.distinguisherMethod = { type: this.distinguisher };
    spec.rules = Lazy.any({ produce: () => this.rules.map(renderRule) });

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: FLOWCONTROL_API_VERSION,
      kind: 'FlowSchema',
      metadata: withName(props.metadata, props.name, annotations),
      spec,
    });
    clusterScoped(this.resource);
    this.flowSchemaName = this.resource.name;

    this.check(false);
    this.node.addValidation({ validate: () => { this.check(true); return []; } });
  }

  /** Adds a rule (a request matches the schema when any rule matches). */
  public addRule(rule: ApfRule): void {
    this.rules.push(rule);
    try {
      this.check(false);
    } catch (e) {
      this.rules.pop(); // a refused rule does not stay behind
      throw e;
    }
  }

  /**
   * A field of the rendered FlowSchema as the user wrote it: `spec.rules[0].subjects[0].
   * serviceAccount.namespace` is `rules[0].subjects[0].namespace` (a Subject's property), a
   * rule being added is the `rule` argument of addRule, `nonResourceURLs` is
   * `nonResourceUrls`. Metadata keeps its path.
   */
  private userField(field: string): string {
    const m = /^spec\.rules\[(\d+)\](.*)$/.exec(field);
    if (m) {
      const i = Number(m[1]);
      const rest = m[2]
        .replace(/^\.subjects\[(\d+)\]\.(?:serviceAccount|user|group)\.(\w+)/, '.subjects[$1].$2')
        .replace(/^(\.nonResourceRules\[\d+\])\.nonResourceURLs/, '$1.nonResourceUrls');
      return i < this.propRuleCount ? `rules[${i}]${rest}` : `rule${rest}`;
    }
    return PROP_OF_SPEC[field] ?? field;
  }

  private check(final: boolean): void {
    const obj = this.resource.toJson();
    // At synth the object may carry the user's JSON patches: its own paths are then what the
    // user wrote. Before that it is made from the props alone, so name the props.
    const violations = failing(this, checkObject(obj)).map((v) => (final ? v : { ...v, field: this.userField(v.field) }));
    if (final && !(Array.isArray(obj?.spec?.rules) && obj.spec.rules.length > 0)) {
      violations.push({
        checkId: 'flowcontrol/no-rules',
        field: 'rules',
        problem: 'is empty, so the FlowSchema matches no request',
        got: '[]',
        fix: 'Pass rules or call addRule with subjects and resource or non-resource rules',
      });
    }
    if (violations.length > 0) throw new HaruValidationError(this.node.path, violations);
  }
}

/** Rendered FlowSchema fields whose prop has another name. */
const PROP_OF_SPEC: Record<string, string> = {
  'spec.matchingPrecedence': 'matchingPrecedence',
  'spec.distinguisherMethod': 'distinguisher',
  'spec.distinguisherMethod.type': 'distinguisher',
  'spec.priorityLevelConfiguration': 'priorityLevel',
  'spec.priorityLevelConfiguration.name': 'priorityLevel',
  'spec.rules': 'rules',
};

function renderRule(rule: ApfRule): any {
  const out: Record<string, unknown> = { subjects: (rule.subjects ?? []).map((s) => (typeof s?.toJson === 'function' ? s.toJson() : s)) };
  if (rule.resourceRules && rule.resourceRules.length > 0) {
    out.resourceRules = rule.resourceRules.map((r) => {
      const rr: Record<string, unknown> = {
        verbs: [...(r.verbs ?? [ApfVerb.ALL])],
        apiGroups: [...(r.apiGroups ?? [])],
        resources: [...(r.resources ?? [])],
        clusterScope: r.clusterScope ?? false,
      };
      if (r.namespaces !== undefined) rr.namespaces = [...r.namespaces];
      return rr;
    });
  }
  if (rule.nonResourceRules && rule.nonResourceRules.length > 0) {
    out.nonResourceRules = rule.nonResourceRules.map((r) => ({
      verbs: [...(r.verbs ?? [ApfVerb.ALL])],
      nonResourceURLs: [...(r.nonResourceUrls ?? [])],
    }));
  }
  return out;
}
