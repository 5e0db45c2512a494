import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Authorizer, AuthorizerType } from './authorizer';
import { attachConfigFile, commentLine, fileNameViolations, reasonViolations } from './config-file';
import { checkArguments } from '../base/arguments';
import { HaruValidationError, joinPath, renderValue, Violation } from '../base/errors';
import { AUTHZ_API_VERSION, AUTHZ_KIND } from '../check/authz';
import { checkObject } from '../check/registry';
import { ProfileSetting } from '../profile/profile';
import { failing, profileFor, ProfileView } from '../profile/resolve';
import { WebhookFailurePolicy } from '../values/failure-policies';
import { writeYaml } from '../yaml/write';

function notAnAuthorizer(field: string, value: unknown): Violation[] {
  if (value instanceof Authorizer) return [];
  return [{ checkId: 'authz/authorizer', field, problem: 'must be an Authorizer', got: renderValue(value), fix: 'Use Authorizer.node(), Authorizer.rbac() or Authorizer.webhook(options)' }];
}

/** Properties of {@link AuthzConfig}. */
export interface AuthzConfigProps {
  /**
   * Name of the file written into the App's output directory, beside the chart
   * manifests. Must not end with the App's manifest extension (`.k8s.yaml`).
   *
   * @default 'authorization-config.yaml'
   */
  readonly fileName?: string;
  /**
   * The authorizers, in the order kube-apiserver asks them. Node and RBAC are put first
   * (added when missing) unless `customOrderReason` is set.
   *
   * Webhooks that leave `failurePolicy` or `timeout` unset take the nearest
   * HardeningProfile's `webhookFailurePolicy` / `webhookTimeout`.
   *
   * @default - Node and RBAC only
   */
  readonly authorizers?: Authorizer[];
  /**
   * Use `authorizers` exactly as given: nothing added, any order (for example a deny-list
   * webhook before RBAC, or a cluster without the Node authorizer). The reason is recorded
   * in the file header.
   *
   * @default - Node and RBAC come first
   */
  readonly customOrderReason?: string;
}

/**
 * A kube-apiserver `--authorization-config` file (`apiserver.config.k8s.io/v1`
 * AuthorizationConfiguration), written as its own YAML file into the App's output
 * directory when the app is synthesised.
 *
 * It is not a Kubernetes API object: kube-apiserver reads it at start-up (and on change)
 * and decodes it strictly, so the file has no `metadata` and no field the loader does not
 * know, and it is not part of any chart's manifest. Every rule of the loader is checked
 * when the construct is created or changed and again at synth.
 *
 * Secure defaults: Node then RBAC first, so a webhook only sees what they did not allow
 * and cannot take away what they grant; webhooks fail with `NoOpinion`, time out after 3s,
 * cache allowed answers 1m and denied answers 30s, and never see system identities.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#using-configuration-file-for-authorization
 */
export class AuthzConfig extends Construct {
  /** The file name inside the App's output directory. */
  public readonly fileName: string;
  /** The reason the authorizer order is taken as given, if any. */
  public readonly customOrderReason?: string;
  private readonly userAuthorizers: Authorizer[] = [];
  /** Where the user passed each of userAuthorizers: `authorizers[0]` (props) or `authorizer` (addAuthorizer). */
  private readonly userSlots: string[] = [];
  private readonly profile: ProfileView;

  constructor(scope: Construct, id: string, props: AuthzConfigProps = {}) {
    checkArguments('AuthzConfig.constructor', undefined, [scope, id, props]);
    super(scope, id);
    this.fileName = props.fileName ?? 'authorization-config.yaml';
    this.customOrderReason = props.customOrderReason;
    const bad = [
      ...fileNameViolations(this, this.fileName, 'authz/file-name'),
      ...reasonViolations('customOrderReason', this.customOrderReason, 'authz/opt-out-reason'),
    ];
    (props.authorizers ?? []).forEach((a, i) => bad.push(...notAnAuthorizer(`authorizers[${i}]`, a)));
    this.profile = profileFor(this);
    const authorizers = bad.length ? [] : (props.authorizers ?? []).map((a, i) => this.withProfile(a, `authorizers[${i}]`, bad));
    if (bad.length) throw new HaruValidationError(this.node.path, bad);
    this.userAuthorizers.push(...authorizers);
    this.userSlots.push(...authorizers.map((_, i) => `authorizers[${i}]`));
    this.validateNow();
    attachConfigFile(this, this.fileName, () => this.violations(), () => this.toYaml());
  }

