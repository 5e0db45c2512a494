/**
 * Cases translated from the upstream validation test tables of Kubernetes 1.36
 * (`pkg/apis/apps/validation/validation_test.go`, `pkg/apis/batch/validation/validation_test.go`,
 * `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta_test.go`), each written as a
 * user writes the v1 object in YAML: the internal objects of the upstream tests carry the
 * values that v1 defaulting would have filled in, so a translated case leaves those out, or
 * writes them explicitly when the upstream case depends on a value (e.g. a zero that v1
 * would default to something else). Jobs are written without the selector and labels the
 * server generates (the upstream tests write them, with a uid, because they call the
 * validation after the strategy did).
 *
 * `want` lists the field paths upstream reports (an empty list: the object is valid);
 * `na` marks a case that has no v1 equivalent, with the reason.
 */

export interface UpstreamCase {
  /** `<test function>: <case name>` as upstream names it. */
  readonly name: string;
  /** The object as v1 YAML would decode it. */
  readonly obj: any;
  /** The field paths of the errors upstream reports; empty when the object is valid. */
  readonly want: readonly string[];
  /** Why the case cannot be written as a v1 object (it is then not counted). */
  readonly na?: string;
}

const clone = <T>(x: T): T => structuredClone(x);

function tweak<T>(base: T, fn?: (o: any) => void): T {
  const o = clone(base);
  fn?.(o);
  return o;
}

const CTR = { name: 'ctr', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' };

// ---------------------------------------------------------------------------------------
// apps/v1 StatefulSet (TestValidateStatefulSet, TestValidateStatefulSetMinReadySeconds)

const STS = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    podManagementPolicy: 'OrderedReady',
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ ...CTR, name: 'abc' }] } },
    updateStrategy: { type: 'RollingUpdate' },
  },
};
const sts = (fn?: (o: any) => void) => tweak(STS, fn);
const INVALID_LABELS = { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' };

const STATEFULSET_CASES: UpstreamCase[] = [
  { name: 'TestValidateStatefulSet: alpha name', obj: sts(), want: [] },
  { name: 'TestValidateStatefulSet: alphanumeric name', obj: sts((o) => { o.metadata.name = 'abc-123'; }), want: [] },
  {
    name: 'TestValidateStatefulSet: hostNetwork true',
    obj: sts((o) => {
      o.spec.template.spec.hostNetwork = true;
      o.spec.template.spec.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }];
    }),
    want: [],
  },
  { name: 'TestValidateStatefulSet: parallel pod management', obj: sts((o) => { o.spec.podManagementPolicy = 'Parallel'; }), want: [] },
  { name: 'TestValidateStatefulSet: ordered ready pod management', obj: sts(), want: [] },
  { name: 'TestValidateStatefulSet: update strategy', obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy.rollingUpdate = { partition: 2 }; }), want: [] },
  { name: 'TestValidateStatefulSet: PVC policy', obj: sts((o) => { o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' }; }), want: [] },
  {
    name: 'TestValidateStatefulSet: maxUnavailable with parallel pod management',
    obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy.rollingUpdate = { partition: 2, maxUnavailable: 2 }; }),
    want: [],
  },
  { name: 'TestValidateStatefulSet: ordinals.start positive value', obj: sts((o) => { o.spec.replicas = 3; o.spec.ordinals = { start: 2 }; }), want: [] },
  { name: 'TestValidateStatefulSet: zero-length name', obj: sts((o) => { o.metadata.name = ''; }), want: ['metadata.name'] },
  { name: 'TestValidateStatefulSet: name-with-dots', obj: sts((o) => { o.metadata.name = 'abc.123'; }), want: ['metadata.name'] },
  { name: 'TestValidateStatefulSet: long name', obj: sts((o) => { o.metadata.name = 'a'.repeat(64); }), want: ['metadata.name'] },
  {
    name: 'TestValidateStatefulSet: missing-namespace',
    obj: sts((o) => { delete o.metadata.namespace; }),
    want: ['metadata.namespace'],
    na: 'a manifest without a namespace gets the namespace of the request (kubectl fills in the context namespace)',
  },
  { name: 'TestValidateStatefulSet: empty selector', obj: sts((o) => { delete o.spec.selector; }), want: ['spec.selector', 'spec.template.metadata.labels'] },
  { name: 'TestValidateStatefulSet: selector_doesnt_match', obj: sts((o) => { o.spec.selector = { matchLabels: { foo: 'bar' } }; }), want: ['spec.template.metadata.labels'] },
  { name: 'TestValidateStatefulSet: negative_replicas', obj: sts((o) => { o.spec.replicas = -1; }), want: ['spec.replicas'] },
  { name: 'TestValidateStatefulSet: invalid_label', obj: sts((o) => { o.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }; }), want: ['metadata.labels'] },
  {
    name: 'TestValidateStatefulSet: invalid_label 2',
    obj: sts((o) => {
      o.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' };
      o.spec.selector = { matchLabels: INVALID_LABELS };
      o.spec.template = { metadata: { labels: INVALID_LABELS }, spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [CTR] } };
    }),
    want: ['metadata.labels', 'spec.selector', 'spec.selector.matchLabels'],
  },
  { name: 'TestValidateStatefulSet: invalid_annotation', obj: sts((o) => { o.metadata.annotations = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }; }), want: ['metadata.annotations'] },
  { name: 'TestValidateStatefulSet: invalid restart policy 1', obj: sts((o) => { o.spec.template.spec.restartPolicy = 'OnFailure'; }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateStatefulSet: invalid restart policy 2', obj: sts((o) => { o.spec.template.spec.restartPolicy = 'Never'; }), want: ['spec.template.spec.restartPolicy'] },
  {
    name: 'TestValidateStatefulSet: empty restart policy',
    obj: sts((o) => { o.spec.template.spec.restartPolicy = ''; }),
    want: ['spec.template.spec.restartPolicy'],
    na: 'v1 defaulting sets an empty restartPolicy to Always (SetDefaults_PodSpec)',
  },
  { name: 'TestValidateStatefulSet: invalid update strategy', obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy.type = 'foo'; }), want: ['spec.updateStrategy'] },
  {
    name: 'TestValidateStatefulSet: empty update strategy',
    obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy.type = ''; }),
    want: ['spec.updateStrategy'],
    na: 'v1 defaulting sets an empty updateStrategy.type to RollingUpdate (SetDefaults_StatefulSet)',
  },
  {
    name: 'TestValidateStatefulSet: invalid rolling update',
    obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } }; }),
    want: ['spec.updateStrategy.rollingUpdate'],
  },
  { name: 'TestValidateStatefulSet: negative partition', obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy.rollingUpdate = { partition: -1 }; }), want: ['spec.updateStrategy.rollingUpdate.partition'] },
  {
    name: 'TestValidateStatefulSet: empty pod management policy',
    obj: sts((o) => { o.spec.podManagementPolicy = ''; o.spec.replicas = 3; }),
    want: ['spec.podManagementPolicy'],
    na: 'v1 defaulting sets an empty podManagementPolicy to OrderedReady (SetDefaults_StatefulSet)',
  },
  { name: 'TestValidateStatefulSet: invalid pod management policy', obj: sts((o) => { o.spec.podManagementPolicy = 'foo'; }), want: ['spec.podManagementPolicy'] },
  {
    name: 'TestValidateStatefulSet: set active deadline seconds',
    obj: sts((o) => { o.spec.replicas = 3; o.spec.template.spec = { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', activeDeadlineSeconds: 60, containers: [CTR] }; }),
    want: ['spec.template.spec.activeDeadlineSeconds'],
  },
  {
    name: 'TestValidateStatefulSet: empty PersistentVolumeClaimRetentionPolicy',
    obj: sts((o) => { o.spec.persistentVolumeClaimRetentionPolicy = {}; }),
    want: ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'spec.persistentVolumeClaimRetentionPolicy.whenScaled'],
    na: 'v1 defaulting sets empty retention policies to Retain (SetDefaults_StatefulSet)',
  },
  {
    name: 'TestValidateStatefulSet: invalid PersistentVolumeClaimRetentionPolicy',
    obj: sts((o) => { o.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'invalid-retention-policy', whenScaled: 'invalid-retention-policy' }; }),
    want: ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'spec.persistentVolumeClaimRetentionPolicy.whenScaled'],
  },
  { name: 'TestValidateStatefulSet: zero maxUnavailable', obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy.rollingUpdate = { maxUnavailable: 0 }; }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'] },
  { name: 'TestValidateStatefulSet: zero percent maxUnavailable', obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy.rollingUpdate = { maxUnavailable: '0%' }; }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'] },
  {
    name: 'TestValidateStatefulSet: greater than 100 percent maxUnavailable',
    obj: sts((o) => { o.spec.replicas = 3; o.spec.updateStrategy.rollingUpdate = { maxUnavailable: '101%' }; }),
    want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'],
  },
  { name: 'TestValidateStatefulSet: invalid ordinals.start', obj: sts((o) => { o.spec.replicas = 3; o.spec.ordinals = { start: -2 }; }), want: ['spec.ordinals.start'] },
  { name: 'TestValidateStatefulSetMinReadySeconds: zero', obj: sts((o) => { o.spec.replicas = 3; o.spec.minReadySeconds = 0; }), want: [] },
  { name: 'TestValidateStatefulSetMinReadySeconds: negative', obj: sts((o) => { o.spec.replicas = 3; o.spec.minReadySeconds = -1; }), want: ['spec.minReadySeconds'] },
  { name: 'TestValidateStatefulSetMinReadySeconds: very large value', obj: sts((o) => { o.spec.replicas = 3; o.spec.minReadySeconds = 2147483647; }), want: [] },
  { name: 'TestValidateStatefulSetMinReadySeconds: large negative', obj: sts((o) => { o.spec.replicas = 3; o.spec.minReadySeconds = -2147483648; }), want: ['spec.minReadySeconds'] },
];

