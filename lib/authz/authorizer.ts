import { Duration } from 'cdk8s';
import { commentLine, reasonViolations } from './config-file';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { checkDns1123Subdomain, formatGoDuration } from '../base/validators';
import { WebhookFailurePolicy } from '../values/failure-policies';

/**
 * The authorizer types kube-apiserver accepts in an AuthorizationConfiguration.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#authorization-modules
 */
export enum AuthorizerType {
  /** Authorizes kubelets for the objects bound to their node. */
  NODE = 'Node',
  /** Role-based access control (Roles, ClusterRoles and their bindings). */
  RBAC = 'RBAC',
  /** Asks an external service with a SubjectAccessReview. */
  WEBHOOK = 'Webhook',
  /** Attribute-based policies from the `--authorization-policy-file` flag. */
  ABAC = 'ABAC',
  /** Allows every request. */
  ALWAYS_ALLOW = 'AlwaysAllow',
  /** Has no opinion on any request. */
  ALWAYS_DENY = 'AlwaysDeny',
}

/** Version of the SubjectAccessReview object sent to (and expected back from) a webhook. */
export enum SubjectAccessReviewVersion {
  /** `authorization.k8s.io/v1`. */
  V1 = 'v1',
  /** `authorization.k8s.io/v1beta1` (legacy webhooks only). */
  V1BETA1 = 'v1beta1',
}

/**
 * How kube-apiserver reaches an authorization webhook.
 *
 * Only a kubeconfig file exists for kube-apiserver: the API also names `InClusterConfig`,
 * but its documentation says it is not allowed for kube-apiserver (it is meant for other
 * API servers built on k8s.io/apiserver), so there is no factory for it.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/webhook/
 */
export class WebhookConnection {
  /**
   * A kubeconfig file on every control-plane host, naming the webhook server, its CA and
   * kube-apiserver's client credentials.
   *
   * @param path absolute path on the control-plane hosts, e.g. `/etc/kubernetes/authz-webhook.kubeconfig`
   */
  public static kubeConfigFile(path: string): WebhookConnection {
    return new WebhookConnection('KubeConfigFile', path);
  }

  /** The wire value of `connectionInfo.type`. */
  public readonly type: string;
  /** The kubeconfig path, when the type uses one. */
  public readonly kubeConfigPath?: string;

  private constructor(type: string, kubeConfigPath?: string) {
    this.type = type;
    this.kubeConfigPath = kubeConfigPath;
  }
}

/** Options for {@link AuthzMatchCondition.excludeSystemIdentities}. */
export interface SystemIdentityOptions {
  /**
   * More user names to keep away from the webhook (exact match).
   *
   * @default - none
   */
  readonly additionalUsers?: string[];
  /**
   * More groups to keep away from the webhook.
   *
   * @default - none
   */
  readonly additionalGroups?: string[];
}

/** Users the control plane itself runs as (kube-apiserver loopback, controller manager, scheduler, kube-proxy). */
const SYSTEM_USERS = ['system:apiserver', 'system:kube-controller-manager', 'system:kube-scheduler', 'system:kube-proxy'];
/** Groups of cluster-critical identities: break-glass admins, kubelets, kube-system service accounts. */
const SYSTEM_GROUPS = ['system:masters', 'system:nodes', 'system:serviceaccounts:kube-system'];

function celString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function celList(items: readonly string[]): string {
  return `[${items.map(celString).join(', ')}]`;
}

/**
 * A CEL condition over `request` (a v1 SubjectAccessReviewSpec) that must be true for a
 * request to be sent to an authorization webhook. All conditions of a webhook must hold;
 * a request that fails one skips the webhook (as if it had no opinion).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#using-configuration-file-for-authorization
 */
export class AuthzMatchCondition {
  /**
   * Any CEL expression returning bool; it is compiled and type-checked at synth.
   *
   * @param expression e.g. `has(request.resourceAttributes)`
   */
  public static cel(expression: string): AuthzMatchCondition {
    return new AuthzMatchCondition(expression);
  }

