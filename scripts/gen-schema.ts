/**
 * Generates lib/schema/catalog.generated.ts: a compact field catalog of the Kubernetes
 * v1.36 API (object types, field types, required fields, list/map merge markers, served
 * group/version/kinds), without description text; and lib/schema/k8s-types.generated.ts:
 * internal readonly TypeScript interfaces of the 1.36 shapes the constructs render.
 *
 * Inputs (the upstream v1.36.0 schema, never copied into the repository):
 *   --definitions PATH   JSON-schema definitions (default ../shared/k8s/v1.36.0-definitions.json from the
 *                        repository root or its nearest ancestor that has it,
 *                        env HARU_K8S_DEFINITIONS)
 *   --swagger PATH       OpenAPI v2 swagger.json with paths (default ../shared/k8s/v1.36.0-swagger.json,
 *                        env HARU_K8S_SWAGGER)
 *   --out PATH           catalog output (default lib/schema/catalog.generated.ts)
 *   --types-out PATH     typed interfaces output (default lib/schema/k8s-types.generated.ts)
 *   --check              do not write; exit 1 when the committed file differs
 *
 * Run: npx tsx scripts/gen-schema.ts   (or: npx projen gen:schema)
 * The output is deterministic: the same inputs give byte-identical output.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

type Json = any;

/** Enum values of string fields. The v2 schema carries them only in description prose, so
 * the closed sets this project relies on are listed here from the 1.36 Go types (`+enum`). */
