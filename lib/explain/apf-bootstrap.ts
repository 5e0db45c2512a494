/**
 * The API Priority and Fairness objects a 1.36 kube-apiserver maintains by itself: the two
 * mandatory ones (always present, their spec put back if changed) and the suggested ones
 * (created at start-up, put back unless their `apf.kubernetes.io/autoupdate-spec` annotation
 * says "false"). Transcribed as plain v1 manifests from k8s.io/apiserver v0.36.0
 * `pkg/apis/flowcontrol/bootstrap/default.go`, with the v1 defaults already in place (the
 * upstream comment states the defaulting changes nothing in them).
 */

/** The annotation that tells the API server whether it may put the built-in spec back. */
export const APF_AUTO_UPDATE_ANNOTATION = 'apf.kubernetes.io/autoupdate-spec';

type Obj = Record<string, any>;

function pl(name: string, spec: Obj): Obj {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name, annotations: { [APF_AUTO_UPDATE_ANNOTATION]: 'true' } },
    spec,
  };
}

function limited(shares: number, lendable: number, queuing?: { queues: number; handSize: number; queueLengthLimit: number }): Obj {
  return {
    type: 'Limited',
    limited: {
      nominalConcurrencyShares: shares,
      lendablePercent: lendable,
      limitResponse: queuing ? { type: 'Queue', queuing } : { type: 'Reject' },
    },
  };
}

function fs(name: string, level: string, matchingPrecedence: number, distinguisher: string | undefined, rules: Obj[]): Obj {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name, annotations: { [APF_AUTO_UPDATE_ANNOTATION]: 'true' } },
    spec: {
      priorityLevelConfiguration: { name: level },
      matchingPrecedence,
      ...(distinguisher ? { distinguisherMethod: { type: distinguisher } } : {}),
      rules,
    },
  };
}

const groups = (...names: string[]): Obj[] => names.map((name) => ({ kind: 'Group', group: { name } }));
const users = (...names: string[]): Obj[] => names.map((name) => ({ kind: 'User', user: { name } }));
const kubeSystemServiceAccounts = (): Obj[] => [{ kind: 'ServiceAccount', serviceAccount: { name: '*', namespace: 'kube-system' } }];
const everyResource = { verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true };
const everyNonResource = { verbs: ['*'], nonResourceURLs: ['*'] };

/** `MandatoryPriorityLevelConfigurations` (exempt, catch-all). */
export const MANDATORY_PRIORITY_LEVELS: readonly Obj[] = [
  pl('exempt', { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } }),
  pl('catch-all', limited(5, 0)),
];

/** `MandatoryFlowSchemas` (exempt, catch-all). */
export const MANDATORY_FLOW_SCHEMAS: readonly Obj[] = [
  fs('exempt', 'exempt', 1, undefined, [{ subjects: groups('system:masters'), resourceRules: [everyResource], nonResourceRules: [everyNonResource] }]),
  fs('catch-all', 'catch-all', 10000, 'ByUser', [{ subjects: groups('system:unauthenticated', 'system:authenticated'), resourceRules: [everyResource], nonResourceRules: [everyNonResource] }]),
];

/** `SuggestedPriorityLevelConfigurations`. */
export const SUGGESTED_PRIORITY_LEVELS: readonly Obj[] = [
  pl('system', limited(30, 33, { queues: 64, handSize: 6, queueLengthLimit: 50 })),
  pl('node-high', limited(40, 25, { queues: 64, handSize: 6, queueLengthLimit: 50 })),
  pl('leader-election', limited(10, 0, { queues: 16, handSize: 4, queueLengthLimit: 50 })),
  pl('workload-high', limited(40, 50, { queues: 128, handSize: 6, queueLengthLimit: 50 })),
  pl('workload-low', limited(100, 90, { queues: 128, handSize: 6, queueLengthLimit: 50 })),
  pl('global-default', limited(20, 50, { queues: 128, handSize: 6, queueLengthLimit: 50 })),
];

/** `SuggestedFlowSchemas`. */
export const SUGGESTED_FLOW_SCHEMAS: readonly Obj[] = [
  fs('system-nodes', 'system', 500, 'ByUser', [{ subjects: groups('system:nodes'), resourceRules: [everyResource], nonResourceRules: [everyNonResource] }]),
  fs('system-node-high', 'node-high', 400, 'ByUser', [{
    subjects: groups('system:nodes'),
    resourceRules: [
      { verbs: ['*'], apiGroups: [''], resources: ['nodes', 'nodes/status'], namespaces: ['*'], clusterScope: true },
      { verbs: ['*'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'], clusterScope: false },
    ],
  }]),
  fs('probes', 'exempt', 2, undefined, [{
    subjects: groups('system:unauthenticated', 'system:authenticated'),
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
  }]),
  fs('system-leader-election', 'leader-election', 100, 'ByUser', [{
    subjects: [...users('system:kube-controller-manager', 'system:kube-scheduler'), ...kubeSystemServiceAccounts()],
    resourceRules: [{ verbs: ['get', 'create', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'], clusterScope: false }],
  }]),
  fs('kube-controller-manager', 'workload-high', 800, 'ByNamespace', [{ subjects: users('system:kube-controller-manager'), resourceRules: [everyResource], nonResourceRules: [everyNonResource] }]),
  fs('kube-scheduler', 'workload-high', 800, 'ByNamespace', [{ subjects: users('system:kube-scheduler'), resourceRules: [everyResource], nonResourceRules: [everyNonResource] }]),
  fs('kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', [{ subjects: kubeSystemServiceAccounts(), resourceRules: [everyResource], nonResourceRules: [everyNonResource] }]),
  fs('service-accounts', 'workload-low', 9000, 'ByUser', [{ subjects: groups('system:serviceaccounts'), resourceRules: [everyResource], nonResourceRules: [everyNonResource] }]),
  fs('global-default', 'global-default', 9900, 'ByUser', [{ subjects: groups('system:unauthenticated', 'system:authenticated'), resourceRules: [everyResource], nonResourceRules: [everyNonResource] }]),
];
