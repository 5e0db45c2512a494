/**
 * The volume rules of a pod spec (ValidateVolumes and validateVolumeSource of
 * pkg/apis/core/validation/validation.go, 1.36): names, exactly one source, and each in-tree
 * source's own rules. Projected and generic ephemeral volumes are checked in pod-placement.ts.
 * Pure; never throws on malformed input.
 */
import { checkResourceFieldRef, hasBacksteps, localDescendingProblem, splitSubscript } from './pod-container';
import { renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkDns1123Subdomain, checkQualifiedName, isObject, parseQuantity } from '../base/validators';

function v(rule: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `pod/${rule}`, field, problem, got: renderValue(got), allowed, fix };
}

const isSet = (x: unknown) => x !== undefined && x !== null;
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** Every volume source of core/v1 Volume, in the order validateVolumeSource tests them. */
export const VOLUME_SOURCES = ['emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs', 'flocker',
  'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap', 'azureFile', 'vsphereVolume', 'photonPersistentDisk',
  'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image'];

const FILE_MODE_MAX = 0o777;
const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];
const IQN = /^iqn\.\d{4}-\d{2}\.([-.a-zA-Z0-9]+)(:[^,;*&$|\s]+)$/;
const EUI = /^eui.[a-zA-Z0-9]{16}$/;
const NAA = /^naa.[a-zA-Z0-9]{32}$/;
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

function required(out: Violation[], src: Record<string, any>, f: string, key: string, allowed: string, fix: string): void {
  const x = src[key];
  if (!isSet(x) || x === '' || (Array.isArray(x) && x.length === 0)) out.push(v('volume', `${f}.${key}`, 'is required', x ?? '', allowed, fix));
}

function checkMode(out: Violation[], mode: unknown, f: string): void {
  if (typeof mode === 'number' && (mode < 0 || mode > FILE_MODE_MAX)) {
    out.push(v('volume', f, 'must be a number between 0 and 0777 (octal), both inclusive', mode, '0 to 511 (0o777)', 'Use a file mode such as 0o644 (420)'));
  }
}

/** validateKeyToPath with ValidateLocalNonReservedPath. */
function checkKeyToPath(out: Violation[], item: Record<string, any>, f: string): void {
  // upstream: validateKeyToPath
  required(out, item, f, 'key', 'a key of the object', 'Name the key to project');
  required(out, item, f, 'path', 'a relative file name', 'Give the file name');
  checkLocalNonReserved(out, str(item.path), `${f}.path`);
  checkMode(out, item.mode, `${f}.mode`);
}

/** ValidateLocalNonReservedPath: relative, no '..' element, not starting with '..'. */
function checkLocalNonReserved(out: Violation[], path: string, f: string): void {
  // upstream: ValidateLocalNonReservedPath
  const bad = localDescendingProblem(path);
  if (bad) out.push(v('volume', f, bad, path, 'a relative path without ".." elements', 'Use a path inside the volume'));
  if (path.startsWith('..') && !path.startsWith('../')) out.push(v('volume', f, "must not start with '..'", path, 'a path not starting with ".."', 'Rename the file'));
}

function iqnProblem(name: string): string | undefined {
  if (!name.startsWith('iqn') && !name.startsWith('eui') && !name.startsWith('naa')) return 'must be valid format starting with iqn, eui, or naa';
  if (name.startsWith('iqn') && !IQN.test(name)) return 'must be valid format';
  if (name.startsWith('eui') && !EUI.test(name)) return 'must be valid format';
  if (name.startsWith('naa') && !NAA.test(name)) return 'must be valid format';
  return undefined;
}