const ENUMS: Record<string, readonly string[]> = {
  'io.k8s.api.core.v1.Container.imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'io.k8s.api.core.v1.EphemeralContainer.imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'io.k8s.api.core.v1.Container.terminationMessagePolicy': ['File', 'FallbackToLogsOnError'],
  'io.k8s.api.core.v1.EphemeralContainer.terminationMessagePolicy': ['File', 'FallbackToLogsOnError'],
  'io.k8s.api.core.v1.PodSpec.restartPolicy': ['Always', 'OnFailure', 'Never'],
  'io.k8s.api.core.v1.PodSpec.dnsPolicy': ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
  'io.k8s.api.core.v1.PodSpec.preemptionPolicy': ['PreemptLowerPriority', 'Never'],
  'io.k8s.api.core.v1.PodOS.name': ['linux', 'windows'],
  'io.k8s.api.core.v1.ContainerPort.protocol': ['TCP', 'UDP', 'SCTP'],
  'io.k8s.api.core.v1.ServicePort.protocol': ['TCP', 'UDP', 'SCTP'],
  'io.k8s.api.networking.v1.NetworkPolicyPort.protocol': ['TCP', 'UDP', 'SCTP'],
  'io.k8s.api.core.v1.SeccompProfile.type': ['RuntimeDefault', 'Localhost', 'Unconfined'],
  'io.k8s.api.core.v1.AppArmorProfile.type': ['RuntimeDefault', 'Localhost', 'Unconfined'],
  'io.k8s.api.core.v1.SecurityContext.procMount': ['Default', 'Unmasked'],
  'io.k8s.api.core.v1.PodSecurityContext.fsGroupChangePolicy': ['OnRootMismatch', 'Always'],
  'io.k8s.api.core.v1.PodSecurityContext.seLinuxChangePolicy': ['MountOption', 'Recursive'],
  'io.k8s.api.core.v1.PodSecurityContext.supplementalGroupsPolicy': ['Merge', 'Strict'],
  'io.k8s.api.core.v1.VolumeMount.mountPropagation': ['None', 'HostToContainer', 'Bidirectional'],
  'io.k8s.api.core.v1.VolumeMount.recursiveReadOnly': ['Disabled', 'IfPossible', 'Enabled'],
  'io.k8s.api.core.v1.HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  'io.k8s.api.core.v1.TopologySpreadConstraint.whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'io.k8s.api.core.v1.TopologySpreadConstraint.nodeAffinityPolicy': ['Honor', 'Ignore'],
  'io.k8s.api.core.v1.TopologySpreadConstraint.nodeTaintsPolicy': ['Honor', 'Ignore'],
  'io.k8s.api.core.v1.NodeSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'],
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement.operator': ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  'io.k8s.api.core.v1.ServiceSpec.type': ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  'io.k8s.api.core.v1.ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'io.k8s.api.core.v1.ServiceSpec.externalTrafficPolicy': ['Cluster', 'Local'],
  'io.k8s.api.core.v1.ServiceSpec.internalTrafficPolicy': ['Cluster', 'Local'],
  'io.k8s.api.core.v1.ServiceSpec.ipFamilyPolicy': ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec.volumeMode': ['Filesystem', 'Block'],
  'io.k8s.api.apps.v1.DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'io.k8s.api.apps.v1.StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'io.k8s.api.apps.v1.DaemonSetUpdateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy.type': ['RollingUpdate', 'OnDelete'],
  'io.k8s.api.batch.v1.JobSpec.completionMode': ['NonIndexed', 'Indexed'],
  'io.k8s.api.batch.v1.CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy': ['IfHealthyBudget', 'AlwaysAllow'],
  'io.k8s.api.rbac.v1.Subject.kind': ['User', 'Group', 'ServiceAccount'],
  'io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicySpec.failurePolicy': ['Fail', 'Ignore'],
  'io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicySpec.reinvocationPolicy': ['Never', 'IfNeeded'],
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec.failurePolicy': ['Fail', 'Ignore'],
  'io.k8s.api.admissionregistration.v1.MatchResources.matchPolicy': ['Exact', 'Equivalent'],
  'io.k8s.api.admissionregistration.v1.Mutation.patchType': ['ApplyConfiguration', 'JSONPatch'],
  'io.k8s.api.admissionregistration.v1.ParamRef.parameterNotFoundAction': ['Allow', 'Deny'],
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations.scope': ['*', 'Cluster', 'Namespaced'],
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations.operations[]': ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'],
  'io.k8s.api.admissionregistration.v1.RuleWithOperations.operations[]': ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'],
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec.validationActions[]': ['Deny', 'Warn', 'Audit'],
  'io.k8s.api.flowcontrol.v1.Subject.kind': ['User', 'Group', 'ServiceAccount'],
  'io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationSpec.type': ['Exempt', 'Limited'],
  'io.k8s.api.flowcontrol.v1.LimitResponse.type': ['Queue', 'Reject'],
  'io.k8s.api.flowcontrol.v1.FlowDistinguisherMethod.type': ['ByUser', 'ByNamespace'],
  'io.k8s.api.resource.v1.ExactDeviceRequest.allocationMode': ['ExactCount', 'All'],
  'io.k8s.api.resource.v1.DeviceSubRequest.allocationMode': ['ExactCount', 'All'],
  'io.k8s.api.networking.v1.NetworkPolicySpec.policyTypes[]': ['Ingress', 'Egress'],
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec.accessModes[]': ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
};

/** Types whose JSON form is not an object with fixed properties. */
const SPECIAL: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'q',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'ios',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 's/date-time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 's/date-time',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': '*',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': '*',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': '*',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': '*',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': '*',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': '*',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': '*',
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(name + '='));
  return eq?.slice(name.length + 1);
}

function refName(ref: string): string {
  return ref.replace(/^#\/definitions\//, '');
}

/** Encodes one property schema into the compact form read by lib/schema/catalog.ts. */
function encode(schema: Json, enumKey: string): Json {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    if (SPECIAL[name]) return SPECIAL[name];
    if (schema['x-kubernetes-map-type']) return ['o', name, schema['x-kubernetes-map-type']];
    return name;
  }
  const values = ENUMS[enumKey];
  switch (schema.type) {
    case 'string':
      if (values) return ['e', [...values]];
      return schema.format ? `s/${schema.format}` : 's';
    case 'integer':
      return schema.format === 'int32' ? 'i32' : schema.format === 'int64' ? 'i64' : 'i';
    case 'number':
      return 'n';
    case 'boolean':
      return 'b';
    case 'array': {
      const out: Json[] = ['a', encode(schema.items ?? {}, enumKey + '[]')];
      const lt = schema['x-kubernetes-list-type'];
      const keys = schema['x-kubernetes-list-map-keys'];
      if (lt || keys) out.push(lt ?? '');
      if (keys) out.push([...keys]);
      return out;
    }
    case 'object':
      if (schema.additionalProperties) {
        const out: Json[] = ['m', encode(schema.additionalProperties, enumKey + '{}')];
        if (schema['x-kubernetes-map-type']) out.push(schema['x-kubernetes-map-type']);
        return out;
      }
      return '*';
    default:
      if (schema.oneOf) {
        const kinds = schema.oneOf.map((o: Json) => o.type).sort().join(',');
        if (kinds === 'number,string') return 'q';
        if (kinds === 'integer,string') return 'ios';
      }
      return '*';
  }
}

