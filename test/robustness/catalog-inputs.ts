/**
 * The bad inputs of the message catalog: one wrong input each, across the five constructs
 * and the `cdk8s-haru check` CLI. `message()` returns the text the user sees (the error
 * message, or the CLI's output). The expected fragments live in catalog.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  AdmissionOperation, ApfFlowSchema, ApfVerb, AuditLevel, AuditPolicy, AuditRule, Authorizer, AuthzConfig, AuthzMatchCondition, CapabilityGrant,
  CelValue, DeviceAllocationMode, DnsPolicy, GpuClaimScope, GpuDevices, GpuSelector, GpuSharing, GpuTimeSliceClaim, HardenedPod, HardeningProfile,
  LimitResponse, MutatingPolicy, Mutation, OptOut, ParamKind, ParamRef, PatchOperation, PriorityLevel, Probe, ResourceRule, RunAs, SeccompProfile,
  Subject, UserNamespace, Volume, WebhookConnection, WorkloadHardening,
} from '../../lib';
import { run } from '../../lib/cli/main';

export interface CatalogInput {
  /** Unique id: `<area>: <what is wrong>`. */
  readonly id: string;
  /** Produces the message. */
  readonly message: () => string;
}

function thrown(fn: (chart: Chart) => void): string {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'haru-catalog-')) });
  const chart = new Chart(app, 'cat');
  try {
    fn(chart);
    app.synthYaml();
  } catch (e) {
    return (e as Error).message;
  }
  return '(accepted)';
}

const IMG = 'nginx:1.27';
const ok = (): any => ({ image: IMG });
const wh = (o: Record<string, unknown> = {}): Authorizer => Authorizer.webhook({ name: 'policy', connection: WebhookConnection.kubeConfigFile('/etc/kubernetes/wh.kubeconfig'), ...o } as any);
const rule = { subjects: [Subject.user('ci-bot')], resourceRules: [{ verbs: [ApfVerb.GET], apiGroups: [''], resources: ['pods'], namespaces: ['*'] }] };

function cli(args: string[], text?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-catalog-cli-'));
  const file = path.join(dir, 'in.yaml');
  if (text !== undefined) fs.writeFileSync(file, text);
  let out = '';
  run(['check', ...args.map((a) => (a === 'FILE' ? file : a))], { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, readStdin: () => '', stderrIsTty: false });
  return out.split(dir).join('<dir>');
}

function cliRaw(argv: string[]): string {
  let out = '';
  run(argv, { stdout: (t) => { out += t; }, stderr: (t) => { out += t; }, readStdin: () => '', stderrIsTty: false });
  return out;
}

const POD_YAML = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;
const HARD_CTR = '  securityContext:\n    runAsNonRoot: true\n    seccompProfile: {type: RuntimeDefault}\n  containers:\n    - name: app\n      image: a:1\n      securityContext:\n        allowPrivilegeEscalation: false\n        capabilities: {drop: [ALL]}\n';