/** validateDownwardAPIVolumeFile for a downwardAPI volume (fieldRef over the volume paths, or a container's resource). */
function checkDownwardFile(out: Violation[], item: Record<string, any>, f: string): void {
  // upstream: validateDownwardAPIVolumeFile
  required(out, item, f, 'path', 'a relative file name', 'Give the file name');
  checkLocalNonReserved(out, str(item.path), `${f}.path`);
  if (isObject(item.fieldRef)) {
    const path = str(item.fieldRef.fieldPath);
    const sub = splitSubscript(path);
    if (path === '') {out.push(v('volume', `${f}.fieldRef.fieldPath`, 'is required', item.fieldRef.fieldPath, VOLUME_FIELD_PATHS.join(', '), 'Name the pod field'));} else if (sub && (sub[0] === 'metadata.labels' || sub[0] === 'metadata.annotations')) {
      const bad = checkQualifiedName(`${f}.fieldRef`, sub[0] === 'metadata.annotations' ? sub[1].toLowerCase() : sub[1]);
      if (bad) out.push(v('volume', `${f}.fieldRef`, bad.problem, sub[1], 'a label or annotation key', 'Name a label or annotation key'));
    } else if (!VOLUME_FIELD_PATHS.includes(path)) {
      out.push(v('volume', `${f}.fieldRef.fieldPath`, 'is not supported', path, VOLUME_FIELD_PATHS.join(', '), 'Use an environment variable for other pod fields'));
    }
    if (isSet(item.resourceFieldRef)) out.push(v('volume', f, 'fieldRef and resourceFieldRef can not be specified simultaneously', item, 'one of fieldRef, resourceFieldRef', 'Keep one reference per file'));
  } else if (isObject(item.resourceFieldRef)) {
    checkResourceFieldRef(out, 'volume', item.resourceFieldRef, `${f}.resourceFieldRef`, true);
  } else {
    out.push(v('volume', f, 'one of fieldRef and resourceFieldRef is required', item, 'fieldRef or resourceFieldRef', 'Say which pod field or container resource the file holds'));
  }
  checkMode(out, item.mode, `${f}.mode`);
}

