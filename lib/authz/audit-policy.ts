import { Construct } from 'constructs';
import { attachConfigFile, fileNameViolations } from './config-file';
import { checkArguments } from '../base/arguments';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { AUDIT_API_VERSION, AUDIT_KIND } from '../check/audit';
import { checkObject } from '../check/registry';
import { writeYaml } from '../yaml/write';

/**
 * How much of a request the audit log records.
 *
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy
 */
export enum AuditLevel {
  /** Do not log matching requests. */
  NONE = 'None',
  /** User, verb, resource, response status and annotations (including the authorization decision), no bodies. */
  METADATA = 'Metadata',
  /** Metadata plus the request body. */
  REQUEST = 'Request',
  /** Metadata plus request and response bodies. */
  REQUEST_RESPONSE = 'RequestResponse',
}

/** Stages of request handling at which audit events can be generated. */
export enum AuditStage {
  /** As soon as the request is received, before it is handled. */
  REQUEST_RECEIVED = 'RequestReceived',
  /** When response headers are sent (long-running requests such as watch). */
  RESPONSE_STARTED = 'ResponseStarted',
  /** When the response is complete. */
  RESPONSE_COMPLETE = 'ResponseComplete',
  /** When a panic occurred. */
  PANIC = 'Panic',
}

/** Resources of one API group that a rule applies to. */
export interface AuditGroupResources {
  /** API group without version; `''` is the core group. */
  readonly group: string;
  /**
   * Resources of the group (`pods`, `pods/log`, `*`, `*\/status`).
   *
   * @default - all resources of the group
   */
  readonly resources?: string[];
  /**
   * Object names within the resources.
   *
   * @default - all objects
   */
  readonly resourceNames?: string[];
}

/** Which requests an audit rule applies to; every field set must match. */
export interface AuditMatch {
  /**
   * User names.
   *
   * @default - any user
   */
  readonly users?: string[];
  /**
   * Group names (a request matches when the user is in any of them).
   *
   * @default - any group
   */
  readonly userGroups?: string[];
  /**
   * Verbs (`get`, `list`, `create`, ...).
   *
   * @default - any verb
   */
  readonly verbs?: string[];
  /**
   * Resources.
   *
   * @default - any resource
   */
  readonly resources?: AuditGroupResources[];
  /**
   * Namespaces (`''` matches cluster-scoped resources).
   *
   * @default - any namespace
   */
  readonly namespaces?: string[];
  /**
   * Non-resource URL paths (`/healthz*`); cannot be combined with resources or namespaces.
   *
   * @default - no non-resource rule
   */
  readonly nonResourceUrls?: string[];
  /**
   * Stages not recorded for this rule.
   *
   * @default - the policy's omitStages
   */
  readonly omitStages?: AuditStage[];
}

/**
 * One rule of an audit policy. The first rule that matches a request decides its level;
 * requests no rule matches are not logged.
 */
export class AuditRule {
  /** Log matching requests at `level`. */
  public static atLevel(level: AuditLevel, match: AuditMatch = {}): AuditRule {
    return new AuditRule(level, match);
  }

  /**
   * Record the authorization decision (`authorization.k8s.io/decision` and
   * `authorization.k8s.io/reason` audit annotations) of matching requests, at level
   * Metadata: who did what and whether it was allowed, without request or response bodies.
   */
  public static authorizationDecisions(match: AuditMatch = {}): AuditRule {
    return new AuditRule(AuditLevel.METADATA, match);
  }

  /** The level of the rule. */
  public readonly level: AuditLevel;
  private readonly match: AuditMatch;

  private constructor(level: AuditLevel, match: AuditMatch) {
    this.level = level;
    this.match = match ?? {};
  }

  /**
   * The `rules[]` entry as kube-apiserver reads it.
   * @internal
   */
  public _render(): Record<string, unknown> {
    const m = this.match;
    const out: Record<string, unknown> = { level: this.level };
    // Non-lists (plain JavaScript input) are passed through so that the checker reports them.
    const copy = (v: unknown) => (Array.isArray(v) ? [...v] : v);
    const list = (key: string, v: readonly unknown[] | undefined) => {
      if (v !== undefined && v !== null && (!Array.isArray(v) || v.length > 0)) out[key] = copy(v);
    };
    list('users', m.users);
    list('userGroups', m.userGroups);
    list('verbs', m.verbs);
    list('resources', Array.isArray(m.resources) ? m.resources.map((r) => ({
      group: r?.group,
      ...(r?.resources?.length ? { resources: copy(r.resources) } : {}),
      ...(r?.resourceNames?.length ? { resourceNames: copy(r.resourceNames) } : {}),
    })) : m.resources);
    list('namespaces', m.namespaces);
    list('nonResourceURLs', m.nonResourceUrls);
    list('omitStages', m.omitStages);
    return out;
  }
}