function isGa(version: string): boolean {
  return /^v\d+$/.test(version);
}

export function generate(definitionsPath: string, swaggerPath: string): string {
  const defs: Record<string, Json> = JSON.parse(readFileSync(definitionsPath, 'utf8')).definitions;
  const swagger: Json = JSON.parse(readFileSync(swaggerPath, 'utf8'));

  // Served kinds: every group/version/kind the swagger has an operation for.
  const opKinds = new Map<string, { namespaced: boolean }>();
  for (const [path, ops] of Object.entries<Json>(swagger.paths)) {
    for (const op of Object.values<Json>(ops)) {
      const gvk = op?.['x-kubernetes-group-version-kind'];
      if (!gvk) continue;
      const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
      const entry = opKinds.get(key) ?? { namespaced: false };
      if (op['x-kubernetes-action'] === 'post' && /\/namespaces\/\{namespace\}\/[a-z0-9]+$/.test(path)) entry.namespaced = true;
      opKinds.set(key, entry);
    }
  }

  const typeLines: string[] = [];
  const kindRows: Json[] = [];
  for (const name of Object.keys(defs).sort()) {
    if (SPECIAL[name]) continue;
    const def = defs[name];
    const fields: Record<string, Json> = {};
    for (const prop of Object.keys(def.properties ?? {}).sort()) {
      fields[prop] = encode(def.properties[prop], `${name}.${prop}`);
    }
    const required = [...(def.required ?? [])].sort();
    const atomic = def['x-kubernetes-map-type'] === 'atomic' ? 1 : 0;
    typeLines.push(`  ${JSON.stringify(name)}: [${JSON.stringify(fields)}, ${JSON.stringify(required)}, ${atomic}],`);
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
      const base = gvk.kind.endsWith('List') ? `${gvk.group}/${gvk.version}/${gvk.kind.slice(0, -4)}` : undefined;
      const op = opKinds.get(key);
      const listOf = base ? opKinds.get(base) : undefined;
      if (!op && !listOf) continue; // DeleteOptions, WatchEvent, Status...: not manifest kinds
      const flags = (op ? 1 : 0) | (op?.namespaced ? 2 : 0) | (!op && listOf ? 4 : 0) | (isGa(gvk.version) ? 8 : 0);
      kindRows.push([gvk.group, gvk.version, gvk.kind, name, flags]);
    }
  }
  const rowKey = (r: Json[]): string => `${r[0]}/${r[2]}/${r[1]}`;
  kindRows.sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));

  const out: string[] = [];
  out.push('// GENERATED FILE — do not edit. Written by scripts/gen-schema.ts from the Kubernetes v1.36.0');
  out.push('// OpenAPI definitions and swagger.json (descriptions stripped). Regenerate with:');
  out.push('//   npx tsx scripts/gen-schema.ts --definitions <v1.36.0-definitions.json> --swagger <v1.36.0-swagger.json>');
  out.push('// (defaults: ../shared/k8s/v1.36.0-*.json; also `npx projen gen:schema`).');
  out.push('/* eslint-disable */');
  out.push('');
  out.push('/**');
  out.push(' * Compact type reference: "s" string, "s/<format>", "i32", "i64", "i", "n" number, "b" boolean,');
  out.push(' * "q" quantity, "ios" int-or-string, "*" free-form; any other string is an object type name;');
  out.push(' * ["e", values] string enum; ["a", items, listType?, mapKeys?] array; ["m", values, mapType?] map;');
  out.push(' * ["o", typeName, mapType] object with a field-level map-type marker.');
  out.push(' */');
  out.push('export type RawRef = string | readonly [string, ...unknown[]];');
  out.push('/** [fields, required field names, 1 when the struct is atomic]. */');
  out.push('export type RawType = readonly [Readonly<Record<string, RawRef>>, readonly string[], number];');
  out.push('/** [group, version, kind, type name, flags]: 1 served resource, 2 namespaced, 4 list of a served resource, 8 GA version. */');
  out.push('export type RawKind = readonly [string, string, string, string, number];');
  out.push('');
  out.push(`export const SCHEMA_SOURCE = ${JSON.stringify('kubernetes v1.36.0')};`);
  out.push('');
  out.push('export const TYPES: Readonly<Record<string, RawType>> = {');
  out.push(...typeLines);
  out.push('};');
  out.push('');
  out.push('export const KINDS: readonly RawKind[] = [');
  for (const row of kindRows) out.push(`  ${JSON.stringify(row)},`);
  out.push('];');
  out.push('');
  return out.join('\n');
}

