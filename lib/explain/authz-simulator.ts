/**
 * `AuthorizationSimulator`: the public face of ./authz.ts, for tests of an
 * AuthorizationConfiguration ("can a webhook outage lock out kubelets?") and for
 * `cdk8s-haru explain authz`.
 */
import { AuthzAttributes, AuthzChain, RbacSet, WebhookAnswer, withAuthenticatedGroups } from './authz';
import { HaruValidationError, Violation } from '../base/errors';
import { severityOf } from '../check/catalog';
import { checkObject } from '../check/registry';
import { readYaml } from '../yaml/read';

/** What a webhook answers when it is called, for a what-if run. */
export enum WebhookResponse {
  /** It allows the request. */
  ALLOW = 'Allow',
  /** It denies the request. */
  DENY = 'Deny',
  /** It has no opinion: the next authorizer decides. */
  NO_OPINION = 'NoOpinion',
  /** It cannot be reached or times out: its failurePolicy decides. */
  ERROR = 'Error',
}

/** The answer one webhook (by its authorizer name) is assumed to give. */
export interface WebhookAssumption {
  /** The authorizer's name in the AuthorizationConfiguration. */
  readonly name: string;
  /** What it answers. */
  readonly response: WebhookResponse;
}

/** A request to authorize (a SubjectAccessReview spec). Either `resource` or `nonResourceUrl`. */
export interface AuthorizationRequest {
  /** The user name. */
  readonly user: string;
  /**
   * The user's groups.
   * @default - only those authentication adds (see addAuthenticatedGroups)
   */
  readonly groups?: string[];
  /**
   * Add the groups authentication gives the user (system:authenticated, or
   * system:unauthenticated for system:anonymous; a service account's two groups).
   * @default true
   */
  readonly addAuthenticatedGroups?: boolean;
  /**
   * The user's UID.
   * @default ''
   */
  readonly uid?: string;
  /** The verb: get, list, watch, create, update, patch, delete, deletecollection, or an HTTP verb for a non-resource request. */
  readonly verb: string;
  /**
   * The API group; empty for the core group.
   * @default ''
   */
  readonly apiGroup?: string;
  /**
   * The API version (what `request.resourceAttributes.version` holds).
   * @default 'v1'
   */
  readonly apiVersion?: string;
  /**
   * The resource, e.g. pods. Required unless nonResourceUrl is given.
   * @default - a non-resource request
   */
  readonly resource?: string;
  /**
   * The subresource, e.g. status.
   * @default - none
   */
  readonly subresource?: string;
  /**
   * The namespace.
   * @default - cluster scope
   */
  readonly namespace?: string;
  /**
   * The object name.
   * @default - none
   */
  readonly name?: string;
  /**
   * The path of a non-resource request, e.g. /healthz.
   * @default - a resource request
   */
  readonly nonResourceUrl?: string;
}

/** One match condition of a webhook and what it evaluated to. */
export interface MatchConditionOutcome {
  /** The CEL expression. */
  readonly expression: string;
  /** `true`, `false` or `error: <message>`. */
  readonly result: string;
}

/** What one authorizer of the chain did. */
export interface AuthorizerOutcome {
  /** Its name (`system:masters` for the built-in first step). */
  readonly name: string;
  /** Node, RBAC, Webhook, AlwaysAllow, AlwaysDeny, or PrivilegedGroups for the built-in step. */
  readonly type: string;
  /** Allow, Deny, NoOpinion, or Unknown (a webhook would be called; the Node graph). */
  readonly decision: string;
  /** Why, in terms of the rule, binding or condition that decided. */
  readonly reason: string;
  /** For webhooks: each match condition's result, in order (evaluation stops at the first false). */
  readonly matchConditions: MatchConditionOutcome[];
}

