import { HaruValidationError, Violation } from '../check/errors';
import { checkDns1123Label, checkQuantity } from '../check/validators';

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