/** The default input: `../shared/k8s/<file>` from the repository root, or from the nearest ancestor that has it. */
export function defaultInput(file: string): string {
  let dir = ROOT;
  for (;;) {
    const candidate = resolve(dir, '..', 'shared', 'k8s', file);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return resolve(ROOT, '..', 'shared', 'k8s', file);
    dir = parent;
  }
}

// ---------------------------------------------------------------------------------------
// Typed interfaces (internal): the 1.36 shapes of the types the constructs render.

/** Root types whose shapes (and everything they reach) get a TypeScript interface. */
const INTERFACE_ROOTS = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  'io.k8s.api.core.v1.PodSpec',
  'io.k8s.api.core.v1.PodTemplateSpec',
  'io.k8s.api.networking.v1.NetworkPolicySpec',
  'io.k8s.api.apps.v1.DeploymentSpec',
  'io.k8s.api.apps.v1.StatefulSetSpec',
  'io.k8s.api.apps.v1.DaemonSetSpec',
  'io.k8s.api.batch.v1.JobSpec',
  'io.k8s.api.batch.v1.CronJobSpec',
  'io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicySpec',
  'io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicyBindingSpec',
  'io.k8s.api.resource.v1.ResourceClaimSpec',
  'io.k8s.api.resource.v1.ResourceClaimTemplateSpec',
  'io.k8s.api.resource.v1.DeviceClassSpec',
  'io.k8s.api.flowcontrol.v1.FlowSchemaSpec',
  'io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationSpec',
  'io.k8s.api.authorization.v1.SubjectAccessReviewSpec',
];

const TS_SPECIAL: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'string | number',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'string | number',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'string',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'string',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'Readonly<Record<string, unknown>>',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'Readonly<Record<string, unknown>>',
};

