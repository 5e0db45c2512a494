/**
 * `FlowControlSimulator`: the public, language-neutral face of ./flow.ts, for golden-path
 * tests ("kubelets stay in system-nodes", "the CI controller lands in its own level") and for
 * `cdk8s-haru explain flow`.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ApfConfiguration, ApfRequest, DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT, DEFAULT_MAX_REQUESTS_INFLIGHT, describeRuleMatch, withAuthenticatedGroups } from './flow';
import { HaruValidationError, Violation } from '../base/errors';
import { severityOf } from '../check/catalog';
import { checkObject } from '../check/registry';
import { readYaml } from '../yaml/read';

/** A request to classify. Either a resource request (`resource`) or a non-resource one (`nonResourceUrl`). */
export interface FlowRequest {
  /** The authenticated user name, e.g. `system:node:worker-1` or `system:serviceaccount:ci:runner`. */
  readonly user: string;
  /**
   * The user's groups.
   * @default - none besides the one authentication adds (see addAuthenticatedGroups)
   */
  readonly groups?: string[];
  /**
   * Add the groups authentication gives the user: `system:authenticated` (or
   * `system:unauthenticated` for `system:anonymous`), and for a service account name
   * (`system:serviceaccount:<ns>:<name>`) `system:serviceaccounts` and
   * `system:serviceaccounts:<ns>`. Node groups come from certificates: give `system:nodes`
   * yourself.
   * @default true
   */
  readonly addAuthenticatedGroups?: boolean;
  /** The request verb: get, list, watch, create, update, patch, delete, deletecollection (resource requests) or the lower-case HTTP method (non-resource requests). */
  readonly verb: string;
  /**
   * The API group of a resource request; empty for the core group.
   * @default ''
   */
  readonly apiGroup?: string;
  /**
   * The resource (plural), e.g. `pods`. Required unless nonResourceUrl is given.
   * @default - a non-resource request
   */
  readonly resource?: string;
  /**
   * The subresource, e.g. `status` or `log`.
   * @default - none
   */
  readonly subresource?: string;
  /**
   * The namespace of a namespaced request; leave unset for cluster-scoped requests and for
   * requests across all namespaces.
   * @default - cluster scope
   */
  readonly namespace?: string;
  /**
   * The object name.
   * @default - none
   */
  readonly name?: string;
  /**
   * The path of a non-resource request, e.g. `/healthz` or `/openapi/v2`.
   * @default - a resource request
   */
  readonly nonResourceUrl?: string;
}

/** A FlowSchema that matched a request. */
export interface FlowSchemaMatch {
  /** The FlowSchema's name. */
  readonly flowSchema: string;
  /** Its matching precedence (after defaulting). */
  readonly matchingPrecedence: number;
  /** The priority level it sends requests to. */
  readonly priorityLevel: string;
  /** `input`, `suggested` (created by the API server) or `mandatory`. */
  readonly source: string;
  /** The rule, subject and resource or non-resource rule that matched. */
  readonly rule: string;
}

/** Where a request lands. */
export interface FlowClassification {
  /** The FlowSchema that classifies the request (the first match in precedence order). */
  readonly flowSchema: string;
  /** Its matching precedence (after defaulting). */
  readonly matchingPrecedence: number;
  /** `input`, `suggested` or `mandatory`. */
  readonly source: string;
  /**
   * The rule that matched.
   * @default - none: no schema matched and the server fell back to catch-all
   */
  readonly rule?: string;
  /** The priority level that serves it. */
  readonly priorityLevel: string;
  /** True when the level is exempt: never queued nor limited. */
  readonly exempt: boolean;
  /**
   * The schema's distinguisher method (`ByUser`, `ByNamespace`).
   * @default - none
   */
  readonly distinguisherMethod?: string;
  /**
   * The flow distinguisher the request gets: its user name (ByUser), its namespace
   * (ByNamespace) or `''`; unset when the level does not queue in several queues.
   * @default - no flow distinguisher
   */
  readonly flowDistinguisher?: string;
  /** The later schemas that match too, in order: where the request goes if this schema is removed. */
  readonly nextMatches: FlowSchemaMatch[];
  /** The groups used for matching (with those authentication adds). */
  readonly groups: string[];
}

