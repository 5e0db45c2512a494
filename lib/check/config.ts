/**
 * ConfigMap, Secret and ServiceAccount rules (k8s.io/kubernetes
 * pkg/apis/core/validation/validation.go ValidateConfigMap, ValidateSecret; the
 * ServiceAccount warning of pkg/registry/core/serviceaccount/strategy.go).
 *
 * Sizes are counted as the server counts them: the bytes of each `data` value (UTF-8 for a
 * ConfigMap, base64-decoded for a Secret and for `binaryData`), `stringData` merged over
 * `data` first, as the v1 conversion does.
 */
import { configKeyProblem, isSet, key, mk, obj } from './kind-util';
import { Violation } from '../base/errors';
import { isObject } from '../base/validators';

/** core.MaxSecretSize: 1 MiB, the limit of a ConfigMap and of a Secret. */
export const MAX_CONFIG_SIZE = 1024 * 1024;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** Bytes of a base64 value once decoded (whitespace ignored, as the JSON decoder does not allow it anyway). */
function base64Length(s: string): number {
  const clean = s.replace(/\s/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - pad);
}

function decodeBase64(s: unknown): string | undefined {
  if (typeof s !== 'string') return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(atob(s.replace(/\s/g, '')), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

const tooLong = (checkId: string, field: string, size: number): Violation =>
  mk(checkId, field, `must have at most ${MAX_CONFIG_SIZE} bytes`, `${size} bytes`, `at most ${MAX_CONFIG_SIZE} bytes (1 MiB) in all`, 'Split the data over several objects, or mount it from a volume source meant for large files');

/** The rules for one v1 ConfigMap. */
// upstream: ValidateConfigMap
export function checkConfigMap(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const data = obj(o.data);
  const binary = obj(o.binaryData);
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    const problem = configKeyProblem(k);
    if (problem) out.push(mk('configmap/key', key('data', k), problem, k, "alphanumerics, '-', '_' and '.' (e.g. key.name, KEY_NAME)", 'Rename the key'));
    if (k in binary) out.push(mk('configmap/key', key('data', k), 'duplicate of key present in binaryData', k, 'each key in data or binaryData, not both', 'Keep the key in one of the two maps'));
    if (typeof v === 'string') total += utf8Length(v);
  }
  for (const [k, v] of Object.entries(binary)) {
    const problem = configKeyProblem(k);
    if (problem) out.push(mk('configmap/key', key('binaryData', k), problem, k, "alphanumerics, '-', '_' and '.' (e.g. key.name, KEY_NAME)", 'Rename the key'));
    if (k in data) out.push(mk('configmap/key', key('binaryData', k), 'duplicate of key present in data', k, 'each key in data or binaryData, not both', 'Keep the key in one of the two maps'));
    if (typeof v === 'string') total += base64Length(v);
  }
  if (total > MAX_CONFIG_SIZE) out.push(tooLong('configmap/too-large', '', total));
  return out;
}

const DOCKER_KEYS: Readonly<Record<string, string>> = {
  'kubernetes.io/dockercfg': '.dockercfg',
  'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
};

/** The rules for one v1 Secret. */
// upstream: ValidateSecret
export function checkSecret(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const data = obj(o.data);
  const stringData = obj(o.stringData);
  // The v1 conversion merges stringData over data (as bytes), so both are data keys on the server.
  const sizes = new Map<string, number>();
  const values = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(data)) {
    sizes.set(k, typeof v === 'string' ? base64Length(v) : 0);
    values.set(k, decodeBase64(v));
  }
  for (const [k, v] of Object.entries(stringData)) {
    sizes.set(k, typeof v === 'string' ? utf8Length(v) : 0);
    values.set(k, typeof v === 'string' ? v : undefined);
  }
  let total = 0;
  for (const [k, size] of sizes) {
    const problem = configKeyProblem(k);
    const where = k in stringData ? 'stringData' : 'data';
    if (problem) out.push(mk('secret/key', key(where, k), problem, k, "alphanumerics, '-', '_' and '.' (e.g. key.name, KEY_NAME)", 'Rename the key'));
    total += size;
  }
  if (total > MAX_CONFIG_SIZE) out.push(tooLong('secret/too-large', 'data', total));

  const type = o.type ?? 'Opaque';
  const has = (k: string) => sizes.has(k);
  const dataKey = (k: string) => key(k in stringData ? 'stringData' : 'data', k);
  if (type === 'kubernetes.io/service-account-token') {
    const name = obj(obj(o.metadata).annotations)['kubernetes.io/service-account.name'];
    if (typeof name !== 'string' || name === '') {
      out.push(mk('secret/typed-keys', key('metadata.annotations', 'kubernetes.io/service-account.name'), 'is required for a service-account-token Secret', undefined, undefined, 'Name the ServiceAccount the token is for in this annotation'));
    }
  } else if (DOCKER_KEYS[type]) {
    const k = DOCKER_KEYS[type];
    if (!has(k)) {
      out.push(mk('secret/typed-keys', key('data', k), `is required for a ${type} Secret`, undefined, undefined, `Put the registry credentials under the key ${k}`));
    } else {
      const text = values.get(k);
      let parsed: unknown;
      try {
        parsed = text === undefined ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      // json.Unmarshal into map[string]interface{}: an object (or null) is required.
      if (!(parsed === null || isObject(parsed))) {
        out.push(mk('secret/docker-config', dataKey(k), 'must be a JSON object', '<secret contents redacted>', 'a JSON object such as {"auths": {...}}', 'Encode the docker config file itself (base64 of its JSON under data, or the JSON under stringData)'));
      }
    }
  } else if (type === 'kubernetes.io/basic-auth') {
    if (!has('username') && !has('password')) {
      out.push(mk('secret/typed-keys', key('data', 'username'), 'is required for a basic-auth Secret (username or password)', undefined, undefined, 'Set username, password, or both'));
      out.push(mk('secret/typed-keys', key('data', 'password'), 'is required for a basic-auth Secret (username or password)', undefined, undefined, 'Set username, password, or both'));
    }
  } else if (type === 'kubernetes.io/ssh-auth') {
    if (!sizes.get('ssh-privatekey')) {
      out.push(mk('secret/typed-keys', key('data', 'ssh-privatekey'), 'is required (and non-empty) for an ssh-auth Secret', undefined, undefined, 'Put the private key under ssh-privatekey'));
    }
  } else if (type === 'kubernetes.io/tls') {
    for (const k of ['tls.crt', 'tls.key']) {
      if (!has(k)) out.push(mk('secret/typed-keys', key('data', k), 'is required for a kubernetes.io/tls Secret', undefined, undefined, `Put the ${k === 'tls.crt' ? 'PEM certificate chain' : 'PEM private key'} under ${k}`));
    }
  }
  return out;
}

/** The warning the server gives for a v1 ServiceAccount. */
// upstream: serviceaccount.WarningsOnCreate
export function checkServiceAccount(o: unknown): Violation[] {
  const annotations = obj(obj(isObject(o) ? o.metadata : undefined).annotations);
  const k = 'kubernetes.io/enforce-mountable-secrets';
  if (!isSet(annotations[k])) return [];
  return [mk('serviceaccount/deprecated', key('metadata.annotations', k), 'is deprecated in v1.32+', annotations[k], undefined, 'Prefer separate namespaces to isolate access to mounted secrets')];
}