/** Generates lib/schema/k8s-types.generated.ts: readonly interfaces for the shapes reachable from {@link INTERFACE_ROOTS}. */
export function generateTypes(definitionsPath: string): string {
  const defs: Record<string, Json> = JSON.parse(readFileSync(definitionsPath, 'utf8')).definitions;
  const reached = new Set<string>();
  const visit = (schema: Json): void => {
    if (!schema || typeof schema !== 'object') return;
    if (schema.$ref) {
      const name = refName(schema.$ref);
      if (TS_SPECIAL[name] || reached.has(name) || !defs[name]) return;
      reached.add(name);
      for (const prop of Object.values<Json>(defs[name].properties ?? {})) visit(prop);
      return;
    }
    visit(schema.items);
    if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties);
  };
  for (const root of INTERFACE_ROOTS) visit({ $ref: `#/definitions/${root}` });
  const names = [...reached].sort();

  // Short names (Container), prefixed with the API group where two types share one.
  const short = (n: string): string => n.slice(n.lastIndexOf('.') + 1);
  const counts = new Map<string, number>();
  for (const n of names) counts.set(short(n), (counts.get(short(n)) ?? 0) + 1);
  const tsName = new Map<string, string>();
  for (const n of names) {
    if (counts.get(short(n)) === 1) {
      tsName.set(n, short(n));
    } else {
      const parts = n.split('.');
      const group = parts[parts.length - 3];
      tsName.set(n, group.charAt(0).toUpperCase() + group.slice(1) + short(n));
    }
  }

  const tsType = (schema: Json, enumKey: string): string => {
    if (schema.$ref) {
      const name = refName(schema.$ref);
      return TS_SPECIAL[name] ?? tsName.get(name) ?? 'unknown';
    }
    switch (schema.type) {
      case 'string':
        return ENUMS[enumKey] ? ENUMS[enumKey].map((v) => JSON.stringify(v)).join(' | ') : 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array':
        return `ReadonlyArray<${tsType(schema.items ?? {}, enumKey + '[]')}>`;
      case 'object':
        return schema.additionalProperties
          ? `Readonly<Record<string, ${tsType(schema.additionalProperties, enumKey + '{}')}>>`
          : 'Readonly<Record<string, unknown>>';
      default:
        return 'unknown';
    }
  };

  const out: string[] = [];
  out.push('// GENERATED FILE — do not edit. Written by scripts/gen-schema.ts from the Kubernetes v1.36.0');
  out.push('// OpenAPI definitions (descriptions stripped). Regenerate with:');
  out.push('//   npx tsx scripts/gen-schema.ts --definitions <v1.36.0-definitions.json> --swagger <v1.36.0-swagger.json>');
  out.push('// Internal: the 1.36 shapes of what the constructs render; not part of the public API.');
  out.push('/* eslint-disable */');
  for (const n of names) {
    const def = defs[n];
    const required = new Set<string>(def.required ?? []);
    out.push('');
    out.push(`/** ${n} */`);
    out.push(`export interface ${tsName.get(n)} {`);
    for (const prop of Object.keys(def.properties ?? {}).sort()) {
      const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(prop) ? prop : JSON.stringify(prop);
      out.push(`  readonly ${key}${required.has(prop) ? '' : '?'}: ${tsType(def.properties[prop], `${n}.${prop}`)};`);
    }
    out.push('}');
  }
  out.push('');
  return out.join('\n');
}

function main(): void {
  const definitions = resolve(ROOT, arg('--definitions') ?? process.env.HARU_K8S_DEFINITIONS ?? defaultInput('v1.36.0-definitions.json'));
  const swagger = resolve(ROOT, arg('--swagger') ?? process.env.HARU_K8S_SWAGGER ?? defaultInput('v1.36.0-swagger.json'));
  const outPath = resolve(ROOT, arg('--out') ?? 'lib/schema/catalog.generated.ts');
  const typesPath = resolve(ROOT, arg('--types-out') ?? 'lib/schema/k8s-types.generated.ts');
  for (const p of [definitions, swagger]) {
    if (!existsSync(p)) {
      console.error(`gen-schema: input not found: ${p} (pass --definitions/--swagger or set HARU_K8S_DEFINITIONS/HARU_K8S_SWAGGER)`);
      process.exit(2);
    }
  }
  const outputs: Array<[string, string]> = [
    [outPath, generate(definitions, swagger)],
    [typesPath, generateTypes(definitions)],
  ];
  if (process.argv.includes('--check')) {
    let stale = false;
    for (const [path, text] of outputs) {
      const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (current !== text) {
        console.error(`gen-schema: ${path} is out of date; run npx tsx scripts/gen-schema.ts`);
        stale = true;
      }
    }
    if (stale) process.exit(1);
    console.log('gen-schema: generated files are up to date');
    return;
  }
  for (const [path, text] of outputs) {
    writeFileSync(path, text);
    console.log(`gen-schema: wrote ${path} (${Buffer.byteLength(text)} bytes)`);
  }
}

if (typeof require !== 'undefined' && require.main === module) main();