  /**
   * Only resource requests whose API group is one of `groups` (`''` is the core group).
   *
   * @param groups API group names without version, e.g. `['resource.k8s.io']`
   */
  public static resourceGroups(groups: string[]): AuthzMatchCondition {
    const bad: Violation[] = [];
    if (!Array.isArray(groups) || groups.length === 0) {
      bad.push({ checkId: 'authz/match-groups', field: 'groups', problem: 'must name at least one API group', got: renderValue(groups), fix: "Pass e.g. ['resource.k8s.io']" });
    } else {
      groups.forEach((g, i) => {
        const v = g === '' ? undefined : checkDns1123Subdomain(`groups[${i}]`, g);
        if (v) bad.push({ ...v, checkId: 'authz/match-groups', fix: 'Use the API group without a version, e.g. "resource.k8s.io" ("" for the core group)' });
      });
    }
    if (bad.length) throw new HaruValidationError('AuthzMatchCondition.resourceGroups', bad);
    const group = groups.includes('')
      ? "(has(request.resourceAttributes.group) ? request.resourceAttributes.group : '')"
      : 'has(request.resourceAttributes.group) && request.resourceAttributes.group';
    return new AuthzMatchCondition(`has(request.resourceAttributes) && ${group} in ${celList(groups)}`);
  }

  /**
   * Keeps cluster-critical identities away from the webhook, so that a webhook outage
   * (or a webhook that denies too much) cannot lock out the control plane or the
   * break-glass admins: the groups `system:masters`, `system:nodes` and
   * `system:serviceaccounts:kube-system`, the users `system:node:*`, `system:apiserver`,
   * `system:kube-controller-manager`, `system:kube-scheduler` and `system:kube-proxy`.
   * Their requests are decided by the other authorizers (Node, RBAC).
   */
  public static excludeSystemIdentities(options: SystemIdentityOptions = {}): AuthzMatchCondition {
    const users = [...SYSTEM_USERS, ...(options.additionalUsers ?? [])];
    const groups = [...SYSTEM_GROUPS, ...(options.additionalGroups ?? [])];
    return new AuthzMatchCondition(
      `!(has(request.groups) && request.groups.exists(g, g in ${celList(groups)}))`
      + ` && !(has(request.user) && (request.user.startsWith('system:node:') || request.user in ${celList(users)}))`,
    );
  }

  /** The CEL expression. */
  public readonly expression: string;

  private constructor(expression: string) {
    this.expression = expression;
  }
}

/** Settings of a webhook authorizer. */
export interface WebhookAuthorizerOptions {
  /** Unique name of the authorizer (a DNS-1123 subdomain), e.g. `policy.example.com`. */
  readonly name: string;
  /** How kube-apiserver reaches the webhook. */
  readonly connection: WebhookConnection;
  /**
   * How long kube-apiserver waits for the webhook (0 < timeout <= 30s). Every request that
   * reaches the webhook waits for it, so keep it short.
   *
   * @default Duration.seconds(3)
   */
  readonly timeout?: Duration;
  /**
   * What an unreachable or failing webhook means. `NoOpinion` passes the request on to the
   * next authorizer (and it is denied if none allows it), so an outage neither grants access
   * nor blocks what RBAC already allows; `Deny` stops the chain.
   *
   * @default WebhookFailurePolicy.NO_OPINION
   */
  readonly failurePolicy?: WebhookFailurePolicy;
  /**
   * SubjectAccessReview version the webhook speaks.
   *
   * @default SubjectAccessReviewVersion.V1
   */
  readonly subjectAccessReviewVersion?: SubjectAccessReviewVersion;
  /**
   * Whether "allowed" answers are cached.
   *
   * @default true
   */
  readonly cacheAuthorizedRequests?: boolean;
  /**
   * How long an "allowed" answer is cached. Shorter than the upstream default (5m) so that a
   * permission revoked in the webhook stops working within a minute.
   *
   * @default Duration.minutes(1)
   */
  readonly authorizedTtl?: Duration;
  /**
   * Whether "denied" answers are cached.
   *
   * @default true
   */
  readonly cacheUnauthorizedRequests?: boolean;
  /**
   * How long a "denied" answer is cached (the upstream default).
   *
   * @default Duration.seconds(30)
   */
  readonly unauthorizedTtl?: Duration;
  /**
   * Conditions a request must meet to be sent to the webhook (at most 64, with the
   * system-identity exclusion counted).
   *
   * @default - every request except those of system identities
   */
  readonly matchConditions?: AuthzMatchCondition[];
  /**
   * Send requests of system identities to the webhook too. By default
   * {@link AuthzMatchCondition.excludeSystemIdentities} is put first in the match
   * conditions. Setting a reason drops it; the reason is recorded in the file header.
   *
   * @default - system identities never reach the webhook
   */
  readonly includeSystemIdentitiesReason?: string;
}

