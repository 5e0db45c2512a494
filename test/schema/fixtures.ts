/**
 * Upstream-shaped 1.36 objects (the shapes of the fact sheet: MAP + binding, DRA claim
 * template and device class, APF FlowSchema + priority level, a restricted Pod) that a 1.36
 * API server accepts. Each test gets a fresh deep copy, so tests may mutate them.
 */

import type {
  DeploymentSpec, DeviceClassSpec, FlowSchemaSpec, MutatingAdmissionPolicyBindingSpec, MutatingAdmissionPolicySpec, PodSpec,
  PriorityLevelConfigurationSpec, ResourceClaimSpec, ResourceClaimTemplateSpec,
} from '../../lib/schema/k8s-types.generated';

// The specs are also checked at compile time against the generated 1.36 interfaces.
const FIXTURES = {
  mutatingPolicy: {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name: 'inject-mesh-proxy' },
    spec: {
      matchConstraints: {
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'], scope: 'Namespaced' }],
        namespaceSelector: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }],
        },
        objectSelector: { matchLabels: { 'mesh.example.com/inject': 'true' } },
        matchPolicy: 'Equivalent',
      },
      matchConditions: [{
        name: 'no-proxy-yet',
        expression: "!has(object.spec.initContainers) || !object.spec.initContainers.exists(c, c.name == 'mesh-proxy')",
      }],
      variables: [{ name: 'proxyImage', expression: "'mesh/proxy:v1.0.0'" }],
      failurePolicy: 'Fail',
      reinvocationPolicy: 'IfNeeded',
      mutations: [
        {
          patchType: 'ApplyConfiguration',
          applyConfiguration: {
            expression: 'Object{ spec: Object.spec{ initContainers: [ Object.spec.initContainers{ name: "mesh-proxy", image: variables.proxyImage, restartPolicy: "Always" } ] } }',
          },
        },
        {
          patchType: 'JSONPatch',
          jsonPatch: {
            expression: '[ JSONPatch{ op: "add", path: "/metadata/labels/" + jsonpatch.escapeKey("mesh.example.com/injected"), value: "true" } ]',
          },
        },
      ],
    } satisfies MutatingAdmissionPolicySpec,
  },
  mutatingPolicyBinding: {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicyBinding',
    metadata: { name: 'inject-mesh-proxy' },
    spec: {
      policyName: 'inject-mesh-proxy',
      matchResources: {
        namespaceSelector: { matchLabels: { 'mesh.example.com/enabled': 'true' } },
      },
    } satisfies MutatingAdmissionPolicyBindingSpec,
  },
  claimTemplate: {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name: 'shared-gpu', namespace: 'ml' },
    spec: {
      metadata: { labels: { 'app.kubernetes.io/name': 'trainer' } },
      spec: {
        devices: {
          requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 1 } }],
          config: [{
            requests: ['gpu'],
            opaque: {
              driver: 'gpu.nvidia.com',
              parameters: {
                apiVersion: 'resource.nvidia.com/v1beta1',
                kind: 'GpuConfig',
                sharing: { strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Long' } },
              },
            },
          }],
        },
      },
    } satisfies ResourceClaimTemplateSpec,
  },
  migClaim: {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { name: 'two-mig-slices', namespace: 'ml' },
    spec: {
      devices: {
        requests: [
          { name: 'mig-1g', exactly: { deviceClassName: 'mig.nvidia.com', selectors: [{ cel: { expression: "device.attributes['gpu.nvidia.com'].profile == '1g.5gb'" } }] } },
          { name: 'mig-2g', exactly: { deviceClassName: 'mig.nvidia.com', selectors: [{ cel: { expression: "device.attributes['gpu.nvidia.com'].profile == '2g.10gb'" } }] } },
        ],
        constraints: [{ requests: [], matchAttribute: 'gpu.nvidia.com/parentUUID' }],
      },
    } satisfies ResourceClaimSpec,
  },
  deviceClass: {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name: 'gpu.nvidia.com' },
    spec: {
      selectors: [{ cel: { expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'" } }],
      extendedResourceName: 'nvidia.com/gpu',
    } satisfies DeviceClassSpec,
  },
  flowSchema: {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name: 'batch-controllers' },
    spec: {
      priorityLevelConfiguration: { name: 'batch-low' },
      matchingPrecedence: 5000,
      distinguisherMethod: { type: 'ByNamespace' },
      rules: [{
        subjects: [
          { kind: 'ServiceAccount', serviceAccount: { namespace: 'batch', name: 'controller' } },
          { kind: 'Group', group: { name: 'batch-operators' } },
        ],
        resourceRules: [{ verbs: ['list', 'watch'], apiGroups: ['batch'], resources: ['jobs'], namespaces: ['*'] }],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics/*'] }],
      }],
    } satisfies FlowSchemaSpec,
  },
  priorityLevel: {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name: 'batch-low' },
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 10,
        lendablePercent: 50,
        borrowingLimitPercent: 100,
        limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 6, queueLengthLimit: 50 } },
      },
    } satisfies PriorityLevelConfigurationSpec,
  },
  restrictedPod: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'example.com/owner': 'team-a' } },
    spec: {
      hostUsers: false,
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
        appArmorProfile: { type: 'RuntimeDefault' },
      },
      containers: [{
        name: 'web',
        image: 'registry.example.com/shop/web@sha256:0f4b9ad8c4d5f0fa7c4a5b09e1f4c5bd8ebf1a1c6d3a0f5e1f58c3a9d8d7e6c5',
        imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 8080 }, { name: 'http-udp', containerPort: 8080, protocol: 'UDP' }],
        env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { 'cpu': '1', 'memory': '256Mi', 'ephemeral-storage': '1Gi' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          privileged: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
        readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      }],
      volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }],
    } satisfies PodSpec,
  },
  deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
        spec: {
          hostUsers: false,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'web',
            image: 'registry.example.com/shop/web:1.2.3',
            ports: [{ containerPort: 8080 }],
            resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    } satisfies DeploymentSpec,
  },
};

export type FixtureName = keyof typeof FIXTURES;

/** A fresh deep copy of fixture `name`. */
export function fixture(name: FixtureName): any {
  return structuredClone(FIXTURES[name]);
}

/** Every fixture name. */
export const FIXTURE_NAMES = Object.keys(FIXTURES) as FixtureName[];
