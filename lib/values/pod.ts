import { HaruValidationError } from '../base/errors';

/** Throws for a bad input of a value factory; `where` names the factory (there is no construct yet). */
function fail(where: string, field: string, problem: string, got: unknown, allowed: string, fix: string): never {
  throw new HaruValidationError(where, [{ checkId: 'harden/input', field, problem, got: JSON.stringify(got), allowed, fix }]);
}

/**
 * An explicit decision to relax one of the hardened defaults, with the reason an auditor
 * reads. Every opt-out is recorded on the object as an annotation
 * `haru.cdk8s.io/opt-out.<name>: <reason>`.
 */
export class OptOut {
  /** Relax a default because of `reason` (a sentence an auditor understands). */
  public static because(reason: string): OptOut {
    return new OptOut(reason);
  }

  /** The reason, as recorded in the annotation. */
  public readonly reason: string;

  private constructor(reason: string) {
    const r = typeof reason === 'string' ? reason.trim() : '';
    if (r.length < 3) {
      fail('OptOut.because', 'reason', 'an opt-out needs a reason', reason, 'a non-empty sentence', 'Say why the default is relaxed, e.g. OptOut.because("nginx binds port 80")');
    }
    this.reason = r;
  }
}

/** Largest UID/GID the API server accepts. */
const MAX_ID = 2147483647;
/** IDs up to this are flagged by scanners (kubesec and Trivy want strictly more). */
export const LOW_ID = 10000;

/** How the user and group of the pod's processes are chosen. */
export class RunAs {
  /**
   * Run as a fixed non-root UID and GID. Also sets `fsGroup` to the GID. The API server
   * and Pod Security Standards restricted accept any UID of 1 or more; scanners want more
   * than 10000 (kubesec and Trivy strictly, kube-score and Checkov from 10000), so an ID of
   * 10000 or less (the fixed UID of an image such as postgres 999 or grafana 472) is
   * recorded as the opt-out `low-uid` with `lowUidReason`.
   * @param uid the UID, 1 to 2147483647
   * @param gid the GID, 1 to 2147483647; defaults to the UID
   * @param lowUidReason why an ID of 10000 or less is used (recorded on the object); defaults to "the image runs as UID <uid>"
   */
  public static user(uid: number, gid?: number, lowUidReason?: string): RunAs {
    const g = gid ?? uid;
    for (const [field, id] of [['runAsUser', uid], ['runAsGroup', g]] as Array<[string, number]>) {
      if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
        fail('RunAs.user', field, 'must be an integer from 1 to 2147483647', id, '1 to 2147483647',
          id === 0 ? 'Run as root only inside the user namespace with RunAs.rootInUserNamespace(OptOut.because(\'<reason>\')), or pick a non-root ID'
            : 'Use the UID the image runs as (e.g. 999 for postgres), a high ID such as 65532, or RunAs.imageUser(reason) to leave it to the image');
      }
    }
    const low = uid <= LOW_ID || g <= LOW_ID;
    const optOut = low ? OptOut.because(lowUidReason ?? `the image runs as UID ${uid}`) : undefined;
    return new RunAs('user', uid, g, optOut);
  }

  /**
   * Leave the UID to the image (`runAsNonRoot: true` stays, so the kubelet refuses an image
   * whose user is root or not numeric). Recorded as `image-user`.
   */
  public static imageUser(optOut: OptOut): RunAs {
    return new RunAs('image', undefined, undefined, optOut);
  }

  /**
   * Run as root (UID 0, GID 0) inside the pod's own user namespace, where root maps to an
   * unprivileged host UID. Only allowed while the pod has its own user namespace
   * (`hostUsers: false`); Pod Security Standards (policy v1.35+) allow exactly that.
   * Recorded as `run-as-root`.
   */
  public static rootInUserNamespace(optOut: OptOut): RunAs {
    return new RunAs('root', 0, 0, optOut);
  }

  private constructor(
    /** @internal */ public readonly _mode: 'user' | 'image' | 'root',
    /** @internal */ public readonly _uid?: number,
    /** @internal */ public readonly _gid?: number,
    /** @internal */ public readonly _optOut?: OptOut,
  ) {}
}