/** The chain's answer to a request. */
export interface AuthorizationExplanation {
  /** Allow, Deny, NoOpinion (forbidden: nobody allowed it), or Unknown (it depends on a webhook or the Node authorizer). */
  readonly decision: string;
  /** True only when the decision is Allow. */
  readonly allowed: boolean;
  /**
   * The authorizer that decided (or that the decision depends on).
   * @default - nobody decided (NoOpinion)
   */
  readonly decidedBy?: string;
  /**
   * When the decision is Unknown: what the chain decides if that authorizer has no opinion.
   * @default - not Unknown
   */
  readonly ifNoOpinion?: string;
  /** Every authorizer that ran, in order. */
  readonly steps: AuthorizerOutcome[];
  /** The groups used (with those authentication adds). */
  readonly groups: string[];
}

/**
 * The kube-apiserver authorization chain of an AuthorizationConfiguration, offline: the
 * system:masters shortcut, then each authorizer in order; webhook match conditions evaluated
 * with the library's CEL evaluator; RBAC from the Roles, ClusterRoles and bindings given.
 */
export class AuthorizationSimulator {
  /** From YAML holding one AuthorizationConfiguration and any RBAC objects. */
  public static fromYaml(text: string): AuthorizationSimulator {
    const objects: any[] = [];
    for (const doc of readYaml(String(text))) {
      if (doc.empty) continue;
      if (doc.error) throw new HaruValidationError('AuthorizationSimulator.fromYaml', [{ checkId: doc.error.checkId, field: `line ${doc.error.line}`, problem: doc.error.message }]);
      const o = doc.value as any;
      if (o && typeof o === 'object' && !Array.isArray(o)) {
        if (o.kind === 'List' && Array.isArray(o.items)) objects.push(...o.items);
        else objects.push(o);
      }
    }
    return new AuthorizationSimulator(objects);
  }

  /**
   * From plain manifests: one AuthorizationConfiguration and any RBAC objects. For an
   * AuthzConfig construct: `fromManifests([authzConfig.toJson(), ...rbac])`.
   */
  public static fromManifests(manifests: any[]): AuthorizationSimulator {
    return new AuthorizationSimulator(manifests);
  }

  /** The configured authorizers, `name (type)`, in order. */
  public readonly authorizers: string[];
  private readonly chain: AuthzChain;

  private constructor(manifests: any[]) {
    const where = 'AuthorizationSimulator';
    if (!Array.isArray(manifests)) throw new HaruValidationError(where, [{ checkId: 'explain/input', field: 'manifests', problem: 'must be a list of objects', got: typeof manifests }]);
    const configs = manifests.filter((o) => o?.kind === 'AuthorizationConfiguration');
    if (configs.length !== 1) {
      throw new HaruValidationError(where, [{
        checkId: 'explain/input',
        field: 'manifests',
        problem: 'must hold exactly one AuthorizationConfiguration',
        got: String(configs.length),
        fix: 'Give the file kube-apiserver reads with --authorization-config (AuthzConfig writes it)',
      }]);
    }
    const bad: Violation[] = [];
    for (const o of manifests) {
      if (o?.kind !== 'AuthorizationConfiguration' && o?.apiVersion !== 'rbac.authorization.k8s.io/v1') continue;
      for (const v of checkObject(o)) {
        if (severityOf(v.checkId) === 'error') bad.push({ ...v, field: `${o.kind} ${o.metadata?.name ?? ''}`.trim() + `: ${v.field}` });
      }
    }
    if (bad.length > 0) throw new HaruValidationError(where, bad);
    this.chain = new AuthzChain(configs[0], new RbacSet(manifests));
    this.authorizers = this.chain.names.map((n) => `${n.name} (${n.type})`);
  }

