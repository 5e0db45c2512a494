import type { HardeningOptions } from './harden-options';
import type { AppArmorProfile, RunAs, SeccompProfile, UserNamespace } from './pod';

// Internal (not exported from the package): shared by the pod hardening and the profile that reads it.

/** The defaults, applied once. */
export interface ResolvedHardening {
  readonly runAs: RunAs;
  readonly userNamespace: UserNamespace;
  readonly seccompProfile: SeccompProfile;
  readonly appArmorProfile: AppArmorProfile;
  readonly writablePaths: string[];
  readonly writablePathSizeLimit: string;
  readonly requests: Record<string, string>;
  readonly limits: Record<string, string>;
  readonly options: HardeningOptions;
}