/** The concurrency figures of one priority level for a server concurrency limit. */
export interface PriorityLevelLimits {
  /** The level's name. */
  readonly name: string;
  /** `Exempt` or `Limited`. */
  readonly type: string;
  /** `input`, `suggested` or `mandatory`. */
  readonly source: string;
  /** Its nominalConcurrencyShares (after defaulting). */
  readonly nominalConcurrencyShares: number;
  /** Its lendablePercent (after defaulting). */
  readonly lendablePercent: number;
  /**
   * Its borrowingLimitPercent.
   * @default - no limit on borrowing
   */
  readonly borrowingLimitPercent?: number;
  /** ceil(server limit × shares ÷ sum of all shares). */
  readonly nominalConcurrencyLimit: number;
  /** round(nominal × lendablePercent ÷ 100): seats other levels may borrow. */
  readonly lendableConcurrencyLimit: number;
  /** round(nominal × borrowingLimitPercent ÷ 100), or the server limit when unlimited. */
  readonly borrowingConcurrencyLimit: number;
  /** nominal − lendable. */
  readonly minimumConcurrencyLimit: number;
  /** nominal + borrowing. */
  readonly maximumConcurrencyLimit: number;
  /**
   * Queues, hand size and queue length limit of a queuing level.
   * @default - not a queuing level
   */
  readonly queues?: number;
  /** @default - not a queuing level */
  readonly handSize?: number;
  /** @default - not a queuing level */
  readonly queueLengthLimit?: number;
}

/** Options for {@link FlowControlSimulator}. */
export interface FlowControlSimulatorOptions {
  /**
   * Add the suggested FlowSchemas and priority levels the API server creates at start-up.
   * @default true
   */
  readonly includeSuggested?: boolean;
  /**
   * kube-apiserver `--max-requests-inflight`.
   * @default 400
   */
  readonly maxRequestsInflight?: number;
  /**
   * kube-apiserver `--max-mutating-requests-inflight`.
   * @default 200
   */
  readonly maxMutatingRequestsInflight?: number;
}

/**
 * API Priority and Fairness as a 1.36 kube-apiserver runs it, offline: give it FlowSchemas and
 * PriorityLevelConfigurations (from YAML, manifests or a cdk8s chart), then ask where a request
 * lands and how much concurrency each level gets.
 */
export class FlowControlSimulator {
  /** A simulator for the FlowSchemas and PriorityLevelConfigurations of a YAML text (other kinds are ignored). */
  public static fromYaml(text: string, options: FlowControlSimulatorOptions = {}): FlowControlSimulator {
    if (typeof text !== 'string') throw new HaruValidationError('FlowControlSimulator.fromYaml', [{ checkId: 'explain/input', field: 'text', problem: 'must be a YAML string', got: typeof text }]);
    const objects: any[] = [];
    for (const doc of readYaml(String(text))) {
      if (doc.empty) continue;
      if (doc.error) throw new HaruValidationError('FlowControlSimulator.fromYaml', [{ checkId: doc.error.checkId, field: `line ${doc.error.line}`, problem: doc.error.message }]);
      const o = doc.value as any;
      if (o && typeof o === 'object' && !Array.isArray(o)) {
        if (o.kind === 'List' && Array.isArray(o.items)) objects.push(...o.items);
        else objects.push(o);
      }
    }
    return new FlowControlSimulator(objects, options);
  }

  /** A simulator for the flow-control objects among plain manifests. */
  public static fromManifests(manifests: any[], options: FlowControlSimulatorOptions = {}): FlowControlSimulator {
    return new FlowControlSimulator(manifests, options);
  }