/** Whether the pod gets its own user namespace. */
export class UserNamespace {
  /** The pod gets its own user namespace (`hostUsers: false`): container root maps to an unprivileged host UID. */
  public static own(): UserNamespace {
    return new UserNamespace(true);
  }

  /**
   * Share the host's user namespace (leave `hostUsers` unset), for nodes whose kernel,
   * filesystems or runtime do not support user namespaces. Recorded as `host-users`.
   */
  public static host(optOut: OptOut): UserNamespace {
    return new UserNamespace(false, optOut);
  }

  private constructor(
    /** @internal */ public readonly _own: boolean,
    /** @internal */ public readonly _optOut?: OptOut,
  ) {}
}

/**
 * A seccomp profile for `securityContext.seccompProfile`.
 * @see https://kubernetes.io/docs/tutorials/security/seccomp/
 */
export class SeccompProfile {
  /** The container runtime's default profile. */
  public static runtimeDefault(): SeccompProfile {
    return new SeccompProfile('RuntimeDefault');
  }

  /**
   * A profile file on the node, relative to the kubelet's seccomp directory. Passes Pod
   * Security Standards restricted; Checkov CKV_K8S_31 accepts only RuntimeDefault.
   * Recorded as `seccomp-localhost`.
   * @param path descending path relative to the kubelet seccomp directory, e.g. `profiles/app.json`
   * @param reason why a node-local profile is used
   */
  public static localhost(path: string, reason?: string): SeccompProfile {
    if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').includes('..')) {
      fail('SeccompProfile.localhost', 'seccompProfile.localhostProfile', 'must be a descending path relative to the kubelet seccomp directory', path, 'a relative path without parent-directory segments', 'e.g. SeccompProfile.localhost("profiles/app.json")');
    }
    return new SeccompProfile('Localhost', path, OptOut.because(reason ?? `node-local seccomp profile ${path}`));
  }

  /** No seccomp filtering. Fails Pod Security Standards baseline. Recorded as `seccomp-unconfined`. */
  public static unconfined(optOut: OptOut): SeccompProfile {
    return new SeccompProfile('Unconfined', undefined, optOut);
  }

  private constructor(
    /** @internal */ public readonly _type: string,
    /** @internal */ public readonly _localhostProfile?: string,
    /** @internal */ public readonly _optOut?: OptOut,
  ) {}

  /** @internal */
  public _toJson(): any {
    return this._localhostProfile === undefined ? { type: this._type } : { type: this._type, localhostProfile: this._localhostProfile };
  }
}

/**
 * An AppArmor profile for `securityContext.appArmorProfile` (the field, GA since 1.30;
 * the `container.apparmor.security.beta.kubernetes.io/*` annotations are deprecated and
 * never emitted).
 * @see https://kubernetes.io/docs/tutorials/security/apparmor/
 */
export class AppArmorProfile {
  /** The container runtime's default profile. */
  public static runtimeDefault(): AppArmorProfile {
    return new AppArmorProfile('RuntimeDefault');
  }

  /**
   * A profile loaded on the node under `name`. Recorded as `apparmor-localhost`.
   * @param name the profile name as loaded on the node, e.g. `k8s-custom`
   * @param reason why a node-local profile is used
   */
  public static localhost(name: string, reason?: string): AppArmorProfile {
    if (typeof name !== 'string' || name.trim() === '') {
      fail('AppArmorProfile.localhost', 'appArmorProfile.localhostProfile', 'must name a profile loaded on the node', name, 'a non-empty profile name', 'e.g. AppArmorProfile.localhost("k8s-custom")');
    }
    return new AppArmorProfile('Localhost', name, OptOut.because(reason ?? `node-local AppArmor profile ${name}`));
  }