/** The factory method that makes each non-webhook authorizer type. */
const FACTORY_OF: Record<string, string> = {
  Node: 'node', RBAC: 'rbac', ABAC: 'abac', AlwaysAllow: 'alwaysAllow', AlwaysDeny: 'alwaysDeny', Webhook: 'webhook',
};

/**
 * One entry of the authorization chain. kube-apiserver asks the authorizers in order; the
 * first to allow or deny decides, and a request nobody allows is denied.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/
 */
export class Authorizer {
  /** The Node authorizer: kubelets may read and write only what belongs to their node. */
  public static node(): Authorizer {
    return new Authorizer(AuthorizerType.NODE, 'node');
  }

  /** The RBAC authorizer (Roles, ClusterRoles, RoleBindings, ClusterRoleBindings). */
  public static rbac(): Authorizer {
    return new Authorizer(AuthorizerType.RBAC, 'rbac');
  }

  /**
   * An authorization webhook. Defaults: 3s timeout, failure policy `NoOpinion`, allowed
   * answers cached 1m and denied answers 30s, SubjectAccessReview v1, system identities
   * excluded by a match condition.
   *
   * @see https://kubernetes.io/docs/reference/access-authn-authz/webhook/
   */
  public static webhook(options: WebhookAuthorizerOptions): Authorizer {
    const o = options ?? ({} as WebhookAuthorizerOptions);
    const bad: Violation[] = [
      ...reasonViolations('includeSystemIdentitiesReason', o.includeSystemIdentitiesReason, 'authz/opt-out-reason'),
    ];
    if (!(o.connection instanceof WebhookConnection)) {
      bad.push({ checkId: 'authz/webhook-connection', field: 'connection', problem: 'is required', got: renderValue(o.connection), fix: "Use WebhookConnection.kubeConfigFile('/etc/kubernetes/authz-webhook.kubeconfig')" });
    }
    for (const key of ['timeout', 'authorizedTtl', 'unauthorizedTtl'] as const) {
      const d: unknown = o[key];
      if (d !== undefined && !(d instanceof Duration)) {
        bad.push({ checkId: 'authz/duration', field: key, problem: 'must be a cdk8s Duration', got: renderValue(d), fix: 'Use e.g. Duration.seconds(3)' });
      } else if (d instanceof Duration && !Number.isSafeInteger(d.toMilliseconds({ integral: false }))) {
        // Duration.toMilliseconds() throws on fractions; the file holds whole milliseconds at most.
        bad.push({ checkId: 'authz/duration', field: key, problem: 'must be a whole number of milliseconds', got: `${d.toMilliseconds({ integral: false })}ms`, fix: 'Use e.g. Duration.seconds(3) or Duration.millis(500)' });
      }
    }
    const mcs: unknown = o.matchConditions;
    if (mcs !== undefined && (!Array.isArray(mcs) || mcs.some((c) => !(c instanceof AuthzMatchCondition)))) {
      bad.push({ checkId: 'authz/match-condition', field: 'matchConditions', problem: 'must be a list of AuthzMatchCondition', got: renderValue(mcs), fix: "Use e.g. [AuthzMatchCondition.cel('has(request.resourceAttributes)')]" });
    }
    const cacheAuthorized = o.cacheAuthorizedRequests ?? true;
    const cacheUnauthorized = o.cacheUnauthorizedRequests ?? true;
    if (!cacheAuthorized && o.authorizedTtl !== undefined) {
      bad.push({ checkId: 'authz/webhook-ttl', field: 'authorizedTtl', problem: 'has no effect when cacheAuthorizedRequests is false', fix: 'Remove authorizedTtl or turn the cache on' });
    }
    if (!cacheUnauthorized && o.unauthorizedTtl !== undefined) {
      bad.push({ checkId: 'authz/webhook-ttl', field: 'unauthorizedTtl', problem: 'has no effect when cacheUnauthorizedRequests is false', fix: 'Remove unauthorizedTtl or turn the cache on' });
    }
    if (bad.length) throw new HaruValidationError(`Authorizer.webhook(${renderValue(o.name)})`, bad);

    const conditions = [
      ...(o.includeSystemIdentitiesReason === undefined ? [AuthzMatchCondition.excludeSystemIdentities()] : []),
      ...(o.matchConditions ?? []),
    ].map((c) => c.expression);
    const webhook: Record<string, unknown> = {};
    if (cacheAuthorized) webhook.authorizedTTL = formatGoDuration((o.authorizedTtl ?? Duration.minutes(1)).toMilliseconds());
    webhook.cacheAuthorizedRequests = cacheAuthorized;
    if (cacheUnauthorized) webhook.unauthorizedTTL = formatGoDuration((o.unauthorizedTtl ?? Duration.seconds(30)).toMilliseconds());
    webhook.cacheUnauthorizedRequests = cacheUnauthorized;
    webhook.timeout = formatGoDuration((o.timeout ?? Duration.seconds(3)).toMilliseconds());
    webhook.subjectAccessReviewVersion = o.subjectAccessReviewVersion ?? SubjectAccessReviewVersion.V1;
    if (conditions.length > 0) webhook.matchConditionSubjectAccessReviewVersion = SubjectAccessReviewVersion.V1;
    webhook.failurePolicy = o.failurePolicy ?? WebhookFailurePolicy.NO_OPINION;
    const connectionInfo: Record<string, unknown> = { type: o.connection.type };
    if (o.connection.kubeConfigPath !== undefined) connectionInfo.kubeConfigFile = o.connection.kubeConfigPath;
    webhook.connectionInfo = connectionInfo;
    if (conditions.length > 0) webhook.matchConditions = conditions.map((expression) => ({ expression }));

    const notes = o.includeSystemIdentitiesReason !== undefined
      ? [`webhook ${o.name} also receives requests of system identities: ${commentLine(o.includeSystemIdentitiesReason)}`]
      : [];
    return new Authorizer(AuthorizerType.WEBHOOK, o.name, webhook, notes, o);
  }

