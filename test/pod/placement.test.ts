/**
 * The typed placement and host props of HardenedPod and the server rules behind them
 * (pkg/apis/core/validation/validation.go: validateSysctls, validateDNSPolicy,
 * validatePodDNSConfig, ValidateHostAliases, validateAffinity,
 * validateTopologySpreadConstraints, validateProjectionSources).
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { describe, expect, it } from 'vitest';
import { byKind, synth, synthProblems } from './support';
import { DnsPolicy, HardenedPod, NodeSelectorOperator, OptOut, UserNamespace, Volume, WhenUnsatisfiable, WorkloadHardening } from '../../lib';
import { checkPodRules } from '../../lib/check/pod';
import { checkPodSecurity } from '../../lib/check/pss';
import { expectValid } from '../support/oracle';

const HOST_NET = { hostNetwork: true, allowHostNamespaces: OptOut.because('node exporter'), userNamespace: UserNamespace.host(OptOut.because('host network needs the host user namespace')) };

function pod(props: any) {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'apps' });
  const p = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }], ...props });
  return { app, chart, p };
}

function errorOf(props: any): string {
  try {
    pod(props);
  } catch (e) {
    return (e as Error).message;
  }
  return '(accepted)';
}

describe('HardenedPod placement props', () => {
  it('renders sysctls, host aliases, affinity, spread, token and ephemeral volumes; valid and PSS restricted', async () => {
    const { app, chart } = pod({
      sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }],
      hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.internal'] }],
      podAntiAffinity: [{ labels: { app: 'web' }, topologyKey: 'kubernetes.io/hostname' }],
      nodeAffinity: [{ key: 'topology.kubernetes.io/zone', operator: NodeSelectorOperator.IN, values: ['a'] }, { key: 'pool', operator: NodeSelectorOperator.EXISTS, weight: 50 }],
      topologySpreadConstraints: [{ topologyKey: 'topology.kubernetes.io/zone' }],
      volumes: [Volume.serviceAccountToken('vault', { audience: 'vault', expirationSeconds: 900 }), Volume.ephemeral('scratch', { storage: '5Gi' })],
    });
    const objs = synth(app, chart);
    const s = byKind(objs, 'Pod')[0].spec;
    expect(s.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }]);
    expect(s.hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['db.internal'] }]);
    expect(s.affinity.podAntiAffinity).toEqual({ requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] });
    expect(s.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{ weight: 50, preference: { matchExpressions: [{ key: 'pool', operator: 'Exists' }] } }]);
    expect(s.topologySpreadConstraints[0]).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', topologyKey: 'topology.kubernetes.io/zone' });
    expect(s.volumes[0]).toEqual({ name: 'vault', projected: { sources: [{ serviceAccountToken: { audience: 'vault', expirationSeconds: 900, path: 'token' } }] } });
    expect(s.volumes[1].ephemeral.volumeClaimTemplate.spec.resources.requests.storage).toBe('5Gi');
    expect(checkPodSecurity(byKind(objs, 'Pod')[0], 'restricted')).toEqual([]);
    await expectValid(objs);
  });

  it('defaults dnsPolicy to ClusterFirstWithHostNet on the host network', () => {
    const { app, chart } = pod(HOST_NET);
    expect(byKind(synth(app, chart), 'Pod')[0].spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  it('fails when a host-network pod asks for ClusterFirst', () => {
    expect(errorOf({ ...HOST_NET, dnsPolicy: DnsPolicy.CLUSTER_FIRST })).toBe('[c/p] invalid input:\n'
      + "  - [harden/dns-policy] dnsPolicy: ClusterFirst on the host network gives the pod the node's resolver, not cluster DNS (got \"ClusterFirst\"; allowed: ClusterFirstWithHostNet, Default, None). Use DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET, or leave dnsPolicy unset (the default with hostNetwork).");
  });

  // validatePodDNSConfig: with dnsPolicy None, dnsConfig itself is required, then a nameserver
  it('fails when DnsPolicy.NONE has no dnsConfig, or no nameserver', () => {
    expect(errorOf({ dnsPolicy: DnsPolicy.NONE })).toBe('[c/p] invalid input:\n'
      + "  - [pod/dns] spec.dnsConfig: must be set when DNS policy is 'None' (got undefined; allowed: a dnsConfig with 1 to 3 nameservers). Add dnsConfig.nameservers, or use another DNS policy.");
    expect(errorOf({ dnsPolicy: DnsPolicy.NONE, dnsConfig: { searches: ['svc.cluster.local'] } })).toBe('[c/p] invalid input:\n'
      + "  - [pod/dns] spec.dnsConfig.nameservers: must provide at least one DNS nameserver when DNS policy is 'None' (got []; allowed: 1 to 3 IP addresses). Add a nameserver to dnsConfig, or use another DNS policy.");
  });

  it('fails when a sysctl is outside the safe set without an opt-out', () => {
    expect(errorOf({ sysctls: [{ name: 'kernel.msgmax', value: '65536' }] })).toContain(
      '[harden/sysctls] sysctls[0].name: is not one of the sysctls Pod Security Standards baseline allows (got "kernel.msgmax"; allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range');
  });

  it('accepts an unsafe sysctl with allowUnsafeSysctls and records it (baseline no longer)', () => {
    const { app, chart } = pod({ sysctls: [{ name: 'kernel.msgmax', value: '65536' }], allowUnsafeSysctls: OptOut.because('message queue sizing for the vendor broker') });
    const p = byKind(synth(app, chart), 'Pod')[0];
    expect(p.metadata.annotations['haru.cdk8s.io/opt-out.unsafe-sysctls']).toBe('message queue sizing for the vendor broker');
    expect(p.metadata.annotations['haru.cdk8s.io/pod-security-level']).toBe('privileged');
  });

  it('fails when a net.* sysctl is set on the host network', () => {
    expect(errorOf({ ...HOST_NET, sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] })).toBe('[c/p] invalid input:\n'
      + "  - [pod/sysctl] sysctls[0].name: may not be specified when 'hostNetwork' is true (got \"net.ipv4.tcp_syncookies\"; allowed: no net.* sysctls on the host network). Remove the sysctl or hostNetwork.");
  });

  it('fails when an In requirement has no values', () => {
    expect(errorOf({ nodeAffinity: [{ key: 'pool', operator: NodeSelectorOperator.IN }] })).toBe('[c/p] invalid input:\n'
      + '  - [pod/affinity] spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: must be specified when operator is In (got []; allowed: one or more values). List the label values.');
  });

  it('fails when an anti-affinity preference has weight 0 and no topologyKey', () => {
    expect(errorOf({ podAntiAffinity: [{ labels: { app: 'web' }, topologyKey: '', weight: 0 }] })).toBe('[c/p] 2 problems:\n'
      + '  - [pod/affinity] spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be in the range 1-100 (got 0; allowed: 1-100). Give the preference a weight from 1 to 100.\n'
      + '  - [pod/affinity] spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: can not be empty (got ""; allowed: a node label key such as kubernetes.io/hostname). Name the node label that defines the domain.');
  });

  it('fails when maxSkew is 0 and minDomains comes with ScheduleAnyway', () => {
    expect(errorOf({ topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 0 }, { topologyKey: 'zone', minDomains: 2, whenUnsatisfiable: WhenUnsatisfiable.SCHEDULE_ANYWAY }] })).toBe('[c/p] 2 problems:\n'
      + '  - [pod/topology-spread] topologySpreadConstraints[0].maxSkew: must be greater than zero (got 0; allowed: 1 or more). Use maxSkew 1 for an even spread.\n'
      + '  - [pod/topology-spread] topologySpreadConstraints[1].minDomains: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway (got 2; allowed: unset unless whenUnsatisfiable is DoNotSchedule). Remove minDomains or use DoNotSchedule.');
  });

  it('fails when a token lives less than 10 minutes', () => {
    expect(errorOf({ volumes: [Volume.serviceAccountToken('vault', { expirationSeconds: 60 })] })).toBe('[c/p] invalid input:\n'
      + '  - [pod/projected-volume] volumes[0].expirationSeconds: may not specify a duration less than 10 minutes (got 60; allowed: 600 to 4294967296). Use at least 600 seconds; the kubelet renews the token at 80% of its life.');
  });

  it('fails when a host alias has a bad IP and host name', () => {
    expect(errorOf({ hostAliases: [{ ip: '10.0.0.300', hostnames: ['Bad_Name'] }] })).toContain(
      '[pod/host-alias] hostAliases[0].ip: must be a valid IP address (got "10.0.0.300"; allowed: an IPv4 or IPv6 address). Give the address the host names resolve to.');
  });

  it('fails (CLI path) when a kernel.shm sysctl is set with hostIPC', () => {
    const vs = checkPodRules({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostIPC: true, securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] }, containers: [{ name: 'a', image: 'x:1' }] } });
    expect(vs.map((x) => `${x.field}: ${x.problem}`)).toEqual(["spec.securityContext.sysctls[0].name: may not be specified when 'hostIPC' is true"]);
  });
});

describe('WorkloadHardening sysctls', () => {
  it('fails when a kplus workload sets a sysctl outside the safe set without allowUnsafeSysctls', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'apps' });
    const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1' }], securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] } });
    WorkloadHardening.apply(d);
    expect(synthProblems(app)).toContain('[harden/sysctls] spec.template.spec.securityContext.sysctls[0].name: is not one of the sysctls Pod Security Standards baseline allows (got "kernel.msgmax"');
  });
});
