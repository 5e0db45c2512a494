/**
 * The warnings of pkg/api/pod/warnings.go (warningsForPodSpecAndMeta): what the 1.36 API
 * server accepts with a `Warning:` header. Each is a warning, never an error.
 */
import { describe, expect, it } from 'vitest';
import { severityOf } from '../../lib/check/catalog';
import { checkPodRules } from '../../lib/check/pod';

const C = { name: 'c', image: 'x:1' };
const pod = (spec: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [C], ...spec } });
const warnings = (o: any) => checkPodRules(o).map((v) => {
  expect(severityOf(v.checkId)).toBe('warning');
  return `${v.checkId} ${v.field}: ${v.problem}`;
});

describe('pod warnings (warningsForPodSpecAndMeta)', () => {
  it('warns on deprecated node labels in nodeSelector, node affinity and topology keys', () => {
    expect(warnings(pod({
      nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'failure-domain.beta.kubernetes.io/zone', operator: 'Exists' }] }] } } },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'beta.kubernetes.io/instance-type', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} }],
    }))).toEqual([
      'pod/deprecated-node-label spec.nodeSelector["beta.kubernetes.io/arch"]: is deprecated since v1.14; use "kubernetes.io/arch" instead',
      'pod/deprecated-node-label spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
      'pod/deprecated-node-label spec.topologySpreadConstraints[0].topologyKey: is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
    ]);
  });
  it('warns on a null labelSelector in a spread constraint or pod affinity term', () => {
    expect(warnings(pod({
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
      affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'zone' } }] } },
    }))).toEqual([
      'pod/null-label-selector spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod',
      'pod/null-label-selector spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod',
    ]);
  });
  it('warns on fractional byte quantities, duplicate env and negative grace periods', () => {
    expect(warnings(pod({
      terminationGracePeriodSeconds: -1,
      containers: [{ ...C, resources: { requests: { memory: '100m' } }, env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }, { name: 'A', value: '$(A)-3' }] }],
    }))).toEqual([
      'pod/fractional-bytes spec.containers[0].resources.requests["memory"]: fractional byte value "100m" is invalid, must be an integer',
      'pod/duplicate-env spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply',
      'pod/grace-period spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    ]);
  });
  it('warns on duplicate, overlapping and ambiguous ports and hostIP without hostPort', () => {
    expect(warnings(pod({
      containers: [{ ...C, ports: [{ containerPort: 80 }, { containerPort: 80 }, { containerPort: 81, hostPort: 81 }, { containerPort: 81, hostPort: 81, hostIP: '10.0.0.1' }, { containerPort: 82, hostIP: '10.0.0.1' }] }],
    }))).toEqual([
      'pod/port-conflict spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]',
      'pod/port-conflict spec.containers[0].ports[3]: dangerously ambiguous port definition with spec.containers[0].ports[2]',
      'pod/port-conflict spec.containers[0].ports[4]: hostIP set without hostPort',
    ]);
  });
  it('warns on repeated host alias IPs, pull secrets and a pull secret without name', () => {
    expect(warnings(pod({
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['a'] }, { ip: '10.0.0.1', hostnames: ['b'] }],
      imagePullSecrets: [{ name: 'r' }, { name: 'r' }, {}],
    }))).toEqual([
      'pod/duplicate-entry spec.hostAliases[1].ip: duplicate ip "10.0.0.1"',
      'pod/duplicate-entry spec.imagePullSecrets[1].name: duplicate name "r"',
      'pod/duplicate-entry spec.imagePullSecrets[2].name: invalid empty name ""',
    ]);
  });
  it('warns when a projected file takes the path of the service account token', () => {
    expect(warnings(pod({
      serviceAccountName: 'sa',
      volumes: [{ name: 'v', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'c', items: [{ key: 'k', path: 'token' }] } }] } }],
    }))).toContain('pod/projected-path spec.volumes[0].projected.sources.configMap[0]: has duplicated path with ServiceAccountToken "token"');
  });
});