  /**
   * The ABAC authorizer. Its policies come from the `--authorization-policy-file` flag, a
   * static file that needs a restart to change and grants by attribute with no audit
   * trail in the API; prefer RBAC.
   */
  public static abac(): Authorizer {
    return new Authorizer(AuthorizerType.ABAC, 'abac');
  }

  /**
   * Allows every request that reaches it: with it in the chain the cluster effectively has
   * no authorization. Only for throw-away test clusters; the reason is recorded in the
   * file header.
   *
   * @param reason why a cluster without authorization is acceptable here
   */
  public static alwaysAllow(reason: string): Authorizer {
    const bad = reasonViolations('reason', reason ?? '', 'authz/opt-out-reason');
    if (bad.length) throw new HaruValidationError('Authorizer.alwaysAllow', bad);
    return new Authorizer(AuthorizerType.ALWAYS_ALLOW, 'alwaysallow', undefined, [`AlwaysAllow authorizer (every request reaching it is allowed): ${commentLine(reason)}`]);
  }

  /**
   * The AlwaysDeny authorizer. It answers "no opinion" to everything, so in a chain it
   * changes nothing (requests nobody allows are denied anyway); it exists for tests.
   */
  public static alwaysDeny(): Authorizer {
    return new Authorizer(AuthorizerType.ALWAYS_DENY, 'alwaysdeny');
  }

