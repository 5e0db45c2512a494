import { Size, SizeRoundingBehavior } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-33';
import { ContainerResources } from './pod';
import { HaruValidationError, Violation } from '../base/errors';
import { checkQuantity } from '../base/validators';
import { sizeToQuantity } from '../render/quantity';

/**
 * Kubernetes quantities from the shapes a cdk8s program already has.
 *
 * Every quantity this library takes (container resources and their profile defaults and
 * ceilings, emptyDir and ephemeral volume sizes, volume claim templates, MPS memory limits,
 * CEL `quantity(...)` values) is a Kubernetes quantity **string** such as `'500m'` or `'2Gi'`:
 * the form the manifests use, which every jsii language passes without wrapping. A cdk8s
 * `Size` or a cdk8s-plus `Cpu` becomes that string through `Quantity.fromSize` /
 * `Quantity.fromCpu`, and a cdk8s-plus `ContainerResources` through `Quantity.resourcesFrom`.
 * (jsii has no union types, so one prop cannot take both a string and a `Size`; a converter
 * keeps every string prop as it is.) The factories check their input now and name the
 * value as it was written.
 */
export class Quantity {
  /** A Kubernetes quantity string (`'500m'`, `'2Gi'`, `'1.5'`, `'1e3'`), checked now and returned unchanged. */
  public static of(text: string): string {
    const bad = checkQuantity('text', text);
    if (bad) throw new HaruValidationError('Quantity.of', [bad]);
    return text;
  }

  /**
   * A cdk8s `Size` as the shortest exact binary quantity: `Size.gibibytes(2)` is `'2Gi'`,
   * `Size.mebibytes(1536)` is `'1536Mi'`, `Size.kibibytes(0.5)` is `'512'` (bytes). A size
   * that is not a whole number of bytes, or is negative, is refused.
   */
  public static fromSize(size: Size): string {
    const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
    const bytes = kib * 1024;
    if (!Number.isFinite(bytes) || bytes < 0 || Math.abs(bytes - Math.round(bytes)) > 1e-6) {
      throw new HaruValidationError('Quantity.fromSize', [{
        checkId: 'format/quantity',
        field: 'size',
        problem: 'must be a whole, non-negative number of bytes',
        got: `${kib} KiB (${bytes} bytes)`,
        fix: 'Use a size in whole bytes, e.g. Size.mebibytes(512)',
      }]);
    }
    return sizeToQuantity(size);
  }

  /** A cdk8s-plus `Cpu` as its quantity: `Cpu.millis(500)` is `'500m'`, `Cpu.units(2)` is `'2'`. */
  public static fromCpu(cpu: kplus.Cpu): string {
    const bad = checkQuantity('cpu', cpu.amount, { nonNegative: true });
    if (bad) throw new HaruValidationError('Quantity.fromCpu', [bad]);
    return cpu.amount;
  }

  /**
   * A cdk8s-plus container's `resources` (`Cpu` and `Size` values) as this library's
   * {@link ContainerResources} (quantity strings), e.g. to move a container to a
   * HardenedPod or to use the same numbers as `defaultResources`.
   */
  public static resourcesFrom(resources: kplus.ContainerResources): ContainerResources {
    const problems: Violation[] = [];
    const conv = <T>(field: string, value: T | undefined, f: (v: T) => string): string | undefined => {
      if (value === undefined) return undefined;
      try {
        return f(value);
      } catch (e: any) {
        for (const v of (e as HaruValidationError).violations ?? []) problems.push({ ...v, field: `resources.${field}` });
        return undefined;
      }
    };
    const out: ContainerResources = {
      cpuRequest: conv('cpu.request', resources.cpu?.request, Quantity.fromCpu),
      cpuLimit: conv('cpu.limit', resources.cpu?.limit, Quantity.fromCpu),
      memoryRequest: conv('memory.request', resources.memory?.request, Quantity.fromSize),
      memoryLimit: conv('memory.limit', resources.memory?.limit, Quantity.fromSize),
      ephemeralStorageRequest: conv('ephemeralStorage.request', resources.ephemeralStorage?.request, Quantity.fromSize),
      ephemeralStorageLimit: conv('ephemeralStorage.limit', resources.ephemeralStorage?.limit, Quantity.fromSize),
    };
    if (problems.length) throw new HaruValidationError('Quantity.resourcesFrom', problems);
    return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ContainerResources;
  }

  private constructor() {}
}
