import { HaruValidationError, Violation } from '../base/errors';
import { checkDns1123Label, checkQuantity } from '../base/validators';

function assertOk(where: string, ...vs: Array<Violation | undefined>): void {
  const list = vs.filter((x): x is Violation => x !== undefined);
  if (list.length) throw new HaruValidationError(where, list);
}

/** Options of an `emptyDir` volume. */
export interface EmptyDirOptions {
  /** Size limit. @default '64Mi' */
  readonly sizeLimit?: string;
  /** Back the directory with memory (tmpfs). @default false */
  readonly memory?: boolean;
}

/** Options of {@link Volume.serviceAccountToken}. */
export interface ServiceAccountTokenOptions {
  /** Audience the token is for (the service that checks it). @default - the API server's audiences */
  readonly audience?: string;
  /** Lifetime in seconds, 600 (10 minutes) or more; the kubelet renews it at 80%. @default 3600 */
  readonly expirationSeconds?: number;
  /** File name of the token inside the volume (relative). @default 'token' */
  readonly path?: string;
}

/** Options of {@link Volume.ephemeral}. */
export interface EphemeralVolumeOptions {
  /** Requested size, a Kubernetes quantity such as `1Gi`. */
  readonly storage: string;
  /** StorageClass of the claim. @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/**
 * A volume of a {@link HardenedPod}. The factories cover the volume types Pod Security
 * Standards restricted allows that this library supports, plus `hostPath`, which the pod
 * refuses unless `allowHostPath` is given.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
export class Volume {
  /** Scratch space that lives as long as the pod. */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    const sizeLimit = options.sizeLimit ?? '64Mi';
    assertOk('Volume.emptyDir', checkQuantity(`volumes[${name}].emptyDir.sizeLimit`, sizeLimit, { positive: true }));
    return new Volume(name, { emptyDir: options.memory ? { medium: 'Memory', sizeLimit } : { sizeLimit } });
  }

  /** The keys of a ConfigMap as files. */
  public static configMap(name: string, configMapName: string): Volume {
    return new Volume(name, { configMap: { name: configMapName } });
  }

  /** The keys of a Secret as files (mode 0400). */
  public static secret(name: string, secretName: string): Volume {
    return new Volume(name, { secret: { secretName, defaultMode: 0o400 } });
  }

  /** An existing PersistentVolumeClaim. */
  public static persistentVolumeClaim(name: string, claimName: string, readOnly?: boolean): Volume {
    return new Volume(name, { persistentVolumeClaim: readOnly ? { claimName, readOnly: true } : { claimName } });
  }

  /**
   * A projected ServiceAccount token with its own audience and lifetime (not the API
   * server token `automountServiceAccountToken` would mount), for workload identity.
   * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
   */
  public static serviceAccountToken(name: string, options: ServiceAccountTokenOptions = {}): Volume {
    const token: Record<string, unknown> = { path: options.path ?? 'token', expirationSeconds: options.expirationSeconds ?? 3600 };
    if (options.audience !== undefined) token.audience = options.audience;
    return new Volume(name, { projected: { sources: [{ serviceAccountToken: token }] } });
  }

  /**
   * A generic ephemeral volume: a PersistentVolumeClaim created with the pod and deleted
   * with it (scratch space larger than an emptyDir, from a StorageClass).
   * @see https://kubernetes.io/docs/concepts/storage/ephemeral-volumes/#generic-ephemeral-volumes
   */
  public static ephemeral(name: string, options: EphemeralVolumeOptions): Volume {
    const spec: Record<string, unknown> = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: options?.storage } } };
    if (options?.storageClassName !== undefined) spec.storageClassName = options.storageClassName;
    return new Volume(name, { ephemeral: { volumeClaimTemplate: { spec } } });
  }

  /** A path on the node. Refused by the pod unless `allowHostPath` is given (not restricted). */
  public static hostPath(name: string, path: string): Volume {
    return new Volume(name, { hostPath: { path } });
  }

  /** The volume name, unique in the pod. */
  public readonly name: string;

  private constructor(name: string, private readonly source: Record<string, any>) {
    assertOk('Volume', checkDns1123Label('volumes[].name', name));
    this.name = name;
  }

  /** @internal */
  public _toJson(): any {
    return { name: this.name, ...JSON.parse(JSON.stringify(this.source)) };
  }
}