/** The per-source rules of validateVolumeSource (projected and ephemeral: pod-placement.ts). */
function checkSource(out: Violation[], kind: string, s: Record<string, any>, f: string, volName: string, isPod: boolean): void {
  switch (kind) {
    case 'emptyDir': {
      const n = parseQuantity(s.sizeLimit);
      if (n !== undefined && n < 0) out.push(v('volume', `${f}.sizeLimit`, 'SizeLimit field must be a valid resource quantity', s.sizeLimit, 'a non-negative quantity such as 1Gi', 'Use a positive size'));
      return;
    }
    case 'hostPath': {
      // upstream: validateHostPathVolumeSource
      // an absent path is schema/required
      const path = str(s.path);
      if (path === '') {
        if (s.path === '') out.push(v('volume', `${f}.path`, 'is required', '', 'an absolute path on the node', 'Name the host path'));
        return;
      }
      if (hasBacksteps(path)) out.push(v('volume', `${f}.path`, "must not contain '..'", path, 'a path without ".." elements', 'Use the real path'));
      // upstream: validateHostPathType
      if (isSet(s.type) && !HOST_PATH_TYPES.includes(String(s.type))) out.push(v('volume', `${f}.type`, 'is not supported', s.type, HOST_PATH_TYPES.map((t) => JSON.stringify(t)).join(', '), 'Use one of the host path types'));
      return;
    }
    case 'gitRepo': {
      // upstream: validateGitRepoVolumeSource
      required(out, s, f, 'repository', 'a repository URL', 'Name the repository');
      const bad = localDescendingProblem(str(s.directory));
      if (bad) out.push(v('volume', `${f}.directory`, bad, s.directory, 'a relative path without ".." elements', 'Use a directory inside the volume'));
      return;
    }
    case 'gcePersistentDisk':
    case 'awsElasticBlockStore': {
      // upstream: validateGCEPersistentDiskVolumeSource
      // upstream: validateAWSElasticBlockStoreVolumeSource
      required(out, s, f, kind === 'gcePersistentDisk' ? 'pdName' : 'volumeID', 'the disk name', 'Name the disk');
      if (typeof s.partition === 'number' && (s.partition < 0 || s.partition > 255)) out.push(v('volume', `${f}.partition`, 'must be between 1 and 255, inclusive', s.partition, '0-255', 'Use a partition number'));
      return;
    }
    case 'secret':
    case 'configMap': {
      // upstream: validateSecretVolumeSource
      // upstream: validateConfigMapVolumeSource
      required(out, s, f, kind === 'secret' ? 'secretName' : 'name', `the name of a ${kind === 'secret' ? 'Secret' : 'ConfigMap'}`, 'Name the object');
      checkMode(out, s.defaultMode, `${f}.defaultMode`);
      list(s.items).forEach((item, i) => {
        if (isObject(item)) checkKeyToPath(out, item, `${f}.items[${i}]`);
      });
      return;
    }
    case 'nfs': {
      // upstream: validateNFSVolumeSource
      required(out, s, f, 'server', 'the NFS server', 'Name the server');
      required(out, s, f, 'path', 'an absolute export path', 'Name the export');
      if (!str(s.path).startsWith('/')) out.push(v('volume', `${f}.path`, 'must be an absolute path', s.path ?? '', 'an absolute path', 'Start the path with /'));
      return;
    }
    case 'iscsi': {
      // upstream: validateISCSIVolumeSource
      required(out, s, f, 'targetPortal', 'host:port of the target', 'Name the portal');
      const iqn = str(s.iqn);
      if (iqn === '') {out.push(v('volume', `${f}.iqn`, 'is required', s.iqn ?? '', 'an iqn., eui. or naa. name', 'Name the target'));} else {
        const bad = iqnProblem(iqn);
        if (bad) out.push(v('volume', `${f}.iqn`, bad, iqn, 'iqn.yyyy-mm.<reversed domain>:<name>, eui.<16 hex>, naa.<32 hex>', 'Use the target IQN'));
      }
      if (typeof s.lun === 'number' && (s.lun < 0 || s.lun > 255)) out.push(v('volume', `${f}.lun`, 'must be between 0 and 255, inclusive', s.lun, '0-255', 'Use the LUN number'));
      if ((s.chapAuthDiscovery === true || s.chapAuthSession === true) && !isSet(s.secretRef)) out.push(v('volume', `${f}.secretRef`, 'is required', s.secretRef, 'a Secret with the CHAP credentials', 'Name the CHAP Secret'));
      if (typeof s.initiatorName === 'string') {
        const bad = iqnProblem(s.initiatorName);
        if (bad) out.push(v('volume', `${f}.initiatorname`, bad, s.initiatorName, 'iqn., eui. or naa. name', 'Use a valid initiator name'));
        if (`${volName}:${str(s.targetPortal)}`.length > 64) {
          out.push(v('volume', `${f.replace(/\.iscsi$/, '')}.name`, 'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.', volName, 'at most 64 characters', 'Shorten the volume name'));
        }
      }
      return;
    }
    case 'glusterfs':
      // upstream: validateGlusterfsVolumeSource
      required(out, s, f, 'endpoints', 'an Endpoints name', 'Name the endpoints');
      required(out, s, f, 'path', 'the volume path', 'Name the path');
      return;
    case 'flocker': {
      // upstream: validateFlockerVolumeSource
      const name = str(s.datasetName);
      const uuid = str(s.datasetUUID);
      if (name === '' && uuid === '') out.push(v('volume', f, 'one of datasetName and datasetUUID is required', s, 'datasetName or datasetUUID', 'Name the dataset'));
      if (name !== '' && uuid !== '') out.push(v('volume', f, 'datasetName and datasetUUID can not be specified simultaneously', s, 'one of them', 'Keep one'));
      if (name.includes('/')) out.push(v('volume', `${f}.datasetName`, "must not contain '/'", name, 'a name without /', 'Rename the dataset'));
      return;
    }
    case 'persistentVolumeClaim':
      // upstream: validatePersistentClaimVolumeSource
      required(out, s, f, 'claimName', 'the name of a PersistentVolumeClaim', 'Name the claim');
      return;
    case 'rbd':
      // upstream: validateRBDVolumeSource
      required(out, s, f, 'monitors', 'the Ceph monitors', 'List the monitors');
      required(out, s, f, 'image', 'the RBD image', 'Name the image');
      return;
    case 'cinder':
      // upstream: validateCinderVolumeSource
      required(out, s, f, 'volumeID', 'the Cinder volume id', 'Name the volume');
      if (isObject(s.secretRef) && str(s.secretRef.name) === '') out.push(v('volume', `${f}.secretRef.name`, 'is required', s.secretRef.name ?? '', 'a Secret name', 'Name the Secret'));
      return;
    case 'cephfs':
      // upstream: validateCephFSVolumeSource
      required(out, s, f, 'monitors', 'the Ceph monitors', 'List the monitors');
      return;
    case 'quobyte': {
      // upstream: validateQuobyteVolumeSource
      const reg = str(s.registry);
      if (reg === '') out.push(v('volume', `${f}.registry`, 'must be a host:port pair or multiple pairs separated by commas', s.registry ?? '', 'host:port[,host:port]', 'Name the registry'));
      else if (str(s.tenant).length >= 65) out.push(v('volume', `${f}.tenant`, 'must be a UUID and may not exceed a length of 64 characters', s.tenant, 'a UUID', 'Use the tenant UUID'));
      else if (reg.split(',').some((hp) => !/^(\[[^\]]*\]|[^:[\]]*):[^:]*$/.test(hp))) out.push(v('volume', `${f}.registry`, 'must be a host:port pair or multiple pairs separated by commas', reg, 'host:port[,host:port]', 'Add the ports'));
      required(out, s, f, 'volume', 'the volume name', 'Name the volume');
      return;
    }
    case 'downwardAPI':
      // upstream: validateDownwardAPIVolumeSource
      checkMode(out, s.defaultMode, `${f}.defaultMode`);
      list(s.items).forEach((item) => {
        // items are reported at the volume path, as upstream does
        if (isObject(item)) checkDownwardFile(out, item, f);
      });
      return;
    case 'fc': {
      // upstream: validateFCVolumeSource
      const wwns = list(s.targetWWNs);
      const wwids = list(s.wwids);
      if (wwns.length === 0 && wwids.length === 0) out.push(v('volume', `${f}.targetWWNs`, 'must specify either targetWWNs or wwids, but not both', s, 'targetWWNs with lun, or wwids', 'Identify the LUN'));
      if (wwns.length > 0 && wwids.length > 0) out.push(v('volume', `${f}.targetWWNs`, 'targetWWNs and wwids can not be specified simultaneously', s, 'one of them', 'Keep one'));
      if (wwns.length > 0) {
        if (!isSet(s.lun)) out.push(v('volume', `${f}.lun`, 'lun is required if targetWWNs is specified', s.lun, '0-255', 'Give the LUN'));
        else if (typeof s.lun === 'number' && (s.lun < 0 || s.lun > 255)) out.push(v('volume', `${f}.lun`, 'must be between 0 and 255, inclusive', s.lun, '0-255', 'Give the LUN'));
      }
      return;
    }
    case 'flexVolume':
      // upstream: validateFlexVolumeSource
      required(out, s, f, 'driver', 'the flex driver name', 'Name the driver');
      if (isObject(s.options)) {
        for (const k of Object.keys(s.options)) {
          const ns = `.${(k.includes('/') ? k.split('/')[0] : k).toLowerCase()}`;
          if (ns.endsWith('.kubernetes.io') || ns.endsWith('.k8s.io')) out.push(v('volume', `${f}.options[${JSON.stringify(k)}]`, 'kubernetes.io and k8s.io namespaces are reserved', k, 'a key outside kubernetes.io and k8s.io', 'Rename the option'));
        }
      }
      return;
    case 'azureFile':
      // upstream: validateAzureFile
      required(out, s, f, 'secretName', 'a Secret with the storage account key', 'Name the Secret');
      required(out, s, f, 'shareName', 'the file share', 'Name the share');
      return;
    case 'vsphereVolume':
      // upstream: validateVsphereVolumeSource
      required(out, s, f, 'volumePath', 'the datastore path', 'Name the volume path');
      return;
    case 'photonPersistentDisk':
      // upstream: validatePhotonPersistentDiskVolumeSource
      required(out, s, f, 'pdID', 'the disk id', 'Name the disk');
      return;
    case 'portworxVolume':
      // upstream: validatePortworxVolumeSource
      required(out, s, f, 'volumeID', 'the volume id', 'Name the volume');
      return;
    case 'azureDisk': {
      // upstream: validateAzureDisk
      required(out, s, f, 'diskName', 'the disk name', 'Name the disk');
      required(out, s, f, 'diskURI', 'the disk URI', 'Give the disk URI');
      const modes = ['None', 'ReadOnly', 'ReadWrite'];
      const kinds = ['Shared', 'Dedicated', 'Managed'];
      if (isSet(s.cachingMode) && !modes.includes(String(s.cachingMode))) out.push(v('volume', `${f}.cachingMode`, 'is not supported', s.cachingMode, modes.join(', '), 'Use one of the caching modes'));
      if (isSet(s.kind) && !kinds.includes(String(s.kind))) out.push(v('volume', `${f}.kind`, 'is not supported', s.kind, kinds.join(', '), 'Use one of the disk kinds'));
      const uri = str(s.diskURI);
      if (s.kind === 'Managed' && !uri.startsWith('/subscriptions/')) out.push(v('volume', `${f}.diskURI`, 'is not supported', uri, '/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}', 'Use the managed disk resource id'));
      if (isSet(s.kind) && s.kind !== 'Managed' && !uri.startsWith('https://')) out.push(v('volume', `${f}.diskURI`, 'is not supported', uri, 'https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd', 'Use the blob URL'));
      return;
    }
    case 'storageos': {
      // upstream: validateStorageOSVolumeSource
      const name = str(s.volumeName);
      if (name === '') {out.push(v('volume', `${f}.volumeName`, 'is required', s.volumeName ?? '', 'a DNS-1123 label', 'Name the volume'));} else {
        const bad = checkDns1123Label(`${f}.volumeName`, name);
        if (bad) out.push(v('volume', `${f}.volumeName`, bad.problem, name, 'a DNS-1123 label', 'Rename the volume'));
      }
      if (str(s.volumeNamespace) !== '') {
        const bad = checkDns1123Label(`${f}.volumeNamespace`, s.volumeNamespace);
        if (bad) out.push(v('volume', `${f}.volumeNamespace`, bad.problem, s.volumeNamespace, 'a DNS-1123 label', 'Rename the namespace'));
      }
      if (isObject(s.secretRef) && str(s.secretRef.name) === '') out.push(v('volume', `${f}.secretRef.name`, 'is required', s.secretRef.name ?? '', 'a Secret name', 'Name the Secret'));
      return;
    }
    case 'scaleIO':
      // upstream: validateScaleIOVolumeSource
      for (const k of ['gateway', 'system', 'volumeName']) required(out, s, f, k, 'a value', `Give ${k}`);
      return;
    case 'csi': {
      // upstream: ValidateCSIDriverName
      // upstream: validateCSIVolumeSource
      const driver = str(s.driver);
      if (driver === '') {out.push(v('volume', `${f}.driver`, 'is required', s.driver ?? '', 'the CSI driver name, e.g. csi.example.com', 'Name the driver'));} else if (driver.length > 63) {out.push(v('volume', `${f}.driver`, 'must have at most 63 characters', driver, 'at most 63 characters', 'Use the driver name'));} else {
        const bad = checkDns1123Subdomain(`${f}.driver`, driver.toLowerCase());
        if (bad) out.push(v('volume', `${f}.driver`, bad.problem, driver, 'a DNS-1123 subdomain', 'Use the driver name'));
      }
      if (isObject(s.nodePublishSecretRef)) {
        const name = str(s.nodePublishSecretRef.name);
        if (name === '') out.push(v('volume', `${f}.nodePublishSecretRef.name`, 'is required', s.nodePublishSecretRef.name ?? '', 'a Secret name', 'Name the Secret'));
        else if (checkDns1123Subdomain('', name)) out.push(v('volume', `${f}.name`, 'must be a DNS-1123 subdomain', name, 'a Secret name', 'Name the Secret'));
      }
      return;
    }
    case 'image':
      // upstream: validateImageVolumeSource
      // (pullPolicy is defaulted and an enum)
      if (isPod && str(s.reference) === '') out.push(v('volume', `${f}.reference`, 'is required', s.reference ?? '', 'an OCI image or artifact reference', 'Name the image'));
      return;
    default:
  }
}