  /** A simulator for the flow-control objects a chart (or any construct scope) synthesises, e.g. ApfFlowSchema constructs. */
  public static fromChart(scope: IConstruct, options: FlowControlSimulatorOptions = {}): FlowControlSimulator {
    const objects: any[] = [];
    for (const c of scope.node.findAll()) if (c instanceof ApiObject) objects.push(c.toJson());
    return new FlowControlSimulator(objects, options);
  }

  /** FlowSchema names in the order the server tries them (ignored ones left out). */
  public readonly flowSchemaOrder: string[];
  /** What the server would not use as written, one sentence each (`FlowSchema name: ...`). */
  public readonly notes: string[];
  /** The server concurrency limit: max-requests-inflight + max-mutating-requests-inflight. */
  public readonly serverConcurrencyLimit: number;
  private readonly config: ApfConfiguration;

  private constructor(manifests: any[], options: FlowControlSimulatorOptions) {
    const where = 'FlowControlSimulator';
    if (!Array.isArray(manifests)) throw new HaruValidationError(where, [{ checkId: 'explain/input', field: 'manifests', problem: 'must be a list of Kubernetes objects', got: typeof manifests }]);
    const reading = options.maxRequestsInflight ?? DEFAULT_MAX_REQUESTS_INFLIGHT;
    const mutating = options.maxMutatingRequestsInflight ?? DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT;
    const bad: Violation[] = [];
    for (const [field, v] of [['maxRequestsInflight', reading], ['maxMutatingRequestsInflight', mutating]] as const) {
      if (!Number.isInteger(v) || v < 0) bad.push({ checkId: 'explain/input', field, problem: 'must be a non-negative integer', got: String(v) });
    }
    // pkg/server/options/feature.go: the two must add up to something positive.
    if (bad.length === 0 && reading + mutating <= 0) bad.push({ checkId: 'explain/input', field: 'maxRequestsInflight', problem: 'and maxMutatingRequestsInflight must add up to something positive', got: `${reading} + ${mutating}` });
    // Objects the API server would refuse never reach the controller: refuse them here too.
    manifests.forEach((o, i) => {
      if (o?.apiVersion !== 'flowcontrol.apiserver.k8s.io/v1' || (o.kind !== 'FlowSchema' && o.kind !== 'PriorityLevelConfiguration')) return;
      for (const v of checkObject(o)) {
        if (v.checkId.startsWith('flowcontrol/') || v.checkId.startsWith('schema/') || v.checkId.startsWith('format/')) {
          if (isWarning(v)) continue;
          bad.push({ ...v, field: `${o.kind} ${o.metadata?.name ?? `#${i}`}: ${v.field}` });
        }
      }
    });
    if (bad.length > 0) throw new HaruValidationError(where, bad);
    this.serverConcurrencyLimit = reading + mutating;
    this.config = new ApfConfiguration(manifests, { includeSuggested: options.includeSuggested });
    this.flowSchemaOrder = this.config.flowSchemas.map((f) => f.name);
    this.notes = this.config.notes.map((n) => `${n.kind} ${n.name}: ${n.note}`);
  }

  /** Where `request` lands: its FlowSchema, priority level and flow distinguisher, and what would match next. */
  public classify(request: FlowRequest): FlowClassification {
    const req = toApfRequest(request);
    const c = this.config.classify(req);
    return {
      flowSchema: c.flowSchema.name,
      matchingPrecedence: c.flowSchema.matchingPrecedence,
      source: c.flowSchema.source,
      rule: c.match ? describeRuleMatch(c.flowSchema, c.match) : undefined,
      priorityLevel: c.priorityLevel.name,
      exempt: c.priorityLevel.type === 'Exempt',
      distinguisherMethod: c.flowSchema.distinguisherMethod,
      flowDistinguisher: c.flowDistinguisher,
      nextMatches: c.later.map((l) => ({
        flowSchema: l.fs.name,
        matchingPrecedence: l.fs.matchingPrecedence,
        priorityLevel: l.fs.priorityLevel,
        source: l.fs.source,
        rule: describeRuleMatch(l.fs, l.match),
      })),
      groups: [...req.groups],
    };
  }

  /** The concurrency each priority level gets at this server concurrency limit, by name. */
  public priorityLevelLimits(): PriorityLevelLimits[] {
    return this.config.concurrency(this.serverConcurrencyLimit).map((x) => ({
      name: x.level.name,
      type: x.level.type,
      source: x.level.source,
      nominalConcurrencyShares: x.level.nominalConcurrencyShares,
      lendablePercent: x.level.lendablePercent,
      borrowingLimitPercent: x.level.borrowingLimitPercent,
      nominalConcurrencyLimit: x.nominal,
      lendableConcurrencyLimit: x.lendable,
      borrowingConcurrencyLimit: x.borrowing,
      minimumConcurrencyLimit: x.min,
      maximumConcurrencyLimit: x.max,
      queues: x.level.queues,
      handSize: x.level.handSize,
      queueLengthLimit: x.level.queueLengthLimit,
    }));
  }
}

function isWarning(v: Violation): boolean {
  // What the server accepts does not stop a simulation: warnings, and a suggested object's name
  // (the simulation models what the server does with it, see ApfConfiguration).
  return severityOf(v.checkId) !== 'error' || v.checkId === 'flowcontrol/suggested-name';
}

function toApfRequest(r: FlowRequest): ApfRequest {
  const where = 'FlowControlSimulator.classify';
  const bad: Violation[] = [];
  const str = (field: string, v: unknown, required: boolean): void => {
    if (v === undefined && !required) return;
    if (typeof v !== 'string' || (required && v === '')) bad.push({ checkId: 'explain/input', field, problem: required ? 'must be a non-empty string' : 'must be a string', got: v === undefined ? undefined : JSON.stringify(v) });
  };
  if (r === null || typeof r !== 'object') throw new HaruValidationError(where, [{ checkId: 'explain/input', field: 'request', problem: 'must be an object with user and verb', got: String(r) }]);
  str('user', r.user, true);
  str('verb', r.verb, true);
  for (const k of ['apiGroup', 'resource', 'subresource', 'namespace', 'name', 'nonResourceUrl'] as const) str(k, r[k], false);
  if (r.groups !== undefined && (!Array.isArray(r.groups) || r.groups.some((g) => typeof g !== 'string'))) bad.push({ checkId: 'explain/input', field: 'groups', problem: 'must be a list of strings', got: JSON.stringify(r.groups) });
  const isNonResource = typeof r.nonResourceUrl === 'string' && r.nonResourceUrl !== '';
  if (isNonResource && (r.resource || r.apiGroup || r.namespace || r.subresource || r.name)) {
    bad.push({ checkId: 'explain/input', field: 'nonResourceUrl', problem: 'a request is either a resource request or a non-resource one', got: JSON.stringify(r.nonResourceUrl), fix: 'Give either nonResourceUrl alone, or resource (with apiGroup, namespace, subresource, name)' });
  }
  if (!isNonResource && !r.resource) bad.push({ checkId: 'explain/input', field: 'resource', problem: 'is required for a resource request', fix: 'Give the resource (e.g. pods), or nonResourceUrl for a path such as /healthz' });
  if (isNonResource && !r.nonResourceUrl!.startsWith('/')) bad.push({ checkId: 'explain/input', field: 'nonResourceUrl', problem: 'must start with /', got: JSON.stringify(r.nonResourceUrl) });
  if (bad.length > 0) throw new HaruValidationError(where, bad);
  const groups = r.addAuthenticatedGroups === false ? [...(r.groups ?? [])] : withAuthenticatedGroups(r.user, r.groups ?? []);
  return {
    user: r.user,
    groups,
    verb: r.verb,
    ...(isNonResource ? { path: r.nonResourceUrl } : { resource: r.resource, subresource: r.subresource, apiGroup: r.apiGroup ?? '', namespace: r.namespace ?? '', name: r.name }),
  };
}