  /** No AppArmor confinement. Fails Pod Security Standards baseline. Recorded as `apparmor-unconfined`. */
  public static unconfined(optOut: OptOut): AppArmorProfile {
    return new AppArmorProfile('Unconfined', undefined, optOut);
  }

  private constructor(
    /** @internal */ public readonly _type: string,
    /** @internal */ public readonly _localhostProfile?: string,
    /** @internal */ public readonly _optOut?: OptOut,
  ) {}

  /** @internal */
  public _toJson(): any {
    return this._localhostProfile === undefined ? { type: this._type } : { type: this._type, localhostProfile: this._localhostProfile };
  }
}

/**
 * Linux capabilities added back after `drop: [ALL]`. Only `NET_BIND_SERVICE` keeps a pod
 * restricted; anything else makes it baseline at best.
 */
export class CapabilityGrant {
  /**
   * Add `NET_BIND_SERVICE` (bind ports below 1024). Allowed by Pod Security Standards
   * restricted, flagged by Trivy KSV-0022 and Checkov CKV_K8S_25. Recorded as `net-bind-service`.
   */
  public static netBindService(optOut: OptOut): CapabilityGrant {
    return new CapabilityGrant(['NET_BIND_SERVICE'], optOut);
  }

  /**
   * Add the given capabilities (kernel names without `CAP_`, e.g. `CHOWN`). Anything other
   * than `NET_BIND_SERVICE` makes the pod not restricted. Recorded as `capabilities`
   * (or `net-bind-service` when that is the only one).
   */
  public static of(capabilities: string[], optOut: OptOut): CapabilityGrant {
    if (!Array.isArray(capabilities) || capabilities.length === 0) {
      fail('CapabilityGrant.of', 'capabilities.add', 'must list at least one capability', capabilities, 'kernel capability names such as NET_BIND_SERVICE', 'Pass the capabilities to add');
    }
    for (const c of capabilities) {
      if (typeof c !== 'string' || !/^[A-Z][A-Z_]*$/.test(c) || c.startsWith('CAP_')) {
        fail('CapabilityGrant.of', 'capabilities.add', 'must be an upper-case capability name without the CAP_ prefix', c, 'e.g. NET_BIND_SERVICE, CHOWN, SETUID', `Write ${JSON.stringify(String(c).toUpperCase().replace(/^CAP_/, ''))}`);
      }
    }
    return new CapabilityGrant([...new Set(capabilities)], optOut);
  }

  private constructor(
    /** @internal */ public readonly _capabilities: string[],
    /** @internal */ public readonly _optOut: OptOut,
  ) {}
}

/** Whether a hardened pod gets its own default-deny NetworkPolicy. */
export class NetworkIsolation {
  /**
   * A NetworkPolicy selecting the pod with policyTypes Ingress and Egress that allows only
   * DNS egress (UDP and TCP 53 to `k8s-app: kube-dns` pods in `kube-system`); open it with
   * `allowFrom` / `allowTo`.
   */
  public static defaultDeny(): NetworkIsolation {
    return new NetworkIsolation(true);
  }

  /** No NetworkPolicy for the pod. Recorded as `network-isolation`. */
  public static none(optOut: OptOut): NetworkIsolation {
    return new NetworkIsolation(false, optOut);
  }

  private constructor(
    /** @internal */ public readonly _isolated: boolean,
    /** @internal */ public readonly _optOut?: OptOut,
  ) {}
}

/** Resource requests and limits of a container (Kubernetes quantities). */
export interface ContainerResources {
  /** CPU request. @default '100m' */
  readonly cpuRequest?: string;
  /** CPU limit. @default '500m' */
  readonly cpuLimit?: string;
  /** Memory request. @default '256Mi' */
  readonly memoryRequest?: string;
  /** Memory limit. @default '256Mi' */
  readonly memoryLimit?: string;
  /** Ephemeral-storage request (logs, writable emptyDirs). @default '128Mi' */
  readonly ephemeralStorageRequest?: string;
  /** Ephemeral-storage limit. @default '512Mi' */
  readonly ephemeralStorageLimit?: string;
}