/** The outcome of {@link checkVolumes}: the sources of the volumes that passed, by name. */
export type VolumeMap = Map<string, Record<string, any>>;

/**
 * ValidateVolumes: a non-empty, unique DNS-1123 label name per volume, exactly one source
 * (validateVolumeSource), each source's rules, and no persistentVolumeClaim naming a claim
 * an ephemeral volume of the same Pod creates. `replaced` are the names a StatefulSet
 * controller fills with its claim templates: those template volumes are not checked.
 */
export function checkVolumes(
  out: Violation[], spec: Record<string, any>, p: string, isPod: boolean, podName: string | undefined, replaced: ReadonlySet<string>,
): VolumeMap {
  const vols: VolumeMap = new Map();
  const seen = new Set<string>();
  const created = new Set<string>();
  if (podName) for (const vol of list(spec.volumes)) if (isObject(vol) && isSet(vol.ephemeral)) created.add(`${podName}-${vol.name}`);
  list(spec.volumes).forEach((vol: any, i) => {
    if (!isObject(vol)) return;
    const f = `${p}.volumes[${i}]`;
    const name = str(vol.name);
    if (replaced.has(name)) return;
    const errs: Violation[] = [];
    // upstream: validateVolumeSource
    const kinds = VOLUME_SOURCES.filter((k) => isSet(vol[k]));
    if (kinds.length === 0) errs.push(v('volume', f, 'must specify a volume type', vol, VOLUME_SOURCES.join(', '), 'Give the volume a source, e.g. emptyDir: {}'));
    kinds.slice(1).forEach((k) => errs.push(v('volume', `${f}.${k}`, 'may not specify more than 1 volume type', kinds, `one of ${kinds.join(', ')}`, 'Put each source in its own volume')));
    if (kinds.length >= 1 && isObject(vol[kinds[0]])) checkSource(errs, kinds[0], vol[kinds[0]], `${f}.${kinds[0]}`, name, isPod);
    // upstream: ValidateVolumes
    // an absent name is schema/required
    if (vol.name === '') {errs.push(v('volume', `${f}.name`, 'is required', vol.name, 'a DNS-1123 label', 'Name the volume'));} else if (name !== '') {
      const bad = checkDns1123Label(`${f}.name`, name);
      if (bad) errs.push(v('volume', `${f}.name`, bad.problem, name, "at most 63 lower-case a-z, 0-9 and '-', starting and ending with a letter or digit", bad.fix ?? 'Rename the volume'));
    }
    if (seen.has(name)) errs.push(v('duplicate-volume', `${f}.name`, 'must be unique', name, 'a name no other volume of the pod uses', 'Rename the volume'));
    if (errs.length === 0) vols.set(name, vol);
    seen.add(name);
    out.push(...errs);
    if (isObject(vol.persistentVolumeClaim) && created.has(str(vol.persistentVolumeClaim.claimName))) {
      out.push(v('volume', `${f}.persistentVolumeClaim.claimName`, 'must not reference a PVC that gets created for an ephemeral volume', vol.persistentVolumeClaim.claimName, 'another claim', 'Mount the ephemeral volume itself'));
    }
  });
  return vols;
}