// ---------------------------------------------------------------------------------------
// apps/v1 ControllerRevision (TestValidateControllerRevision)

const CR = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'validname', namespace: 'validns' }, data: { spec: { replicas: 1 } }, revision: 0 };
const cr = (fn?: (o: any) => void) => tweak(CR, fn);

const CONTROLLER_REVISION_CASES: UpstreamCase[] = [
  { name: 'TestValidateControllerRevision: valid', obj: cr(), want: [] },
  { name: 'TestValidateControllerRevision: negative revision', obj: cr((o) => { o.revision = -1; }), want: ['revision'] },
  { name: 'TestValidateControllerRevision: empty name', obj: cr((o) => { o.metadata.name = ''; }), want: ['metadata.name'] },
  { name: 'TestValidateControllerRevision: invalid name', obj: cr((o) => { o.metadata.name = 'NoUppercaseOrSpecialCharsLike=Equals'; }), want: ['metadata.name'] },
  { name: 'TestValidateControllerRevision: empty namespace', obj: cr((o) => { o.metadata.namespace = ''; }), want: ['metadata.namespace'], na: 'an empty namespace is the namespace of the request' },
  { name: 'TestValidateControllerRevision: invalid namespace', obj: cr((o) => { o.metadata.namespace = 'NoUppercaseOrSpecialCharsLike=Equals'; }), want: ['metadata.namespace'] },
  { name: 'TestValidateControllerRevision: nil data', obj: cr((o) => { delete o.data; }), want: ['data'] },
  { name: 'TestValidateControllerRevision: json error', obj: cr(), want: ['data'], na: 'a YAML or JSON manifest cannot carry a syntactically broken raw extension' },
  { name: 'TestValidateControllerRevision: json bool', obj: cr((o) => { o.data = true; }), want: ['data'] },
  { name: 'TestValidateControllerRevision: json int', obj: cr((o) => { o.data = 0; }), want: ['data'] },
  { name: 'TestValidateControllerRevision: json float', obj: cr((o) => { o.data = 0.5; }), want: ['data'] },
  { name: 'TestValidateControllerRevision: json null', obj: cr((o) => { o.data = null; }), want: ['data'] },
  { name: 'TestValidateControllerRevision: json array', obj: cr((o) => { o.data = []; }), want: ['data'] },
  { name: 'TestValidateControllerRevision: json string', obj: cr((o) => { o.data = 'test'; }), want: ['data'] },
  { name: 'TestValidateControllerRevision: json object', obj: cr((o) => { o.data = {}; }), want: [] },
];

// ---------------------------------------------------------------------------------------
// apps/v1 DaemonSet (TestValidateDaemonSet, TestDaemonSetUpdateMaxSurge)

const DS = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [CTR] } },
    updateStrategy: { type: 'OnDelete' },
  },
};
const ds = (fn?: (o: any) => void) => tweak(DS, fn);
const rollingDs = (ru: Record<string, unknown>) => ds((o) => { o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: ru }; });

