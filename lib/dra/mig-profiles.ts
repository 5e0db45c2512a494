/**
 * The MIG profiles NVIDIA documents per GPU, as `nvidia-smi mig -lgip` names them.
 * Sources: the NVIDIA Multi-Instance GPU User Guide, "Supported MIG Profiles"
 * (https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html),
 * and the default mig-parted configuration of NVIDIA/gpu-operator
 * (assets/state-mig-manager/0400_configmap.yaml). A GPU that is not listed yet is accepted
 * through `MigDeviceOptions.unlistedProfileReason`, which is recorded on the claim.
 */
export const MIG_PROFILES_BY_GPU: Readonly<Record<string, readonly string[]>> = {
  'A30 24GB': ['1g.6gb', '1g.6gb+me', '2g.12gb', '2g.12gb+me', '4g.24gb'],
  'A100 40GB': ['1g.5gb', '1g.5gb+me', '1g.10gb', '2g.10gb', '3g.20gb', '4g.20gb', '7g.40gb'],
  'A100 80GB, H100 80GB, H800 80GB': ['1g.10gb', '1g.10gb+me', '1g.20gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'],
  'H100 NVL 94GB': ['1g.12gb', '1g.12gb+me', '1g.24gb', '2g.24gb', '3g.47gb', '4g.47gb', '7g.94gb'],
  'H100 96GB (GH200)': ['1g.12gb', '1g.12gb+me', '1g.24gb', '2g.24gb', '3g.48gb', '4g.48gb', '7g.96gb'],
  'GH200 144GB': ['1g.18gb', '1g.18gb+me', '1g.36gb', '2g.36gb', '3g.72gb', '4g.72gb', '7g.144gb'],
  'H200 141GB': ['1g.18gb', '1g.18gb+me', '1g.35gb', '2g.35gb', '3g.71gb', '4g.71gb', '7g.141gb'],
  'B200 180GB': ['1g.23gb', '1g.23gb+me', '1g.45gb', '2g.45gb', '3g.90gb', '4g.90gb', '7g.180gb'],
  'GB200 186GB': ['1g.23gb', '1g.23gb+me', '1g.47gb', '2g.47gb', '3g.93gb', '4g.93gb', '7g.186gb'],
  'RTX PRO 6000 Blackwell 96GB': ['1g.24gb', '1g.24gb+me', '1g.24gb+gfx', '1g.24gb+me.all', '1g.24gb-me', '2g.48gb', '2g.48gb+gfx', '2g.48gb+me.all', '2g.48gb-me', '4g.96gb', '4g.96gb+gfx'],
};

const KNOWN = new Set(Object.values(MIG_PROFILES_BY_GPU).flat());

/** True when some documented GPU has `profile`. */
export function isKnownMigProfile(profile: string): boolean {
  return KNOWN.has(profile);
}

/** The documented profiles with the same compute slice count as `profile` (`1g.` ...), sorted. */
export function knownProfilesLike(profile: string): string[] {
  const slices = profile.split('.')[0] + '.';
  return [...KNOWN].filter((p) => p.startsWith(slices) && !/[+-]/.test(p))
    .sort((a, b) => parseInt(a.split('.')[1], 10) - parseInt(b.split('.')[1], 10));
}
