import { IConstruct } from 'constructs';
import { HardeningProfile, lockViolations, profilesAbove, PROFILE_READERS, ProfileSetting, ResourceCeilings } from './profile';
import { renderValue, Violation } from '../base/errors';
import { parseQuantity } from '../base/validators';
import { severityOf } from '../check/catalog';
import { containersOf } from '../check/pod-spec';
import type { HardeningOptions } from '../values/harden-options';
import type { ContainerResources } from '../values/pod';
import type { ResolvedHardening } from '../values/resolved-hardening';

/** What the profiles above a construct say, as the constructs read it. */
export class ProfileView {
  constructor(
    /** The profiles in effect, nearest first. */
    public readonly profiles: HardeningProfile[],
  ) {}

  /** The nearest profile's value of `s`, if any profile sets it. */
  public value<T>(s: ProfileSetting): T | undefined {
    return this.source(s)?.settings[s] as T | undefined;
  }

  /** The nearest profile that sets `s`. */
  public source(s: ProfileSetting): HardeningProfile | undefined {
    return this.profiles.find((p) => p.settings[s] !== undefined);
  }

  /** Lock violations of `value` (the value in effect for `s`). */
  public locks(s: ProfileSetting, value: any, field?: string): Violation[] {
    return value === undefined ? [] : lockViolations(this.profiles, s, value, field);
  }

  /** Pod labels of every profile, outer first so inner ones win. */
  public podLabels(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of [...this.profiles].reverse()) Object.assign(out, p.settings.podLabels ?? {});
    return out;
  }

  /** Default resources: the pod's own fields over the nearest profile's, field by field. */
  public defaultResources(own: ContainerResources | undefined): ContainerResources | undefined {
    const merged: Record<string, string> = {};
    for (const p of [...this.profiles].reverse()) Object.assign(merged, dropUndefined(p.settings.defaultResources));
    Object.assign(merged, dropUndefined(own));
    return Object.keys(merged).length ? merged : undefined;
  }
}

function dropUndefined(x: object | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(x ?? {}).filter(([, v]) => v !== undefined));
}

/**
 * The violations that fail synth at `c`: the errors (what the API server refuses), and the
 * warnings too when the nearest profile that says so sets `failOnWarnings`. The others are
 * left to the validation report (`HaruValidationPlugin`) of the synthesised YAML.
 */
export function failing(c: IConstruct, violations: readonly Violation[]): Violation[] {
  const strict = profilesAbove(c).find((p) => p.settings.failOnWarnings !== undefined)?.settings.failOnWarnings === true;
  return violations.filter((v) => {
    const s = severityOf(v.checkId);
    return s === 'error' || (strict && s === 'warning');
  });
}

/** The profiles in effect at `c`; marks `c` as having read them (a later profile above is an error). */
export function profileFor(c: IConstruct): ProfileView {
  PROFILE_READERS.add(c);
  return new ProfileView(profilesAbove(c));
}

/** `options` with the profiles' pod defaults under every field the caller did not set. */
export function withPodDefaults<T extends HardeningOptions>(pv: ProfileView, options: T): T {
  if (pv.profiles.length === 0) return options;
  return {
    ...options,
    runAs: options.runAs ?? pv.value(ProfileSetting.RUN_AS),
    userNamespace: options.userNamespace ?? pv.value(ProfileSetting.USER_NAMESPACE),
    seccompProfile: options.seccompProfile ?? pv.value(ProfileSetting.SECCOMP_PROFILE),
    appArmorProfile: options.appArmorProfile ?? pv.value(ProfileSetting.APP_ARMOR_PROFILE),
    defaultResources: pv.defaultResources(options.defaultResources),
  };
}

/** Lock violations of a pod's resolved hardening and of its own labels. */
export function podLockViolations(pv: ProfileView, r: ResolvedHardening, ownLabels: Record<string, string> | undefined): Violation[] {
  if (pv.profiles.length === 0) return [];
  const resources: Record<string, string> = {
    cpuRequest: r.requests.cpu,
    memoryRequest: r.requests.memory,
    ephemeralStorageRequest: r.requests['ephemeral-storage'],
    cpuLimit: r.limits.cpu,
    memoryLimit: r.limits.memory,
    ephemeralStorageLimit: r.limits['ephemeral-storage'],
  };
  return [
    ...pv.locks(ProfileSetting.RUN_AS, r.runAs),
    ...pv.locks(ProfileSetting.USER_NAMESPACE, r.userNamespace),
    ...pv.locks(ProfileSetting.SECCOMP_PROFILE, r.seccompProfile),
    ...pv.locks(ProfileSetting.APP_ARMOR_PROFILE, r.appArmorProfile),
    ...pv.locks(ProfileSetting.DEFAULT_RESOURCES, resources),
    ...pv.locks(ProfileSetting.POD_LABELS, { ...pv.podLabels(), ...ownLabels }, 'metadata.labels'),
  ];
}

const CEILING_KEYS: Array<[keyof ResourceCeilings, string]> = [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeralStorage', 'ephemeral-storage']];

/** Images from registries the profile does not allow, and limits above its ceilings, in a rendered pod spec. */
export function podSpecProfileViolations(pv: ProfileView, spec: unknown, specPath: string): Violation[] {
  const out: Violation[] = [];
  if (pv.profiles.length === 0) return out;
  const registries = pv.source(ProfileSetting.ALLOWED_REGISTRIES);
  const ceilings = pv.source(ProfileSetting.RESOURCE_CEILINGS);
  for (const ct of containersOf(spec, specPath)) {
    const c: any = ct.container;
    const allowed = registries?.settings.allowedRegistries;
    if (registries && allowed && !(typeof c.image === 'string' && allowed.some((r) => c.image.startsWith(r)))) {
      out.push({
        checkId: 'profile/registry',
        field: `${ct.path}.image`,
        problem: `must come from a registry the HardeningProfile at ${JSON.stringify(registries.node.path)} allows`,
        got: renderValue(c.image),
        allowed: allowed.join(', '),
        fix: 'Push the image to an allowed registry and use that reference',
      });
    }
    const max = ceilings?.settings.resourceCeilings;
    if (!ceilings || !max) continue;
    for (const [k, wire] of CEILING_KEYS) {
      const limit = c.resources?.limits?.[wire];
      if (max[k] === undefined || limit === undefined) continue;
      if ((parseQuantity(limit) ?? 0) > (parseQuantity(max[k]) ?? Infinity)) {
        out.push({
          checkId: 'profile/ceiling',
          field: `${ct.path}.resources.limits.${wire}`,
          problem: `is above the ceiling of the HardeningProfile at ${JSON.stringify(ceilings.node.path)}`,
          got: renderValue(limit),
          allowed: `at most ${max[k]}`,
          fix: `Lower the ${wire} limit`,
        });
      }
    }
  }
  return out;
}