  /**
   * Runs the chain on `request`. A webhook that would be called answers as `webhookResponses`
   * says; without an answer the decision is Unknown and `ifNoOpinion` says what follows.
   */
  public decide(request: AuthorizationRequest, webhookResponses: WebhookAssumption[] = []): AuthorizationExplanation {
    const a = toAttributes(request);
    const names = new Set(this.chain.names.filter((n) => n.type === 'Webhook').map((n) => n.name));
    const answers = new Map<string, WebhookAnswer>();
    const bad: Violation[] = [];
    (Array.isArray(webhookResponses) ? webhookResponses : []).forEach((w, i) => {
      if (!names.has(w?.name)) bad.push({ checkId: 'explain/input', field: `webhookResponses[${i}].name`, problem: 'names no webhook authorizer of the configuration', got: JSON.stringify(w?.name), allowed: [...names].join(', ') || '(none)' });
      else if (!Object.values(WebhookResponse).includes(w.response)) bad.push({ checkId: 'explain/input', field: `webhookResponses[${i}].response`, problem: 'is not a webhook response', got: JSON.stringify(w.response), allowed: Object.values(WebhookResponse).join(', ') });
      else answers.set(w.name, w.response as WebhookAnswer);
    });
    if (bad.length > 0) throw new HaruValidationError('AuthorizationSimulator.decide', bad);
    const r = this.chain.authorize(a, answers);
    return {
      decision: r.decision,
      allowed: r.decision === 'Allow',
      decidedBy: r.decidedBy,
      ifNoOpinion: r.ifWebhookHasNoOpinion ? `${r.ifWebhookHasNoOpinion.decision}${r.ifWebhookHasNoOpinion.decidedBy ? ` by ${r.ifWebhookHasNoOpinion.decidedBy}` : ''}` : undefined,
      steps: r.steps.map((s) => ({
        name: s.name, type: s.type, decision: s.decision, reason: s.reason, matchConditions: (s.conditions ?? []).map((c) => ({ ...c })),
      })),
      groups: [...a.groups],
    };
  }
}

function toAttributes(r: AuthorizationRequest): AuthzAttributes {
  const where = 'AuthorizationSimulator.decide';
  if (r === null || typeof r !== 'object') throw new HaruValidationError(where, [{ checkId: 'explain/input', field: 'request', problem: 'must be an object with user and verb', got: String(r) }]);
  const bad: Violation[] = [];
  for (const k of ['user', 'verb'] as const) if (typeof r[k] !== 'string' || r[k] === '') bad.push({ checkId: 'explain/input', field: k, problem: 'must be a non-empty string', got: r[k] === undefined ? undefined : JSON.stringify(r[k]) });
  for (const k of ['uid', 'apiGroup', 'apiVersion', 'resource', 'subresource', 'namespace', 'name', 'nonResourceUrl'] as const) {
    if (r[k] !== undefined && typeof r[k] !== 'string') bad.push({ checkId: 'explain/input', field: k, problem: 'must be a string', got: JSON.stringify(r[k]) });
  }
  if (r.groups !== undefined && (!Array.isArray(r.groups) || r.groups.some((g) => typeof g !== 'string'))) bad.push({ checkId: 'explain/input', field: 'groups', problem: 'must be a list of strings', got: JSON.stringify(r.groups) });
  const nonResource = typeof r.nonResourceUrl === 'string' && r.nonResourceUrl !== '';
  if (!nonResource && !r.resource) bad.push({ checkId: 'explain/input', field: 'resource', problem: 'is required for a resource request', fix: 'Give the resource (e.g. pods), or nonResourceUrl for a path such as /healthz' });
  if (nonResource && (r.resource || r.namespace || r.apiGroup || r.subresource || r.name)) bad.push({ checkId: 'explain/input', field: 'nonResourceUrl', problem: 'a request is either a resource request or a non-resource one', got: JSON.stringify(r.nonResourceUrl) });
  if (bad.length > 0) throw new HaruValidationError(where, bad);
  const groups = r.addAuthenticatedGroups === false ? [...(r.groups ?? [])] : withAuthenticatedGroups(r.user, r.groups ?? []);
  return nonResource
    ? { user: r.user, groups, uid: r.uid, verb: r.verb, path: r.nonResourceUrl }
    : { user: r.user, groups, uid: r.uid, verb: r.verb, apiGroup: r.apiGroup ?? '', apiVersion: r.apiVersion ?? 'v1', resource: r.resource, subresource: r.subresource, namespace: r.namespace, name: r.name };
}