const DAEMONSET_CASES: UpstreamCase[] = [
  { name: 'TestValidateDaemonSet: success abc', obj: ds(), want: [] },
  { name: 'TestValidateDaemonSet: success abc-123', obj: ds((o) => { o.metadata.name = 'abc-123'; }), want: [] },
  {
    name: 'TestValidateDaemonSet: success hostnet',
    obj: ds((o) => { o.metadata.name = 'hostnet'; o.spec.template.spec.hostNetwork = true; o.spec.template.spec.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }]; }),
    want: [],
  },
  { name: 'TestValidateDaemonSet: zero-length ID', obj: ds((o) => { o.metadata.name = ''; }), want: ['metadata.name'] },
  { name: 'TestValidateDaemonSet: missing-namespace', obj: ds((o) => { delete o.metadata.namespace; }), want: ['metadata.namespace'], na: 'the namespace of the request applies' },
  { name: 'TestValidateDaemonSet: nil selector', obj: ds((o) => { delete o.spec.selector; }), want: ['spec.selector'] },
  { name: 'TestValidateDaemonSet: empty selector', obj: ds((o) => { o.spec.selector = {}; }), want: ['spec.selector'] },
  { name: 'TestValidateDaemonSet: selector_doesnt_match', obj: ds((o) => { o.spec.selector = { matchLabels: { foo: 'bar' } }; }), want: ['spec.template.metadata.labels'] },
  { name: 'TestValidateDaemonSet: invalid template', obj: ds((o) => { delete o.spec.template; }), want: ['spec.template'] },
  { name: 'TestValidateDaemonSet: invalid_label', obj: ds((o) => { o.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }; }), want: ['metadata.labels'] },
  {
    name: 'TestValidateDaemonSet: invalid_label 2',
    obj: ds((o) => { o.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }; delete o.spec.selector; o.spec.template.metadata.labels = INVALID_LABELS; }),
    want: ['metadata.labels'],
  },
  { name: 'TestValidateDaemonSet: invalid_annotation', obj: ds((o) => { o.metadata.annotations = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }; }), want: ['metadata.annotations'] },
  {
    name: 'TestValidateDaemonSet: invalid restart policy 1',
    obj: ds((o) => { o.spec.template = { spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', containers: [CTR] } }; }),
    want: ['spec.template.spec.restartPolicy'],
  },
  {
    name: 'TestValidateDaemonSet: invalid restart policy 2',
    obj: ds((o) => { o.spec.template = { spec: { restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', containers: [CTR] } }; }),
    want: ['spec.template.spec.restartPolicy'],
  },
  {
    name: 'TestValidateDaemonSet: template may not contain ephemeral containers',
    obj: ds((o) => { o.spec.template.spec.ephemeralContainers = [{ name: 'debug', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }]; }),
    want: ['spec.template.spec.ephemeralContainers'],
  },
  // TestDaemonSetUpdateMaxSurge: the internal zero of an unset field is written as an explicit 0 (v1 would default maxUnavailable to 1).
  { name: 'TestDaemonSetUpdateMaxSurge: invalid: unset', obj: rollingDs({ maxUnavailable: 0, maxSurge: 0 }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'] },
  { name: 'TestDaemonSetUpdateMaxSurge: invalid: zero percent', obj: rollingDs({ maxUnavailable: '0%', maxSurge: 0 }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'] },
  { name: 'TestDaemonSetUpdateMaxSurge: invalid: zero', obj: rollingDs({ maxUnavailable: 0, maxSurge: 0 }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'] },
  { name: 'TestDaemonSetUpdateMaxSurge: valid: one', obj: rollingDs({ maxUnavailable: 1, maxSurge: 0 }), want: [] },
  { name: 'TestDaemonSetUpdateMaxSurge: valid: one percent', obj: rollingDs({ maxUnavailable: '1%', maxSurge: 0 }), want: [] },
  { name: 'TestDaemonSetUpdateMaxSurge: valid: 100%', obj: rollingDs({ maxUnavailable: '100%', maxSurge: 0 }), want: [] },
  { name: 'TestDaemonSetUpdateMaxSurge: invalid: greater than 100%', obj: rollingDs({ maxUnavailable: '101%', maxSurge: 0 }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'] },
  { name: 'TestDaemonSetUpdateMaxSurge: valid: surge and unavailable set (expects an error)', obj: rollingDs({ maxUnavailable: '1%', maxSurge: '1%' }), want: ['spec.updateStrategy.rollingUpdate.maxSurge'] },
  { name: 'TestDaemonSetUpdateMaxSurge: valid: surge enabled, surge one', obj: rollingDs({ maxUnavailable: 0, maxSurge: 1 }), want: [] },
  { name: 'TestDaemonSetUpdateMaxSurge: valid: surge enabled, surge one percent', obj: rollingDs({ maxUnavailable: 0, maxSurge: '1%' }), want: [] },
  { name: 'TestDaemonSetUpdateMaxSurge: valid: surge enabled, surge 100%', obj: rollingDs({ maxUnavailable: 0, maxSurge: '100%' }), want: [] },
  { name: 'TestDaemonSetUpdateMaxSurge: invalid: surge enabled, surge zero percent', obj: rollingDs({ maxUnavailable: 0, maxSurge: '0%' }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'] },
  { name: 'TestDaemonSetUpdateMaxSurge: invalid: surge enabled, surge greater than 100%', obj: rollingDs({ maxUnavailable: 0, maxSurge: '101%' }), want: ['spec.updateStrategy.rollingUpdate.maxSurge'] },
  { name: 'TestDaemonSetUpdateMaxSurge: invalid: surge and unavailable mixed zero', obj: rollingDs({ maxUnavailable: 0, maxSurge: '0%' }), want: ['spec.updateStrategy.rollingUpdate.maxUnavailable'] },
  { name: 'TestDaemonSetUpdateMaxSurge: v1 default maxUnavailable 1 with maxSurge 1', obj: rollingDs({ maxSurge: 1 }), want: ['spec.updateStrategy.rollingUpdate.maxSurge'] },
];

// ---------------------------------------------------------------------------------------
// apps/v1 Deployment (TestValidateDeployment)

const DEPLOY = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'abc', namespace: 'default' },
  spec: {
    selector: { matchLabels: { name: 'abc' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
    template: { metadata: { labels: { name: 'abc' } }, spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [CTR] } },
  },
};
const deploy = (fn?: (o: any) => void) => tweak(DEPLOY, fn);

const DEPLOYMENT_CASES: UpstreamCase[] = [
  { name: 'TestValidateDeployment: validDeployment', obj: deploy(), want: [] },
  {
    name: 'TestValidateDeployment: hostNetwork',
    obj: deploy((o) => { o.spec.template.spec.hostNetwork = true; o.spec.template.spec.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }]; }),
    want: [],
  },
  { name: 'TestValidateDeployment: metadata.name: Required value', obj: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { namespace: 'default' } }, want: ['metadata.name'] },
  { name: 'TestValidateDeployment: `selector` does not match template `labels`', obj: deploy((o) => { o.spec.selector = { matchLabels: { name: 'def' } }; }), want: ['spec.template.metadata.labels'] },
  { name: 'TestValidateDeployment: Unsupported value: "Never"', obj: deploy((o) => { o.spec.template.spec.restartPolicy = 'Never'; }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateDeployment: supported values: "Recreate", "RollingUpdate"', obj: deploy((o) => { o.spec.strategy.type = 'randomType'; }), want: ['spec.strategy'] },
  { name: "TestValidateDeployment: may not be specified when strategy `type` is 'Recreate'", obj: deploy((o) => { o.spec.strategy = { type: 'Recreate', rollingUpdate: {} }; }), want: ['spec.strategy.rollingUpdate'] },
  { name: 'TestValidateDeployment: a valid percent string must be', obj: deploy((o) => { o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '20Percent', maxUnavailable: 0 } }; }), want: ['spec.strategy.rollingUpdate.maxSurge'] },
  { name: 'TestValidateDeployment: may not be 0 when `maxSurge` is 0', obj: deploy((o) => { o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '0%', maxUnavailable: 0 } }; }), want: ['spec.strategy.rollingUpdate.maxUnavailable'] },
  { name: 'TestValidateDeployment: must not be greater than 100%', obj: deploy((o) => { o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '110%', maxSurge: 0 } }; }), want: ['spec.strategy.rollingUpdate.maxUnavailable'] },
  {
    name: 'TestValidateDeployment: must be greater than or equal to 0 (rollbackTo.revision)',
    obj: deploy((o) => { o.spec.rollbackTo = { revision: -3 }; }),
    want: ['spec.rollbackTo'],
    na: 'apps/v1 has no spec.rollbackTo (extensions/v1beta1 only); the strict schema refuses the unknown field',
  },
  { name: 'TestValidateDeployment: must be greater than minReadySeconds', obj: deploy((o) => { o.spec.progressDeadlineSeconds = 600; o.spec.minReadySeconds = 600; }), want: ['spec.progressDeadlineSeconds'] },
  { name: 'TestValidateDeployment: must be greater than minReadySeconds (v1 default of 600)', obj: deploy((o) => { o.spec.minReadySeconds = 600; }), want: ['spec.progressDeadlineSeconds'] },
  {
    name: 'TestValidateDeployment: ephemeral containers not allowed',
    obj: deploy((o) => { o.spec.template.spec.ephemeralContainers = [{ name: 'ec', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }]; }),
    want: ['spec.template.spec.ephemeralContainers'],
  },
];

// ---------------------------------------------------------------------------------------
// apps/v1 ReplicaSet (TestValidateReplicaSet)

const RS = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'abc', namespace: 'default' },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [CTR] } } },
};
const rs = (fn?: (o: any) => void) => tweak(RS, fn);
const GCE_PD = { name: 'gcepd', gcePersistentDisk: { pdName: 'my-PD', fsType: 'ext4', partition: 1, readOnly: false } };

const REPLICASET_CASES: UpstreamCase[] = [
  { name: 'TestValidateReplicaSet: success abc', obj: rs(), want: [] },
  { name: 'TestValidateReplicaSet: success abc-123', obj: rs((o) => { o.metadata.name = 'abc-123'; }), want: [] },
  { name: 'TestValidateReplicaSet: success hostnet', obj: rs((o) => { o.metadata.name = 'hostnet'; o.spec.template.spec.hostNetwork = true; o.spec.template.spec.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }]; }), want: [] },
  { name: 'TestValidateReplicaSet: success read-write volume, 1 replica', obj: rs((o) => { o.spec.replicas = 1; o.spec.template.spec.volumes = [GCE_PD]; }), want: [] },
  { name: 'TestValidateReplicaSet: zero-length ID', obj: rs((o) => { o.metadata.name = ''; }), want: ['metadata.name'] },
  { name: 'TestValidateReplicaSet: missing-namespace', obj: rs((o) => { delete o.metadata.namespace; }), want: ['metadata.namespace'], na: 'the namespace of the request applies' },
  { name: 'TestValidateReplicaSet: empty selector', obj: rs((o) => { delete o.spec.selector; }), want: ['spec.selector'] },
  { name: 'TestValidateReplicaSet: selector_doesnt_match', obj: rs((o) => { o.spec.selector = { matchLabels: { foo: 'bar' } }; }), want: ['spec.template.metadata.labels'] },
  { name: 'TestValidateReplicaSet: invalid manifest', obj: rs((o) => { delete o.spec.template; }), want: ['spec.template'] },
  {
    name: 'TestValidateReplicaSet: read-write persistent disk with > 1 pod',
    obj: rs((o) => { delete o.metadata.namespace; o.spec.replicas = 2; o.spec.template.spec.volumes = [GCE_PD]; }),
    want: ['spec.template.spec.volumes[0].gcePersistentDisk.readOnly'],
  },
  { name: 'TestValidateReplicaSet: negative_replicas', obj: rs((o) => { o.spec.replicas = -1; delete o.spec.template; }), want: ['spec.replicas'] },
  { name: 'TestValidateReplicaSet: invalid_label', obj: rs((o) => { o.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }; }), want: ['metadata.labels'] },
  { name: 'TestValidateReplicaSet: invalid_label 2', obj: rs((o) => { o.metadata.labels = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }; delete o.spec.selector; o.spec.template.metadata.labels = INVALID_LABELS; }), want: ['metadata.labels'] },
  { name: 'TestValidateReplicaSet: invalid_annotation', obj: rs((o) => { o.metadata.annotations = { 'NoUppercaseOrSpecialCharsLike=Equals': 'bar' }; }), want: ['metadata.annotations'] },
  { name: 'TestValidateReplicaSet: invalid restart policy 1', obj: rs((o) => { o.spec.template.spec.restartPolicy = 'OnFailure'; }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateReplicaSet: invalid restart policy 2', obj: rs((o) => { o.spec.template.spec.restartPolicy = 'Never'; }), want: ['spec.template.spec.restartPolicy'] },
];

// ---------------------------------------------------------------------------------------
// batch/v1 Job (TestValidateJob)

const JOB_CTRS = { containers: [{ ...CTR, name: 'abc' }], initContainers: [{ ...CTR, name: 'def' }] };
/** A Job as a user writes it: no selector and no generated labels (the server adds them). */
const JOB = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'myjob', namespace: 'default' },
  spec: { template: { spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', ...JOB_CTRS } } },
};
const job = (fn?: (o: any) => void) => tweak(JOB, fn);
const jobNever = (fn?: (o: any) => void) => job((o) => { o.spec.template.spec.restartPolicy = 'Never'; fn?.(o); });
/** A Job with a manual selector (kept as upstream writes it). */
const manualJob = (fn?: (o: any) => void) => job((o) => {
  o.spec.manualSelector = true;
  o.spec.selector = { matchLabels: { a: 'b' } };
  o.spec.template = { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', containers: [{ ...CTR, name: 'abc' }] } };
  fn?.(o);
});
const indexed = (o: any, completions?: number) => {
  o.spec.completionMode = 'Indexed';
  if (completions !== undefined) o.spec.completions = completions;
};
const pfp = (o: any, rules: unknown[]) => { o.spec.podFailurePolicy = { rules }; };
const exitRule = (action: string, req: Record<string, unknown>) => ({ action, onExitCodes: req });

const JOB_CASES: UpstreamCase[] = [
  {
    name: 'TestValidateJob: valid success policy',
    obj: jobNever((o) => { indexed(o, 10); o.spec.successPolicy = { rules: [{ succeededCount: 1, succeededIndexes: '0,2,4' }, { succeededIndexes: '1,3,5-9' }] }; }),
    want: [],
  },
  {
    name: 'TestValidateJob: valid pod failure policy',
    obj: jobNever((o) => pfp(o, [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onPodConditions: [{ type: 'CustomConditionType', status: 'False' }] },
      exitRule('Count', { containerName: 'abc', operator: 'In', values: [1, 2, 3] }),
      exitRule('Ignore', { containerName: 'def', operator: 'In', values: [4] }),
      exitRule('FailJob', { operator: 'NotIn', values: [5, 6, 7] }),
    ])),
    want: [],
  },
  {
    name: 'TestValidateJob: valid pod failure policy with FailIndex',
    obj: jobNever((o) => {
      indexed(o, 2);
      o.spec.backoffLimitPerIndex = 1;
      o.spec.manualSelector = true;
      const generated = { 'batch.kubernetes.io/controller-uid': '1a2b3c', 'controller-uid': '1a2b3c', 'batch.kubernetes.io/job-name': 'myjob', 'job-name': 'myjob' };
      o.spec.selector = { matchLabels: generated };
      o.spec.template.metadata = { labels: generated };
      pfp(o, [exitRule('FailIndex', { operator: 'In', values: [10] })]);
    }),
    want: [],
  },
  { name: 'TestValidateJob: valid manual selector', obj: manualJob((o) => { o.metadata.annotations = { foo: 'bar' }; }), want: [] },
  { name: 'TestValidateJob: valid generated selector', obj: job(), want: [] },
  { name: 'TestValidateJob: valid pod replacement', obj: job((o) => { o.spec.podReplacementPolicy = 'TerminatingOrFailed'; }), want: [] },
  { name: 'TestValidateJob: valid pod replacement with failed', obj: job((o) => { o.spec.podReplacementPolicy = 'Failed'; }), want: [] },
  {
    name: 'TestValidateJob: valid hostnet',
    obj: job((o) => { o.spec.template.spec.hostNetwork = true; o.spec.template.spec.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }]; }),
    want: [],
  },
  { name: 'TestValidateJob: valid NonIndexed completion mode', obj: job((o) => { o.spec.completionMode = 'NonIndexed'; }), want: [] },
  { name: 'TestValidateJob: valid Indexed completion mode', obj: job((o) => { indexed(o, 2); o.spec.parallelism = 100000; }), want: [] },
  {
    name: 'TestValidateJob: valid parallelism and maxFailedIndexes for high completions when backoffLimitPerIndex is used',
    obj: job((o) => { indexed(o, 100_000); o.spec.parallelism = 100_000; o.spec.maxFailedIndexes = 100_000; o.spec.backoffLimitPerIndex = 1; }),
    want: [],
  },
  {
    name: 'TestValidateJob: valid parallelism and maxFailedIndexes for unlimited completions when backoffLimitPerIndex is used',
    obj: job((o) => { indexed(o, 1_000_000_000); o.spec.parallelism = 10_000; o.spec.maxFailedIndexes = 10_000; o.spec.backoffLimitPerIndex = 1; }),
    want: [],
  },
  { name: 'TestValidateJob: valid job tracking annotation', obj: job(), want: [] },
  { name: 'TestValidateJob: valid batch labels', obj: job(), want: [] },
  {
    name: 'TestValidateJob: do not allow new batch labels',
    obj: job(),
    want: [],
    na: 'runs with RequirePrefixedLabels off, which the 1.36 API server never does',
  },
  { name: 'TestValidateJob: valid managedBy field', obj: job((o) => { o.spec.managedBy = 'example.com/foo'; }), want: [] },
  { name: 'TestValidateJob: spec.managedBy: Too long', obj: job((o) => { o.spec.managedBy = `example.com/${'x'.repeat(60)}`; }), want: ['spec.managedBy'] },
  { name: 'TestValidateJob: spec.managedBy: must be a domain-prefixed path', obj: job((o) => { o.spec.managedBy = 'invalid custom controller name'; }), want: ['spec.managedBy'] },
  { name: 'TestValidateJob: spec.successPolicy: requires indexed completion mode', obj: jobNever((o) => { o.spec.successPolicy = { rules: [] }; }), want: ['spec.successPolicy'] },
  { name: 'TestValidateJob: spec.successPolicy.rules: Required value', obj: jobNever((o) => { indexed(o, 5); o.spec.successPolicy = {}; }), want: ['spec.successPolicy.rules'] },
  { name: 'TestValidateJob: spec.successPolicy.rules[0]: Required value', obj: jobNever((o) => { indexed(o, 5); o.spec.successPolicy = { rules: [{}] }; }), want: ['spec.successPolicy.rules[0]'] },
  {
    name: 'TestValidateJob: spec.successPolicy.rules[0].succeededIndexes: error parsing succeededIndexes',
    obj: jobNever((o) => { indexed(o, 5); o.spec.successPolicy = { rules: [{ succeededIndexes: 'invalid-format' }] }; }),
    want: ['spec.successPolicy.rules[0].succeededIndexes'],
  },
  {
    name: 'TestValidateJob: spec.successPolicy.rules[0].succeededIndexes: Too long',
    obj: jobNever((o) => { indexed(o, 5); o.spec.successPolicy = { rules: [{ succeededIndexes: '1'.repeat(65537) }] }; }),
    want: ['spec.successPolicy.rules[0].succeededIndexes'],
  },
  { name: 'TestValidateJob: spec.successPolicy.rules[0].succeededCount: must be greater than or equal to 0', obj: jobNever((o) => { indexed(o, 5); o.spec.successPolicy = { rules: [{ succeededCount: -1 }] }; }), want: ['spec.successPolicy.rules[0].succeededCount'] },
  { name: 'TestValidateJob: succeededCount 6 > 5 completions', obj: jobNever((o) => { indexed(o, 5); o.spec.successPolicy = { rules: [{ succeededCount: 6 }] }; }), want: ['spec.successPolicy.rules[0].succeededCount'] },
  { name: 'TestValidateJob: succeededCount 4 > 3 indexes', obj: jobNever((o) => { indexed(o, 5); o.spec.successPolicy = { rules: [{ succeededCount: 4, succeededIndexes: '0-2' }] }; }), want: ['spec.successPolicy.rules[0].succeededCount'] },
  {
    name: 'TestValidateJob: spec.successPolicy.rules: Too many',
    obj: jobNever((o) => { indexed(o, 5); o.spec.successPolicy = { rules: Array.from({ length: 21 }, () => ({ succeededCount: 5 })) }; }),
    want: ['spec.successPolicy.rules'],
  },
  { name: 'TestValidateJob: rules[0]: specifying one of OnExitCodes and OnPodConditions is required', obj: jobNever((o) => pfp(o, [{ action: 'FailJob' }])), want: ['spec.podFailurePolicy.rules[0]'] },
  { name: 'TestValidateJob: values[1]: Duplicate value: 11', obj: jobNever((o) => pfp(o, [exitRule('FailJob', { operator: 'In', values: [11, 11] })])), want: ['spec.podFailurePolicy.rules[0].onExitCodes.values[1]'] },
  {
    name: 'TestValidateJob: onExitCodes.values: Too many',
    obj: jobNever((o) => pfp(o, [exitRule('FailJob', { operator: 'In', values: Array.from({ length: 256 }, (_, i) => i) })])),
    want: ['spec.podFailurePolicy.rules[0].onExitCodes.values'],
  },
  {
    name: 'TestValidateJob: spec.podFailurePolicy.rules: Too many',
    obj: jobNever((o) => pfp(o, Array.from({ length: 21 }, (_, i) => exitRule('FailJob', { operator: 'In', values: [i + 1] })))),
    want: ['spec.podFailurePolicy.rules'],
  },
  {
    name: 'TestValidateJob: onPodConditions: Too many',
    obj: jobNever((o) => pfp(o, [{ action: 'FailJob', onPodConditions: Array.from({ length: 21 }, (_, i) => ({ type: `CustomType_${i}`, status: 'True' })) }])),
    want: ['spec.podFailurePolicy.rules[0].onPodConditions'],
  },
  { name: 'TestValidateJob: values[2]: Duplicate value: 13', obj: jobNever((o) => pfp(o, [exitRule('FailJob', { operator: 'In', values: [12, 13, 13, 13] })])), want: ['spec.podFailurePolicy.rules[0].onExitCodes.values[2]'] },
  { name: 'TestValidateJob: values: must be ordered', obj: jobNever((o) => pfp(o, [exitRule('FailJob', { operator: 'In', values: [19, 11] })])), want: ['spec.podFailurePolicy.rules[0].onExitCodes.values'] },
  { name: 'TestValidateJob: values: at least one value is required', obj: jobNever((o) => pfp(o, [exitRule('FailJob', { operator: 'In', values: [] })])), want: ['spec.podFailurePolicy.rules[0].onExitCodes.values'] },
  { name: 'TestValidateJob: action: Required value', obj: jobNever((o) => pfp(o, [exitRule('', { operator: 'In', values: [1, 2, 3] })])), want: ['spec.podFailurePolicy.rules[0].action'] },
  { name: 'TestValidateJob: onExitCodes.operator: Required value', obj: jobNever((o) => pfp(o, [exitRule('FailJob', { operator: '', values: [1, 2, 3] })])), want: ['spec.podFailurePolicy.rules[0].onExitCodes.operator'] },
  {
    name: 'TestValidateJob: rules[0]: specifying both OnExitCodes and OnPodConditions is not supported',
    obj: jobNever((o) => pfp(o, [{ action: 'FailJob', onExitCodes: { containerName: 'abc', operator: 'In', values: [1, 2, 3] }, onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }])),
    want: ['spec.podFailurePolicy.rules[0]'],
  },
  { name: 'TestValidateJob: values[1]: must not be 0 for the In operator', obj: jobNever((o) => pfp(o, [exitRule('Ignore', { operator: 'In', values: [1, 0, 2] })])), want: ['spec.podFailurePolicy.rules[0].onExitCodes.values[1]'] },
  {
    name: 'TestValidateJob: rules[1].onExitCodes.containerName: must be one of the container or initContainer names',
    obj: jobNever((o) => pfp(o, [exitRule('Ignore', { containerName: 'abc', operator: 'In', values: [1, 2, 3] }), exitRule('FailJob', { containerName: 'xyz', operator: 'In', values: [5, 6, 7] })])),
    want: ['spec.podFailurePolicy.rules[1].onExitCodes.containerName'],
  },
  { name: 'TestValidateJob: action: Unsupported value "UnknownAction"', obj: jobNever((o) => pfp(o, [exitRule('UnknownAction', { containerName: 'abc', operator: 'In', values: [1, 2, 3] })])), want: ['spec.podFailurePolicy.rules[0].action'] },
  { name: 'TestValidateJob: operator: Unsupported value "UnknownOperator"', obj: jobNever((o) => pfp(o, [exitRule('Ignore', { operator: 'UnknownOperator', values: [1, 2, 3] })])), want: ['spec.podFailurePolicy.rules[0].onExitCodes.operator'] },
  {
    name: 'TestValidateJob: onPodConditions[0].status: Required value',
    obj: jobNever((o) => pfp(o, [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }])),
    want: ['spec.podFailurePolicy.rules[0].onPodConditions[0].status'],
    na: 'v1 defaulting sets an empty pod condition status to True (SetDefaults_Job)',
  },
  { name: 'TestValidateJob: onPodConditions[0].status: Unsupported value', obj: jobNever((o) => pfp(o, [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'UnknownStatus' }] }])), want: ['spec.podFailurePolicy.rules[0].onPodConditions[0].status'] },
  { name: 'TestValidateJob: onPodConditions[0].type: name part must be non-empty', obj: jobNever((o) => pfp(o, [{ action: 'Ignore', onPodConditions: [{ type: '', status: 'True' }] }])), want: ['spec.podFailurePolicy.rules[0].onPodConditions[0].type'] },
  { name: 'TestValidateJob: onPodConditions[0].type: name part must consist of', obj: jobNever((o) => pfp(o, [{ action: 'Ignore', onPodConditions: [{ type: 'Invalid Condition Type', status: 'True' }] }])), want: ['spec.podFailurePolicy.rules[0].onPodConditions[0].type'] },
  {
    name: 'TestValidateJob: spec.podReplacementPolicy: Unsupported value "TerminatingOrFailed" with a podFailurePolicy',
    obj: jobNever((o) => { o.spec.podReplacementPolicy = 'TerminatingOrFailed'; pfp(o, [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]); }),
    want: ['spec.podReplacementPolicy'],
  },
  { name: 'TestValidateJob: spec.podReplacementPolicy: Unsupported value ""', obj: jobNever((o) => { o.spec.podReplacementPolicy = ''; }), want: ['spec.podReplacementPolicy'] },
  { name: 'TestValidateJob: restartPolicy OnFailure with a podFailurePolicy', obj: job((o) => { o.spec.template.spec.initContainers = undefined; delete o.spec.template.spec.initContainers; pfp(o, []); }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateJob: spec.parallelism: must be greater than or equal to 0', obj: job((o) => { o.spec.parallelism = -1; }), want: ['spec.parallelism'] },
  { name: 'TestValidateJob: spec.backoffLimit: must be greater than or equal to 0', obj: job((o) => { o.spec.backoffLimit = -1; }), want: ['spec.backoffLimit'] },
  { name: 'TestValidateJob: spec.backoffLimitPerIndex: requires indexed completion mode', obj: job((o) => { o.spec.backoffLimitPerIndex = 1; }), want: ['spec.backoffLimitPerIndex'] },
  { name: 'TestValidateJob: spec.backoffLimitPerIndex: must be greater than or equal to 0', obj: job((o) => { o.spec.backoffLimitPerIndex = -1; indexed(o); }), want: ['spec.backoffLimitPerIndex'] },
  { name: 'TestValidateJob: spec.maxFailedIndexes: 11 > completions 10', obj: job((o) => { indexed(o, 10); o.spec.maxFailedIndexes = 11; o.spec.backoffLimitPerIndex = 1; }), want: ['spec.maxFailedIndexes'] },
  { name: 'TestValidateJob: spec.maxFailedIndexes: Required above 100000 completions', obj: job((o) => { indexed(o, 100_001); o.spec.backoffLimitPerIndex = 1; }), want: ['spec.maxFailedIndexes'] },
  {
    name: 'TestValidateJob: spec.parallelism: 50000 above 10000 with high completions',
    obj: job((o) => { indexed(o, 100_001); o.spec.parallelism = 50_000; o.spec.backoffLimitPerIndex = 1; o.spec.maxFailedIndexes = 1; }),
    want: ['spec.parallelism'],
  },
  { name: 'TestValidateJob: spec.maxFailedIndexes: 100001 above 100000', obj: job((o) => { indexed(o, 100_001); o.spec.backoffLimitPerIndex = 1; o.spec.maxFailedIndexes = 100_001; }), want: ['spec.maxFailedIndexes'] },
  { name: 'TestValidateJob: spec.maxFailedIndexes: 50000 above 10000 with high completions', obj: job((o) => { indexed(o, 100_001); o.spec.backoffLimitPerIndex = 1; o.spec.maxFailedIndexes = 50_000; }), want: ['spec.maxFailedIndexes'] },
  { name: 'TestValidateJob: spec.maxFailedIndexes: must be greater than or equal to 0', obj: job((o) => { indexed(o); o.spec.backoffLimitPerIndex = 1; o.spec.maxFailedIndexes = -1; }), want: ['spec.maxFailedIndexes'] },
  { name: 'TestValidateJob: spec.backoffLimitPerIndex: Required when maxFailedIndexes is specified', obj: job((o) => { indexed(o); o.spec.maxFailedIndexes = 1; }), want: ['spec.backoffLimitPerIndex'] },
  { name: 'TestValidateJob: spec.completions: must be greater than or equal to 0', obj: job((o) => { o.spec.completions = -1; }), want: ['spec.completions'] },
  { name: 'TestValidateJob: spec.activeDeadlineSeconds: must be greater than or equal to 0', obj: job((o) => { o.spec.activeDeadlineSeconds = -1; }), want: ['spec.activeDeadlineSeconds'] },
  { name: 'TestValidateJob: spec.selector: Required value (manualSelector without a selector)', obj: manualJob((o) => { delete o.spec.selector; }), want: ['spec.selector'] },
  { name: 'TestValidateJob: template labels {y: z} do not match the manual selector', obj: manualJob((o) => { o.spec.template.metadata.labels = { y: 'z' }; }), want: ['spec.template.metadata.labels'] },
  { name: 'TestValidateJob: template labels {controller-uid: 4d5e6f} do not match the manual selector', obj: manualJob((o) => { o.spec.template.metadata.labels = { 'controller-uid': '4d5e6f' }; }), want: ['spec.template.metadata.labels'] },
  { name: 'TestValidateJob: spec.template.spec.restartPolicy: Required value (Always)', obj: manualJob((o) => { o.spec.template.spec.restartPolicy = 'Always'; }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateJob: spec.template.spec.restartPolicy: Required value (unset, defaulted to Always)', obj: job((o) => { delete o.spec.template.spec.restartPolicy; }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateJob: spec.template.spec.restartPolicy: Unsupported value', obj: manualJob((o) => { o.spec.template.spec.restartPolicy = 'Invalid'; }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateJob: spec.ttlSecondsAfterFinished: must be greater than or equal to 0', obj: job((o) => { o.spec.ttlSecondsAfterFinished = -1; }), want: ['spec.ttlSecondsAfterFinished'] },
  {
    name: 'TestValidateJob: spec.completions: Required value: when completion mode is Indexed',
    obj: job((o) => { indexed(o); }),
    want: ['spec.completions'],
    na: 'with neither completions nor parallelism, v1 defaulting sets completions to 1 (SetDefaults_Job); see the next case',
  },
  { name: 'TestValidateJob: spec.completions: Required value: when completion mode is Indexed (parallelism set)', obj: job((o) => { indexed(o); o.spec.parallelism = 2; }), want: ['spec.completions'] },
  { name: 'TestValidateJob: spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed', obj: job((o) => { indexed(o, 2); o.spec.parallelism = 100001; }), want: ['spec.parallelism'] },
  {
    name: 'TestValidateJob: labels[controller-uid] (a selector on controller-uid without manualSelector)',
    obj: job((o) => { o.spec.selector = { matchLabels: { 'controller-uid': '1a2b3c' } }; o.spec.template.metadata = { labels: { 'job-name': 'myjob' } }; }),
    want: ['spec.selector'],
  },
  { name: 'TestValidateJob: metadata.uid: Required value', obj: job(), want: ['metadata.uid'], na: 'the server assigns the uid before validation; a manifest never carries it' },
  { name: 'TestValidateJob: spec.selector: `selector` not auto-generated', obj: job((o) => { o.spec.selector = { matchLabels: { a: 'b' } }; }), want: ['spec.selector'] },
  {
    name: 'TestValidateJob: labels[batch.kubernetes.io/controller-uid] (a selector on the prefixed uid label)',
    obj: job((o) => { o.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': '1a2b3c' } }; o.spec.template.metadata = { labels: { 'batch.kubernetes.io/job-name': 'myjob', 'controller-uid': '1a2b3c', 'job-name': 'myjob' } }; }),
    want: ['spec.selector'],
  },
  {
    name: 'ValidateJob: pod host names of an Indexed Job must be DNS labels',
    obj: job((o) => { o.metadata.name = 'a'.repeat(60); indexed(o, 1000); }),
    want: ['metadata.name'],
  },
  { name: 'ValidateJob: a job-name template label that is not the Job name', obj: job((o) => { o.spec.template.metadata = { labels: { 'job-name': 'other' } }; }), want: ['spec.template.metadata.labels[job-name]'] },
];

// ---------------------------------------------------------------------------------------
// batch/v1 CronJob (TestValidateCronJob, TestValidateCronJobScheduleTZ)

const CRON = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'mycronjob', namespace: 'default' },
  spec: {
    schedule: '* * * * ?',
    concurrencyPolicy: 'Allow',
    jobTemplate: { spec: { template: { metadata: { labels: {} }, spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', ...JOB_CTRS } } } },
  },
};
const cron = (fn?: (o: any) => void) => tweak(CRON, fn);

const CRONJOB_CASES: UpstreamCase[] = [
  { name: 'TestValidateCronJob: basic scheduled job', obj: cron(), want: [] },
  {
    name: 'TestValidateCronJob: hostnet job',
    obj: cron((o) => { const s = o.spec.jobTemplate.spec.template.spec; s.hostNetwork = true; s.containers[0].ports = [{ containerPort: 12345, protocol: 'TCP' }]; }),
    want: [],
  },
  { name: 'TestValidateCronJob: non-standard scheduled', obj: cron((o) => { o.spec.schedule = '@hourly'; }), want: [] },
  { name: 'TestValidateCronJob: correct timeZone value', obj: cron((o) => { o.spec.schedule = '0 * * * *'; o.spec.timeZone = 'Europe/Rome'; }), want: [] },
  { name: 'TestValidateCronJob: spec.schedule: Invalid value', obj: cron((o) => { o.spec.schedule = 'error'; }), want: ['spec.schedule'] },
  { name: 'TestValidateCronJob: spec.schedule: Required value', obj: cron((o) => { o.spec.schedule = ''; }), want: ['spec.schedule'] },
  { name: 'TestValidateCronJob: spec.timeZone: timeZone must be nil or non-empty string', obj: cron((o) => { o.spec.schedule = '0 * * * *'; o.spec.timeZone = ''; }), want: ['spec.timeZone'] },
  { name: 'TestValidateCronJob: spec.timeZone: timeZone must be an explicit time zone', obj: cron((o) => { o.spec.schedule = '0 * * * *'; o.spec.timeZone = 'LOCAL'; }), want: ['spec.timeZone'] },
  { name: 'TestValidateCronJob: spec.timeZone: unknown time zone (leading space)', obj: cron((o) => { o.spec.schedule = '0 * * * *'; o.spec.timeZone = ' Europe/Rome'; }), want: ['spec.timeZone'] },
  { name: 'TestValidateCronJob: spec.timeZone: unknown time zone (no such zone)', obj: cron((o) => { o.spec.schedule = '0 * * * *'; o.spec.timeZone = 'Europe/InvalidRome'; }), want: ['spec.timeZone'] },
  { name: 'TestValidateCronJob: spec.timeZone: unknown time zone (a space)', obj: cron((o) => { o.spec.schedule = '0 * * * *'; o.spec.timeZone = ' '; }), want: ['spec.timeZone'] },
  { name: 'TestValidateCronJob: spec.timeZone: unknown time zone (trailing space)', obj: cron((o) => { o.spec.schedule = '0 * * * *'; o.spec.timeZone = 'Europe/Rome '; }), want: ['spec.timeZone'] },
  { name: 'TestValidateCronJob: spec.startingDeadlineSeconds: must be greater than or equal to 0', obj: cron((o) => { o.spec.startingDeadlineSeconds = -1; }), want: ['spec.startingDeadlineSeconds'] },
  { name: 'TestValidateCronJob: spec.successfulJobsHistoryLimit: must be greater than or equal to 0', obj: cron((o) => { o.spec.successfulJobsHistoryLimit = -1; }), want: ['spec.successfulJobsHistoryLimit'] },
  { name: 'TestValidateCronJob: spec.failedJobsHistoryLimit: must be greater than or equal to 0', obj: cron((o) => { o.spec.failedJobsHistoryLimit = -1; }), want: ['spec.failedJobsHistoryLimit'] },
  {
    name: 'TestValidateCronJob: spec.concurrencyPolicy: Required value',
    obj: cron((o) => { delete o.spec.concurrencyPolicy; }),
    want: ['spec.concurrencyPolicy'],
    na: 'v1 defaulting sets an empty concurrencyPolicy to Allow (SetDefaults_CronJob)',
  },
  { name: 'TestValidateCronJob: spec.jobTemplate.spec.parallelism: must be greater than or equal to 0', obj: cron((o) => { o.spec.jobTemplate.spec.parallelism = -1; }), want: ['spec.jobTemplate.spec.parallelism'] },
  { name: 'TestValidateCronJob: spec.jobTemplate.spec.completions: must be greater than or equal to 0', obj: cron((o) => { o.spec.jobTemplate.spec.completions = -1; }), want: ['spec.jobTemplate.spec.completions'] },
  { name: 'TestValidateCronJob: spec.jobTemplate.spec.activeDeadlineSeconds: must be greater than or equal to 0', obj: cron((o) => { o.spec.jobTemplate.spec.activeDeadlineSeconds = -1; }), want: ['spec.jobTemplate.spec.activeDeadlineSeconds'] },
  { name: 'TestValidateCronJob: spec.jobTemplate.spec.selector: `selector` will be auto-generated', obj: cron((o) => { o.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } }; }), want: ['spec.jobTemplate.spec.selector'] },
  { name: 'TestValidateCronJob: metadata.name: must be no more than 52 characters', obj: cron((o) => { o.metadata.name = '10000000002000000000300000000040000000005000000000123'; }), want: ['metadata.name'] },
  { name: 'TestValidateCronJob: spec.jobTemplate.spec.manualSelector: Unsupported value', obj: cron((o) => { o.spec.jobTemplate.spec.manualSelector = true; }), want: ['spec.jobTemplate.spec.manualSelector'] },
  {
    name: 'TestValidateCronJob: spec.jobTemplate.spec.template.spec.restartPolicy: Required value',
    obj: cron((o) => { o.spec.jobTemplate.spec.template = { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ ...CTR, name: 'abc' }] } }; }),
    want: ['spec.jobTemplate.spec.template.spec.restartPolicy'],
  },
  {
    name: 'TestValidateCronJob: spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value',
    obj: cron((o) => { o.spec.jobTemplate.spec.template = { spec: { restartPolicy: 'Invalid', dnsPolicy: 'ClusterFirst', containers: [{ ...CTR, name: 'abc' }] } }; }),
    want: ['spec.jobTemplate.spec.template.spec.restartPolicy'],
  },
  { name: 'TestValidateCronJob: spec.jobTemplate.spec.ttlSecondsAfterFinished: must be greater than or equal to 0', obj: cron((o) => { o.spec.jobTemplate.spec.ttlSecondsAfterFinished = -1; }), want: ['spec.jobTemplate.spec.ttlSecondsAfterFinished'] },
  { name: 'TestValidateCronJobScheduleTZ: TZ=UTC in the schedule', obj: cron((o) => { o.spec.schedule = 'TZ=UTC 0 * * * *'; }), want: ['spec.schedule'] },
  { name: 'TestValidateCronJobScheduleTZ: CRON_TZ=UTC in the schedule', obj: cron((o) => { o.spec.schedule = 'CRON_TZ=UTC 0 * * * *'; }), want: ['spec.schedule'] },
  { name: 'TestValidateCronJobScheduleTZ: valid schedule', obj: cron((o) => { o.spec.schedule = '0 * * * *'; }), want: [] },
];

// ---------------------------------------------------------------------------------------
// ObjectMeta (objectmeta_test.go), on a namespaced ConfigMap

const CM = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test', namespace: 'test' } };
const cm = (fn?: (o: any) => void) => tweak(CM, fn);
const ref = (kind: string, uid: string, controller?: boolean) => ({ apiVersion: 'customresourceVersion', kind, name: 'name', uid, ...(controller === undefined ? {} : { controller }) });
const BIG = 256 * 1024;

const META_CASES: UpstreamCase[] = [
  { name: 'TestValidateObjectMetaNamespaces: foo.bar', obj: cm((o) => { o.metadata.namespace = 'foo.bar'; }), want: ['metadata.namespace'] },
  { name: 'TestValidateObjectMetaNamespaces: 64 mixed-case characters', obj: cm((o) => { o.metadata.namespace = `${'aB3'.repeat(21)}x`; }), want: ['metadata.namespace'] },
  { name: 'TestValidateObjectMetaOwnerReferences: simple success - third party extension', obj: cm((o) => { o.metadata.ownerReferences = [ref('customresourceKind', '1')]; }), want: [] },
  {
    name: "TestValidateObjectMetaOwnerReferences: simple failures - event shouldn't be set as an owner",
    obj: cm((o) => { o.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Event', name: 'name', uid: '1' }]; }),
    want: ['metadata.ownerReferences'],
  },
  {
    name: 'TestValidateObjectMetaOwnerReferences: simple controller ref success - one reference with Controller set',
    obj: cm((o) => { o.metadata.ownerReferences = [ref('customresourceKind', '1', false), ref('customresourceKind', '2', true), ref('customresourceKind', '3', false), ref('customresourceKind', '4')]; }),
    want: [],
  },
  {
    name: 'TestValidateObjectMetaOwnerReferences: simple controller ref failure - two references with Controller set',
    obj: cm((o) => { o.metadata.ownerReferences = [ref('customresourceKind1', '1', false), ref('customresourceKind2', '2', true), ref('customresourceKind3', '3', true), ref('customresourceKind4', '4')]; }),
    want: ['metadata.ownerReferences'],
  },
  { name: 'validateOwnerReference: version must not be empty', obj: cm((o) => { o.metadata.ownerReferences = [{ apiVersion: 'apps/', kind: 'Deployment', name: 'd', uid: '1' }]; }), want: ['metadata.ownerReferences.apiVersion'] },
  { name: 'validateOwnerReference: empty uid', obj: cm((o) => { o.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: '' }]; }), want: ['metadata.ownerReferences.uid'] },
  {
    name: 'TestValidateFinalizersPreventConflictingFinalizers: orphan and foregroundDeletion',
    obj: cm((o) => { o.metadata.finalizers = ['orphan', 'foregroundDeletion']; }),
    want: ['metadata.finalizers'],
  },
  { name: 'ValidateFinalizerName: not a qualified name', obj: cm((o) => { o.metadata.finalizers = ['example.com/a/b']; }), want: ['metadata.finalizers'] },
  { name: 'ValidateFinalizerName: a domain-qualified finalizer', obj: cm((o) => { o.metadata.finalizers = ['example.com/cleanup', 'kubernetes']; }), want: [] },
  { name: 'TestValidateObjectMetaTrimsTrailingDash', obj: cm((o) => { o.metadata.generateName = 'foo-'; }), want: [] },
  { name: 'ValidateObjectMetaAccessor: generateName only', obj: cm((o) => { delete o.metadata.name; o.metadata.generateName = 'foo-'; }), want: [] },
  { name: 'ValidateObjectMetaAccessor: invalid generateName', obj: cm((o) => { delete o.metadata.name; o.metadata.generateName = 'Foo_'; }), want: ['metadata.generateName'] },
  { name: 'ValidateObjectMetaAccessor: generateName with a dot for a DNS-label kind (StatefulSet)', obj: sts((o) => { delete o.metadata.name; o.metadata.generateName = 'a.b-'; }), want: ['metadata.generateName'] },
  { name: 'ValidateObjectMetaAccessor: negative generation', obj: cm((o) => { o.metadata.generation = -1; }), want: ['metadata.generation'] },
  ...['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple', 'now-with-dashes/now-with-dashes', 'now.with.dots/simple',
    'now-with.dashes-and.dots/simple', '1-num.2-num/3-num', '1234/5678', '1.2.3.4/5678', 'UpperCase123'].map((k) => ({
    name: `TestValidateAnnotations: success ${k}`, obj: cm((o) => { o.metadata.annotations = { [k]: 'bar' }; }), want: [],
  })),
  { name: 'TestValidateAnnotations: success just under the size limit', obj: cm((o) => { o.metadata.annotations = { a: 'b'.repeat(BIG - 1) }; }), want: [] },
  { name: 'TestValidateAnnotations: success two halves under the limit', obj: cm((o) => { o.metadata.annotations = { a: 'b'.repeat(BIG / 2 - 1), c: 'd'.repeat(BIG / 2 - 1) }; }), want: [] },
  ...['nospecialchars^=@', 'cantendwithadash-', 'only/one/slash', 'a'.repeat(254)].map((k) => ({
    name: `TestValidateAnnotations: name error ${k.slice(0, 20)}`, obj: cm((o) => { o.metadata.annotations = { [k]: 'bar' }; }), want: ['metadata.annotations'],
  })),
  { name: 'TestValidateAnnotations: total size over the limit', obj: cm((o) => { o.metadata.annotations = { a: 'b'.repeat(BIG) }; }), want: ['metadata.annotations'] },
  { name: 'TestValidateAnnotations: two halves over the limit', obj: cm((o) => { o.metadata.annotations = { a: 'b'.repeat(BIG / 2), c: 'd'.repeat(BIG / 2) }; }), want: ['metadata.annotations'] },
];

// ---------------------------------------------------------------------------------------
// core/v1 ReplicationController and PodTemplate (ValidateReplicationController, ValidatePodTemplate)

const RC = {
  apiVersion: 'v1',
  kind: 'ReplicationController',
  metadata: { name: 'abc', namespace: 'default' },
  spec: { selector: { a: 'b' }, template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [CTR] } } },
};
const rc = (fn?: (o: any) => void) => tweak(RC, fn);
const PT = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'abc', namespace: 'default' }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [CTR] } } };