export const CATALOG_INPUTS: CatalogInput[] = [
  // ---- HardenedPod ---------------------------------------------------------------------------
  { id: 'pod: no containers', message: () => thrown((c) => new HardenedPod(c, 'p')) },
  { id: 'pod: empty image', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: '' }] })) },
  { id: 'pod: container name not a DNS label', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, name: 'Web_Server' }] })) },
  { id: 'pod: duplicate container name', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, name: 'a' }, { image: IMG, name: 'a' }] })) },
  { id: 'pod: privileged without opt-out', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, privileged: true }] })) },
  { id: 'pod: host port without opt-out', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, ports: [{ number: 8080, hostPort: 80 }] }] })) },
  { id: 'pod: hostPath volume without opt-out', message: () => thrown((c) => new HardenedPod(c, 'p', { volumes: [Volume.hostPath('logs', '/var/log')], containers: [ok()] })) },
  { id: 'pod: hostNetwork without opt-outs', message: () => thrown((c) => new HardenedPod(c, 'p', { hostNetwork: true, containers: [ok()] })) },
  { id: 'pod: runAs UID 0', message: () => thrown(() => RunAs.user(0)) },
  { id: 'pod: opt-out without reason', message: () => thrown(() => OptOut.because('')) },
  { id: 'pod: capability with CAP_ prefix', message: () => thrown(() => CapabilityGrant.of(['CAP_NET_ADMIN'], OptOut.because('vendor requirement'))) },
  { id: 'pod: seccomp localhost path escaping', message: () => thrown(() => SeccompProfile.localhost('../etc/profile.json', 'audited')) },
  { id: 'pod: cpu request above limit', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, resources: { cpuRequest: '2', cpuLimit: '1' } }] })) },
  { id: 'pod: malformed memory quantity', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, resources: { memoryLimit: '1GB' } }] })) },
  { id: 'pod: mount of unknown volume', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, volumeMounts: [{ volume: 'data', mountPath: '/data' }] }] })) },
  { id: 'pod: probe port 0', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, liveness: Probe.tcpSocket(0) }] })) },
  { id: 'pod: container port 70000', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, ports: [{ number: 70000 }] }] })) },
  { id: 'pod: container port in the Kubernetes spelling', message: () => thrown((c) => new HardenedPod(c, 'p', { containers: [{ image: IMG, ports: [{ containerPort: 8080 } as any] }] })) },
  { id: 'pod: ClusterFirst DNS on the host network', message: () => thrown((c) => new HardenedPod(c, 'p', { hostNetwork: true, dnsPolicy: DnsPolicy.CLUSTER_FIRST, allowHostNamespaces: OptOut.because('node agent'), userNamespace: UserNamespace.host(OptOut.because('node agent')), containers: [ok()] })) },
  { id: 'pod: unsafe sysctl without opt-out', message: () => thrown((c) => new HardenedPod(c, 'p', { sysctls: [{ name: 'kernel.msgmax', value: '65536' }], containers: [ok()] })) },
  { id: 'pod: JSON patch sets hostUsers', message: () => thrown((c) => ApiObject.of(new HardenedPod(c, 'p', { containers: [ok()] })).addJsonPatch(JsonPatch.replace('/spec/hostUsers', true))) },
  { id: 'pod: claim template on a Deployment', message: () => thrown((c) => WorkloadHardening.apply(new kplus.Deployment(c, 'd', { containers: [ok()] }), { volumeClaimTemplates: [{ name: 'data', storage: '1Gi' }] })) },
  { id: 'pod: duplicate volume name', message: () => thrown((c) => new HardenedPod(c, 'p', { volumes: [Volume.emptyDir('v'), Volume.emptyDir('v')], containers: [ok()] })) },

  // ---- MutatingPolicy ------------------------------------------------------------------------
  { id: 'admission: no rules', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [], mutations: [Mutation.applyConfiguration({ metadata: { labels: { a: 'b' } } })] })) },
  { id: 'admission: no mutations', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [] })) },
  { id: 'admission: label value too long', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.addLabels({ team: 'x'.repeat(64) })] })) },
  { id: 'admission: label key with two slashes', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.addLabels({ 'a/b/c': 'x' })] })) },
  { id: 'admission: empty label map', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.addLabels({})] })) },
  { id: 'admission: sidecar on ConfigMaps', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.configMaps()], mutations: [Mutation.injectSidecar({ name: 'proxy', image: 'envoy:1' })] })) },
  { id: 'admission: sidecar name not a DNS label', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.injectSidecar({ name: 'Proxy!', image: 'envoy:1' })] })) },
  { id: 'admission: malformed quantity', message: () => thrown(() => CelValue.quantity('1 GB')) },
  { id: 'admission: match condition does not parse', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.addLabels({ a: 'b' })], matchConditions: [{ name: 'bad', expression: 'object.metadata.name ==' }] })) },
  { id: 'admission: match condition not bool', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.addLabels({ a: 'b' })], matchConditions: [{ name: 'str', expression: 'object.metadata.name' }] })) },
  { id: 'admission: params without paramKind', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.defaultResources({ requests: { cpu: CelValue.param('data', 'cpu') } })] })) },
  { id: 'admission: policy name not a DNS subdomain', message: () => thrown((c) => new MutatingPolicy(c, 'm', { name: 'Bad_Name', rules: [ResourceRule.pods()], mutations: [Mutation.addLabels({ a: 'b' })] })) },
  { id: 'admission: JSONPatch on a whole keyed list', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.jsonPatch([PatchOperation.add(['spec', 'containers'], [])])] })) },
  { id: 'admission: paramRef without default binding', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.addLabels({ a: 'b' })], paramKind: ParamKind.configMap(), defaultBinding: false, paramRef: ParamRef.byName('p') })) },
  { id: 'admission: sidecar on DELETE', message: () => thrown((c) => new MutatingPolicy(c, 'm', { rules: [ResourceRule.pods()], operations: ['DELETE' as AdmissionOperation], mutations: [Mutation.injectSidecar({ name: 'proxy', image: 'envoy:1' })] })) },

  // ---- GpuTimeSliceClaim ---------------------------------------------------------------------
  { id: 'dra: not attached to any pod', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD })) },
  { id: 'dra: exclusive shared claim', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.exclusive() })) },
  { id: 'dra: unknown scope', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: 'Cluster' as GpuClaimScope })) },
  { id: 'dra: not a MIG profile', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.migDevices({ profile: '1g10gb' }) })) },
  { id: 'dra: MIG profile no GPU has', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.migDevices({ profile: '1g.11gb' }) })) },
  { id: 'dra: negative count', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ count: -1 }) })) },
  { id: 'dra: count with allocation mode All', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ count: 2, allocationMode: DeviceAllocationMode.ALL }) })) },
  { id: 'dra: request name not a DNS label', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD, requestName: 'GPU_0' })) },
  { id: 'dra: selector is not bool', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.cel('device.driver')] }) })) },
  { id: 'dra: MPS thread percentage 150', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.mps({ activeThreadPercentage: 150 }) })) },
  { id: 'dra: MPS pinned memory below 1Mi', message: () => thrown((c) => new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.mps({ pinnedMemoryLimit: Size.kibibytes(512) }) })) },
  { id: 'dra: attach with unknown container', message: () => thrown((c) => { const g = new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD }); g.attachTo(new HardenedPod(c, 'p', { containers: [{ image: IMG, name: 'app' }] }), { containers: ['worker'] }); }) },
  { id: 'dra: attach with unknown request', message: () => thrown((c) => { const g = new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD }); g.attachTo(new HardenedPod(c, 'p', { containers: [ok()] }), { request: 'tpu' }); }) },
  { id: 'dra: duplicate request name', message: () => thrown((c) => { const g = new GpuTimeSliceClaim(c, 'g', { claimScope: GpuClaimScope.PER_POD }); g.addRequest({ name: 'gpu', devices: GpuDevices.wholeGpus() }); }) },

  // ---- ApfFlowSchema -------------------------------------------------------------------------
  { id: 'flowcontrol: no rules', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { priorityLevel: PriorityLevel.WORKLOAD_LOW })) },
  { id: 'flowcontrol: precedence 1', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { priorityLevel: PriorityLevel.WORKLOAD_LOW, matchingPrecedence: 1, rules: [rule] })) },
  { id: 'flowcontrol: precedence 10001', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { priorityLevel: PriorityLevel.WORKLOAD_LOW, matchingPrecedence: 10001, rules: [rule] })) },
  {
    id: 'flowcontrol: reserved schema name',
    message: () => thrown((c) => {
      HardeningProfile.set(c, { failOnWarnings: true });
      new ApfFlowSchema(c, 'f', { name: 'catch-all', priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [rule] });
    }),
  },
  { id: 'flowcontrol: both priorityLevel and limited', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { priorityLevel: PriorityLevel.WORKLOAD_LOW, limited: {}, rules: [rule] })) },
  { id: 'flowcontrol: lendablePercent 101', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { limited: { lendablePercent: 101 }, rules: [rule] })) },
  { id: 'flowcontrol: hand size above queues', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { limited: { limitResponse: LimitResponse.queue({ queues: 4, handSize: 8 }) }, rules: [rule] })) },
  { id: 'flowcontrol: shuffle-sharding entropy', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { limited: { limitResponse: LimitResponse.queue({ queues: 128, handSize: 10 }) }, rules: [rule] })) },
  { id: 'flowcontrol: rule without subjects', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [{ ...rule, subjects: [] }] })) },
  { id: 'flowcontrol: resource rule without namespaces', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [{ subjects: rule.subjects, resourceRules: [{ apiGroups: [''], resources: ['pods'] }] }] })) },
  { id: 'flowcontrol: single flow without reason', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { priorityLevel: PriorityLevel.WORKLOAD_LOW, singleFlowReason: '', rules: [rule] })) },
  { id: 'flowcontrol: non-resource URL without slash', message: () => thrown((c) => new ApfFlowSchema(c, 'f', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [{ subjects: rule.subjects, nonResourceRules: [{ nonResourceUrls: ['healthz'] }] }] })) },

  // ---- AuthzConfig / AuditPolicy -------------------------------------------------------------
  { id: 'authz: file name with a directory', message: () => thrown((c) => new AuthzConfig(c, 'a', { fileName: 'etc/authz.yaml' })) },
  { id: 'authz: file name with the manifest extension', message: () => thrown((c) => new AuthzConfig(c, 'a', { fileName: 'authz.k8s.yaml' })) },
  { id: 'authz: webhook without connection', message: () => thrown(() => Authorizer.webhook({ name: 'w' } as any)) },
  { id: 'authz: webhook timeout above 30s', message: () => thrown((c) => new AuthzConfig(c, 'a', { authorizers: [wh({ timeout: Duration.minutes(1) })] })) },
  { id: 'authz: webhook name not a DNS label', message: () => thrown((c) => new AuthzConfig(c, 'a', { authorizers: [Authorizer.webhook({ name: 'Policy_Engine', connection: WebhookConnection.kubeConfigFile('/etc/k.kubeconfig') })] })) },
  { id: 'authz: RBAC after a webhook', message: () => thrown((c) => new AuthzConfig(c, 'a', { authorizers: [wh(), Authorizer.rbac()] })) },
  { id: 'authz: AlwaysAllow without reason', message: () => thrown(() => Authorizer.alwaysAllow('  ')) },
  { id: 'authz: match condition does not parse', message: () => thrown((c) => new AuthzConfig(c, 'a', { authorizers: [wh({ matchConditions: [AuthzMatchCondition.cel('request.user ==')] })] })) },
  { id: 'authz: TTL with cache off', message: () => thrown(() => wh({ cacheAuthorizedRequests: false, authorizedTtl: Duration.minutes(5) })) },
  { id: 'authz: fractional millisecond timeout', message: () => thrown(() => wh({ timeout: Duration.millis(0.5) })) },
  { id: 'authz: two webhooks with one name', message: () => thrown((c) => new AuthzConfig(c, 'a', { authorizers: [wh(), wh()] })) },
  { id: 'audit: policy without rules', message: () => thrown((c) => new AuditPolicy(c, 'p', { rules: [] })) },
  { id: 'audit: two files with one name', message: () => thrown((c) => { new AuthzConfig(c, 'a', { fileName: 'x.yaml' }); new AuditPolicy(c, 'p', { fileName: 'x.yaml', rules: [AuditRule.atLevel(AuditLevel.METADATA)] }); }) },

  // ---- CLI -----------------------------------------------------------------------------------
  { id: 'cli: unknown --pss level', message: () => cli(['--pss', 'strict', 'FILE'], '') },
  { id: 'cli: unknown --format', message: () => cli(['--format', 'xml', 'FILE'], '') },
  { id: 'cli: unknown option', message: () => cli(['--fast', 'FILE'], '') },
  { id: 'cli: no input', message: () => cli([]) },
  { id: 'cli: unknown command', message: () => cliRaw(['lint', 'x.yaml']) },
  { id: 'cli: YAML syntax error', message: () => cli(['-q', 'FILE'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n') },
  { id: 'cli: unknown field', message: () => cli(['-q', 'FILE'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndatas:\n  a: b\n') },
  { id: 'cli: pod runs as root', message: () => cli(['-q', 'FILE'], POD_YAML(HARD_CTR.replace('runAsNonRoot: true', 'runAsNonRoot: false'))) },
  { id: 'cli: privileged container', message: () => cli(['-q', 'FILE'], POD_YAML(HARD_CTR.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n        privileged: true'))) },
  { id: 'cli: replicas as a string', message: () => cli(['-q', 'FILE'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: "3"\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: a, image: "a:1"}]\n') },
  { id: 'cli: pre-release API version', message: () => cli(['-q', 'FILE'], 'apiVersion: resource.k8s.io/v1beta1\nkind: ResourceClaim\nmetadata:\n  name: c\nspec: {}\n') },
];