  /** The authorizer type. */
  public readonly type: AuthorizerType;
  /** The authorizer name (the lower-cased type for everything but webhooks). */
  public readonly name: string;
  private readonly webhookConfig?: Record<string, unknown>;
  private readonly notes: string[];
  private readonly webhookOptions?: WebhookAuthorizerOptions;

  private constructor(
    type: AuthorizerType, name: string, webhook?: Record<string, unknown>, notes: string[] = [], options?: WebhookAuthorizerOptions,
  ) {
    this.type = type;
    this.name = name;
    this.webhookConfig = webhook;
    this.notes = notes;
    this.webhookOptions = options;
  }

  /**
   * This webhook with `failurePolicy` and `timeout` filled in where its options left them
   * unset (a HardeningProfile's defaults); other authorizers unchanged.
   * @internal
   */
  public _withWebhookDefaults(failurePolicy?: WebhookFailurePolicy, timeout?: Duration): Authorizer {
    const o = this.webhookOptions;
    if (!o) return this;
    return Authorizer.webhook({ ...o, failurePolicy: o.failurePolicy ?? failurePolicy, timeout: o.timeout ?? timeout });
  }

  /**
   * The webhook's failure policy and timeout, as written.
   * @internal
   */
  public _webhookSettings(): { failurePolicy: WebhookFailurePolicy; timeout: Duration } | undefined {
    const o = this.webhookOptions;
    if (!o) return undefined;
    return { failurePolicy: o.failurePolicy ?? WebhookFailurePolicy.NO_OPINION, timeout: o.timeout ?? Duration.seconds(3) };
  }

  /**
   * The `authorizers[]` entry as kube-apiserver reads it.
   * @internal
   */
  public _render(): Record<string, unknown> {
    return {
      type: this.type,
      name: this.name,
      ...(this.webhookConfig ? { webhook: JSON.parse(JSON.stringify(this.webhookConfig)) } : {}),
    };
  }

  /**
   * How the user wrote this authorizer, for messages: `Authorizer.webhook("opa")` for a
   * webhook (its name is the user's), else the factory (`Authorizer.rbac()`).
   * @internal
   */
  public _label(): string {
    return this.type === AuthorizerType.WEBHOOK ? `Authorizer.webhook(${JSON.stringify(this.name)})` : `Authorizer.${FACTORY_OF[this.type]}()`;
  }

  /**
   * The user's option for a field path inside this authorizer's rendered `authorizers[]`
   * entry (`webhook.timeout` → `timeout`; `webhook.matchConditions[1].expression` →
   * `matchConditions[0]` when the system-identity condition came first). Undefined for a
   * field the library wrote on its own.
   * @internal
   */
  public _userField(rest: string): string | undefined {
    if (rest === '' || rest === '.type') return '';
    if (rest === '.name') return '.name';
    const w = /^\.webhook(?:\.(\w+)(.*))?$/.exec(rest);
    if (!w || !this.webhookOptions) return undefined;
    const [, key, tail] = w;
    if (key === undefined) return '';
    const direct: Record<string, string> = {
      timeout: 'timeout',
      authorizedTTL: 'authorizedTtl',
      unauthorizedTTL: 'unauthorizedTtl',
      failurePolicy: 'failurePolicy',
      subjectAccessReviewVersion: 'subjectAccessReviewVersion',
      cacheAuthorizedRequests: 'cacheAuthorizedRequests',
      cacheUnauthorizedRequests: 'cacheUnauthorizedRequests',
      connectionInfo: 'connection',
    };
    if (direct[key] !== undefined) return `.${direct[key]}`;
    if (key === 'matchConditions') {
      const m = /^\[(\d+)\]/.exec(tail);
      if (!m) return '.matchConditions';
      const generated = this.webhookOptions.includeSystemIdentitiesReason === undefined ? 1 : 0;
      const k = Number(m[1]) - generated;
      return k < 0 ? undefined : `.matchConditions[${k}]`;
    }
    return undefined;
  }

  /**
   * Opt-outs to record in the file header.
   * @internal
   */
  public _notes(): string[] {
    return [...this.notes];
  }
}