const CORE_CASES: UpstreamCase[] = [
  { name: 'TestValidateReplicationController: success', obj: rc(), want: [] },
  { name: 'TestValidateReplicationController: selector defaulted from template labels', obj: rc((o) => { delete o.spec.selector; }), want: [] },
  { name: 'TestValidateReplicationController: empty selector and no template labels', obj: rc((o) => { delete o.spec.selector; o.spec.template.metadata.labels = {}; }), want: ['spec.selector'] },
  { name: 'TestValidateReplicationController: selector_doesnt_match', obj: rc((o) => { o.spec.selector = { foo: 'bar' }; }), want: ['spec.template.metadata.labels'] },
  { name: 'TestValidateReplicationController: invalid manifest (no template)', obj: rc((o) => { delete o.spec.template; }), want: ['spec.template'] },
  { name: 'TestValidateReplicationController: negative_replicas', obj: rc((o) => { o.spec.replicas = -1; }), want: ['spec.replicas'] },
  { name: 'TestValidateReplicationController: invalid restart policy 1', obj: rc((o) => { o.spec.template.spec.restartPolicy = 'OnFailure'; }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateReplicationController: invalid restart policy 2', obj: rc((o) => { o.spec.template.spec.restartPolicy = 'Never'; }), want: ['spec.template.spec.restartPolicy'] },
  { name: 'TestValidateReplicationController: activeDeadlineSeconds', obj: rc((o) => { o.spec.template.spec.activeDeadlineSeconds = 60; }), want: ['spec.template.spec.activeDeadlineSeconds'] },
  { name: 'TestValidatePodTemplate: success', obj: tweak(PT), want: [] },
  {
    name: 'TestValidatePodTemplate: ephemeral containers not allowed',
    obj: tweak(PT, (o) => { o.template.spec.ephemeralContainers = [{ name: 'debug', image: 'image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }]; }),
    want: ['template.spec.ephemeralContainers'],
  },
];

/** Every translated case, by upstream file. */
export const UPSTREAM_CASES: Readonly<Record<string, readonly UpstreamCase[]>> = {
  'pkg/apis/apps/validation/validation_test.go': [...STATEFULSET_CASES, ...CONTROLLER_REVISION_CASES, ...DAEMONSET_CASES, ...DEPLOYMENT_CASES, ...REPLICASET_CASES],
  'pkg/apis/batch/validation/validation_test.go': [...JOB_CASES, ...CRONJOB_CASES],
  'apimachinery/pkg/api/validation/objectmeta_test.go': META_CASES,
  'pkg/apis/core/validation/validation_test.go (ReplicationController, PodTemplate)': CORE_CASES,
};