function notAnAuditRule(field: string, value: unknown): Violation[] {
  if (value instanceof AuditRule) return [];
  return [{ checkId: 'audit/rule', field, problem: 'must be an AuditRule', got: renderValue(value), fix: 'Use AuditRule.authorizationDecisions() or AuditRule.atLevel(level, match)' }];
}

/** Properties of {@link AuditPolicy}. */
export interface AuditPolicyProps {
  /**
   * Name of the file written into the App's output directory.
   *
   * @default 'audit-policy.yaml'
   */
  readonly fileName?: string;
  /**
   * The rules, first match wins.
   *
   * @default - [AuditRule.authorizationDecisions()]: every request at level Metadata
   */
  readonly rules?: AuditRule[];
  /**
   * Stages never recorded. `RequestReceived` duplicates what `ResponseComplete` records.
   *
   * @default [AuditStage.REQUEST_RECEIVED]
   */
  readonly omitStages?: AuditStage[];
  /**
   * Leave `managedFields` out of logged request and response bodies.
   *
   * @default true
   */
  readonly omitManagedFields?: boolean;
}

/**
 * A kube-apiserver `--audit-policy-file` (`audit.k8s.io/v1` Policy), written as its own YAML
 * file into the App's output directory.
 *
 * Kubernetes 1.36 has no "authorization logging" setting: every authorization decision is
 * attached to the request's audit event as the annotations `authorization.k8s.io/decision`
 * (`allow` or `forbid`) and `authorization.k8s.io/reason`. An audit policy that logs the
 * requests you care about at level Metadata or above therefore records them.
 *
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
 */
export class AuditPolicy extends Construct {
  /** The file name inside the App's output directory. */
  public readonly fileName: string;
  /** Stages never recorded. */
  public readonly omitStages: AuditStage[];
  /** Whether managedFields are left out of logged bodies. */
  public readonly omitManagedFields: boolean;
  private readonly rules: AuditRule[] = [];

  constructor(scope: Construct, id: string, props: AuditPolicyProps = {}) {
    checkArguments('AuditPolicy.constructor', undefined, [scope, id, props]);
    super(scope, id);
    this.fileName = props.fileName ?? 'audit-policy.yaml';
    this.omitStages = props.omitStages ?? [AuditStage.REQUEST_RECEIVED];
    this.omitManagedFields = props.omitManagedFields ?? true;
    const bad = fileNameViolations(this, this.fileName, 'audit/file-name');
    (props.rules ?? []).forEach((r, i) => bad.push(...notAnAuditRule(`rules[${i}]`, r)));
    if (bad.length) throw new HaruValidationError(this.node.path, bad);
    this.rules.push(...(props.rules ?? [AuditRule.authorizationDecisions()]));
    this.validateNow();
    attachConfigFile(this, this.fileName, () => checkObject(this.toJson(), { skipSchema: true }), () => this.toYaml());
  }

  /** Appends a rule (rules are matched in order). */
  public addRule(rule: AuditRule): void {
    const bad = notAnAuditRule('rule', rule);
    if (bad.length) throw new HaruValidationError(this.node.path, bad);
    this.rules.push(rule);
    try {
      this.validateNow();
    } catch (e) {
      this.rules.pop();
      throw e;
    }
  }

  /** The Policy object, exactly as written to the file. */
  public toJson(): any {
    return {
      apiVersion: AUDIT_API_VERSION,
      kind: AUDIT_KIND,
      ...(this.omitStages.length ? { omitStages: [...this.omitStages] } : {}),
      omitManagedFields: this.omitManagedFields,
      rules: this.rules.map((r) => r._render()),
    };
  }

  /** The file content: a header comment and one YAML document. */
  public toYaml(): string {
    return '# kube-apiserver --audit-policy-file (audit.k8s.io/v1 Policy). Not a Kubernetes API object: do not kubectl apply it.\n'
      + writeYaml(this.toJson());
  }

  private validateNow(): void {
    const v = checkObject(this.toJson(), { skipSchema: true });
    if (v.length) throw new HaruValidationError(this.node.path, v);
  }
}