  /** The authorizers in the order they are written (after Node/RBAC defaults). */
  public get authorizers(): Authorizer[] {
    if (this.customOrderReason !== undefined) return [...this.userAuthorizers];
    const builtin = (a: Authorizer) => a.type === AuthorizerType.NODE || a.type === AuthorizerType.RBAC;
    const has = (t: AuthorizerType) => this.userAuthorizers.some((a) => a.type === t);
    let head = 0;
    while (head < this.userAuthorizers.length && builtin(this.userAuthorizers[head])) head++;
    return [
      ...(has(AuthorizerType.NODE) ? [] : [Authorizer.node()]),
      ...this.userAuthorizers.slice(0, head),
      ...(has(AuthorizerType.RBAC) ? [] : [Authorizer.rbac()]),
      ...this.userAuthorizers.slice(head),
    ];
  }

  /** Appends an authorizer to the end of the chain. */
  public addAuthorizer(authorizer: Authorizer): void {
    const bad = notAnAuthorizer('authorizer', authorizer);
    const withDefaults = bad.length ? authorizer : this.withProfile(authorizer, 'authorizer', bad);
    if (bad.length) throw new HaruValidationError(this.node.path, bad);
    this.userAuthorizers.push(withDefaults);
    this.userSlots.push('authorizer');
    try {
      this.validateNow();
    } catch (e) {
      this.userAuthorizers.pop();
      this.userSlots.pop();
      throw e;
    }
  }

  /** The AuthorizationConfiguration object, exactly as written to the file. */
  public toJson(): any {
    return {
      apiVersion: AUTHZ_API_VERSION,
      kind: AUTHZ_KIND,
      authorizers: this.authorizers.map((a) => a._render()),
    };
  }

  /** The file content: a header comment (with any recorded opt-outs) and one YAML document. */
  public toYaml(): string {
    const header = [
      '# kube-apiserver --authorization-config file (apiserver.config.k8s.io/v1 AuthorizationConfiguration).',
      '# Not a Kubernetes API object: copy it to every control-plane host; do not kubectl apply it.',
    ];
    if (this.customOrderReason !== undefined) header.push(`# opt-out: authorizer order taken as given: ${commentLine(this.customOrderReason)}`);
    for (const a of this.authorizers) for (const n of a._notes()) header.push(`# opt-out: ${n}`);
    return `${header.join('\n')}\n${writeYaml(this.toJson())}`;
  }

  /** A webhook with the HardeningProfile's defaults; lock violations go to `bad`. */
  private withProfile(a: Authorizer, field: string, bad: Violation[]): Authorizer {
    const out = a._withWebhookDefaults(
      this.profile.value<WebhookFailurePolicy>(ProfileSetting.WEBHOOK_FAILURE_POLICY),
      this.profile.value<Duration>(ProfileSetting.WEBHOOK_TIMEOUT));
    const w = out._webhookSettings();
    if (w) {
      bad.push(...this.profile.locks(ProfileSetting.WEBHOOK_FAILURE_POLICY, w.failurePolicy, `${field} ${a._label()}.failurePolicy`));
      bad.push(...this.profile.locks(ProfileSetting.WEBHOOK_TIMEOUT, w.timeout, `${field} ${a._label()}.timeout`));
    }
    return out;
  }

  private violations(): Violation[] {
    const out: Violation[] = [];
    if (this.customOrderReason === undefined) {
      // Secure default: Node and RBAC decide before anything else.
      let seenOther = false;
      this.authorizers.forEach((a, i) => {
        const builtin = a.type === AuthorizerType.NODE || a.type === AuthorizerType.RBAC;
        if (!builtin) {
          seenOther = true;
        } else if (seenOther) {
          out.push({
            checkId: 'authz/order',
            field: joinPath('authorizers', i),
            problem: `${a.type} must come before every other authorizer`,
            got: renderValue(a.type),
            fix: 'Leave Node and RBAC out (they are put first for you), or set customOrderReason to keep this order',
          });
        }
      });
    }
    out.push(...checkObject(this.toJson(), { skipSchema: true }));
    return failing(this, out.map((v) => ({ ...v, field: this.userField(v.field) })));
  }

  /**
   * A field of the rendered file (`authorizers[2].webhook.timeout`, where Node and RBAC were
   * put first) as the user wrote it: the slot they passed it in, the authorizer by its
   * factory and name, and their option (`authorizers[0] Authorizer.webhook("opa").timeout`).
   * Authorizers the library added (Node, RBAC) keep the file's path, marked as added.
   */
  private userField(field: string): string {
    const m = /^authorizers\[(\d+)\](.*)$/.exec(field);
    if (!m) return field;
    const a = this.authorizers[Number(m[1])];
    const slot = a ? this.userAuthorizers.indexOf(a) : -1;
    if (!a || slot < 0) return a ? `${field} (${a._label()}, added by default)` : field;
    const option = a._userField(m[2]);
    return option === undefined ? `${this.userSlots[slot]} ${a._label()} (file: ${field})` : `${this.userSlots[slot]} ${a._label()}${option}`;
  }

  private validateNow(): void {
    const v = this.violations();
    if (v.length) throw new HaruValidationError(this.node.path, v);
  }
}
