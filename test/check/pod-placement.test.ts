/**
 * The placement, host and volume-source rules of lib/check/pod-placement.ts against the
 * 1.36 kube-apiserver. Cases are transcribed, as data, from upstream
 * pkg/apis/core/validation/validation_test.go (the test named in each comment); where the
 * server defaults a field before validating, or merges matchLabelKeys into a selector at pod
 * creation, the case is written as the manifest a user sends, not as the object the upstream
 * unit test hands to the validator.
 */
import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { checkPodRules as allPodRules } from '../../lib/check/pod';
import { ipProblem, normalizeSysctlName, sysctlNamespace } from '../../lib/check/pod-placement';

const pod = (spec: any, metadata: any = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec: { containers: [{ name: 'a', image: 'x:1' }], ...spec } });
const deployment = (spec: any, labels: any = { app: 'web' }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'a', image: 'x:1' }], ...spec } } },
});
// the errors only: the warnings of pkg/api/pod/warnings.go have their own tests
const checkPodRules = (o: any) => allPodRules(o).filter((v) => severityOf(v.checkId) === 'error');
const msgs = (o: any) => checkPodRules(o).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
const fields = (o: any) => checkPodRules(o).map((v) => `${v.checkId} ${v.field}: ${v.problem}`);

describe('pod/sysctl (validateSysctls, ValidateHostSysctl)', () => {
  const sysctls = (names: string[], extra: any = {}) => pod({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) }, ...extra });

  // TestValidateSysctls: valid
  it('accepts dotted and slashed names', () => {
    expect(msgs(sysctls(['net.foo.bar', 'kernel.shmmax', 'net.ipv4.conf.enp3s0/200.forwarding', 'net/ipv4/conf/enp3s0.200/forwarding']))).toEqual([]);
  });
  // TestIsValidSysctlName: valid
  it.each(['a.b.c.d', 'a', 'a_b', 'a-b', 'abc', 'abc.def', 'a/b/c/d', 'a/b.c'])('accepts the name %s', (name) => {
    expect(msgs(sysctls([name]))).toEqual([]);
  });
  // TestIsValidSysctlName: invalid ("" is reported as missing)
  it.each(['*', 'ä', 'a_', '_', '__', '_a', '_a._b', '-', '.', 'a.', '.a', 'a.b.', 'a*.b', 'a*b', '*a', 'a.*', 'abc*', 'a.abc*', 'a.b.*', 'Abc', '/', '/a', 'a/abc*', 'a/b/*', 'a'.repeat(256)])(
    'fails when the name is %s', (name) => {
      expect(fields(sysctls([name]))).toEqual(['pod/sysctl spec.securityContext.sysctls[0].name: must have at most 253 characters and match the sysctl naming rules']);
    });
  // TestValidateSysctls: invalid
  it('fails when names are malformed', () => {
    expect(msgs(sysctls(['i..nvalid', '_invalid']))).toEqual([
      '[pod/sysctl] spec.securityContext.sysctls[0].name: must have at most 253 characters and match the sysctl naming rules (got "i..nvalid"; allowed: e.g. net.ipv4.ip_unprivileged_port_start). Use the sysctl name as /proc/sys spells it, with dots.',
      '[pod/sysctl] spec.securityContext.sysctls[1].name: must have at most 253 characters and match the sysctl naming rules (got "_invalid"; allowed: e.g. net.ipv4.ip_unprivileged_port_start). Use the sysctl name as /proc/sys spells it, with dots.',
    ]);
  });
  it('fails when a name is empty', () => {
    expect(msgs(pod({ securityContext: { sysctls: [{ value: '1' }] } }))).toEqual([
      '[pod/sysctl] spec.securityContext.sysctls[0].name: is required (got undefined; allowed: a sysctl name such as net.ipv4.ip_unprivileged_port_start). Name the sysctl.',
    ]);
  });
  // TestValidateSysctls: duplicates
  it('fails when a name repeats', () => {
    expect(msgs(sysctls(['kernel.shmmax', 'kernel.shmmax']))).toEqual([
      '[pod/sysctl] spec.securityContext.sysctls[1].name: must not be repeated (got "kernel.shmmax"; allowed: each sysctl once). Remove the duplicate.',
    ]);
  });
  // TestValidateSysctls: invalidWithHostNet
  it('fails when net sysctls, in either spelling, come with hostNetwork', () => {
    expect(fields(sysctls(['net.ipv4.conf.enp3s0/200.forwarding', 'net/ipv4/conf/enp3s0.200/forwarding'], { hostNetwork: true }))).toEqual([
      "pod/sysctl spec.securityContext.sysctls[0].name: may not be specified when 'hostNetwork' is true",
      "pod/sysctl spec.securityContext.sysctls[1].name: may not be specified when 'hostNetwork' is true",
    ]);
  });
  // TestValidateSysctls: invalidWithHostIPC (kernel.msgmax was accepted before)
  it('fails when IPC sysctls come with hostIPC', () => {
    expect(msgs(sysctls(['kernel.shmmax', 'kernel.msgmax', 'fs.mqueue.msg_max'], { hostIPC: true }))).toEqual([
      "[pod/sysctl] spec.securityContext.sysctls[0].name: may not be specified when 'hostIPC' is true (got \"kernel.shmmax\"; allowed: no IPC sysctls (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*) with hostIPC). Remove the sysctl or hostIPC.",
      "[pod/sysctl] spec.securityContext.sysctls[1].name: may not be specified when 'hostIPC' is true (got \"kernel.msgmax\"; allowed: no IPC sysctls (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*) with hostIPC). Remove the sysctl or hostIPC.",
      "[pod/sysctl] spec.securityContext.sysctls[2].name: may not be specified when 'hostIPC' is true (got \"fs.mqueue.msg_max\"; allowed: no IPC sysctls (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*) with hostIPC). Remove the sysctl or hostIPC.",
    ]);
  });
  it('accepts with hostIPC a sysctl that only looks like an IPC one, and net sysctls', () => {
    // sysctl.GetNamespace knows kernel.shm* and kernel.sem by exact name, not by prefix
    expect(msgs(sysctls(['kernel.shmfoo', 'kernel.semaphores', 'net.core.somaxconn'], { hostIPC: true }))).toEqual([]);
  });
  // validateWindows
  it('fails when a windows pod sets sysctls', () => {
    expect(msgs(sysctls(['kernel.shm_rmid_forced'], { os: { name: 'windows' } }))).toEqual([
      '[pod/sysctl] spec.securityContext.sysctls: cannot be set for a windows pod (got [{"name":"kernel.shm_rmid_forced","value":"1"}]; allowed: none on Windows). Remove the sysctls, or run the pod on Linux.',
    ]);
    expect(msgs(sysctls(['kernel.shm_rmid_forced'], { os: { name: 'linux' } }))).toEqual([]);
  });
  it('names the namespace of a sysctl as the kubelet helper does', () => {
    expect(normalizeSysctlName('net/ipv4/conf/eno2.100/rp_filter')).toBe('net.ipv4.conf.eno2/100.rp_filter');
    expect(normalizeSysctlName('net.ipv4.conf.eno2/100.rp_filter')).toBe('net.ipv4.conf.eno2/100.rp_filter');
    expect(['kernel.sem', 'kernel/msgmnb', 'fs.mqueue.queues_max', 'net/core/somaxconn', 'kernel.shm', 'vm.swappiness'].map(sysctlNamespace))
      .toEqual(['IPC', 'IPC', 'IPC', 'Net', 'IPC', undefined]);
  });
});

describe('pod/dns (validateDNSPolicy, validatePodDNSConfig)', () => {
  const dns = (dnsConfig: any, dnsPolicy?: string) => pod(dnsPolicy === undefined ? { dnsConfig } : { dnsConfig, dnsPolicy });
  const search = (n: number) => 'a'.repeat(n);

  // TestValidateDNSPolicy; an empty policy is defaulted to ClusterFirst (SetDefaults_PodSpec) before validation
  it('accepts the four policies and an empty one, and refuses others', () => {
    for (const p of ['ClusterFirst', 'Default', 'ClusterFirstWithHostNet', '']) expect(msgs(pod({ dnsPolicy: p }))).toEqual([]);
    expect(msgs(pod({ dnsPolicy: 'invalid' }))).toEqual([
      '[pod/dns] spec.dnsPolicy: is not supported (got "invalid"; allowed: ClusterFirstWithHostNet, ClusterFirst, Default, None). Use one of the DNS policies, or leave dnsPolicy unset for ClusterFirst.',
    ]);
  });
  // TestValidatePodDNSConfig: valid cases
  it.each<[string, any, string?]>([
    ['empty DNSConfig', {}],
    ['1 option', { options: [{ name: 'ndots', value: '2' }] }],
    ['1 nameserver', { nameservers: ['127.0.0.1'] }],
    ['DNSNone with 1 nameserver', { nameservers: ['127.0.0.1'] }, 'None'],
    ['1 search path', { searches: ['custom'] }],
    ['1 search path with trailing period', { searches: ['custom.'] }],
    ['3 nameservers and 6 search paths', { nameservers: ['127.0.0.1', '10.0.0.10', '8.8.8.8'], searches: ['custom', 'mydomain.com', 'local', 'cluster.local', 'svc.cluster.local', 'default.svc.cluster.local.'] }],
    ['3 nameservers and 32 search paths', { nameservers: ['127.0.0.1'], searches: ['custom', 'mydomain.com', ...Array.from({ length: 30 }, (_, i) => String(i + 3))] }],
    ['2048 characters in search path list', { searches: [search(64), ...Array.from({ length: 31 }, () => search(63))] }],
    ['ipv6 nameserver', { nameservers: ['FE80::0202:B3FF:FE1E:8329'] }],
    // RelaxedDNSSearchValidation (GA, locked on since 1.34)
    ['search path with underscores', { searches: ['_sip._tcp.abc_d.example.com'] }],
    ['search path "."', { searches: ['.'] }],
  ])('accepts %s', (_, dnsConfig, policy) => {
    expect(msgs(dns(dnsConfig, policy))).toEqual([]);
  });
  // TestValidatePodDNSConfig: invalid cases
  it('fails when there are 4 nameservers', () => {
    expect(msgs(dns({ nameservers: ['127.0.0.1', '10.0.0.10', '8.8.8.8', '1.2.3.4'] }))).toEqual([
      '[pod/dns] spec.dnsConfig.nameservers: must not have more than 3 nameservers (got ["127.0.0.1","10.0.0.10","8.8.8.8","1.2.3.4"]; allowed: at most 3). Keep three nameservers.',
    ]);
  });
  it('fails when there are 33 search paths', () => {
    expect(msgs(dns({ searches: Array.from({ length: 33 }, (_, i) => `s${i}`) }))).toEqual([
      '[pod/dns] spec.dnsConfig.searches: must not have more than 32 search paths (got 33; allowed: at most 32). Drop search domains.',
    ]);
  });
  it('fails when the search list has 2049 characters', () => {
    expect(msgs(dns({ searches: [search(65), ...Array.from({ length: 31 }, () => search(63))] }))).toEqual([
      '[pod/dns] spec.dnsConfig.searches: must not have more than 2048 characters (including spaces) in the search list (got 2049; allowed: at most 2048). Drop or shorten search domains.',
    ]);
  });
  it('fails when a search path or nameserver is invalid, or an option has no name', () => {
    expect(msgs(dns({ searches: ['custom?'], nameservers: ['invalid'], options: [{ value: '2' }] }))).toEqual([
      '[pod/dns] spec.dnsConfig.nameservers[0]: must be a valid IP address (got "invalid"; allowed: an IPv4 or IPv6 address, e.g. 10.9.8.7 or 2001:db8::ffff). Give the nameserver by address.',
      '[pod/dns] spec.dnsConfig.searches[0]: must be a DNS subdomain (underscores allowed) of at most 253 characters (got "custom?"; allowed: lower-case a-z, 0-9, \'-\', \'_\' and \'.\', each label starting and ending with a letter or digit (or a leading \'_\'); or "."). Use a domain name such as svc.cluster.local.',
      '[pod/dns] spec.dnsConfig.options[0].name: must not be empty (got undefined; allowed: a resolver option such as ndots). Name the option.',
    ]);
  });
  it('fails when DNSNone has no nameserver, or no dnsConfig', () => {
    expect(msgs(dns({ searches: ['custom'] }, 'None'))).toEqual([
      "[pod/dns] spec.dnsConfig.nameservers: must provide at least one DNS nameserver when DNS policy is 'None' (got []; allowed: 1 to 3 IP addresses). Add a nameserver to dnsConfig, or use another DNS policy.",
    ]);
    expect(fields(pod({ dnsPolicy: 'None' }))).toEqual(["pod/dns spec.dnsConfig: must be set when DNS policy is 'None'"]);
  });
  // IsValidIPForLegacyField with StrictIPCIDRValidation (beta, on by default in 1.36)
  it('fails when a nameserver has leading zeros or is an IPv4-mapped IPv6 address', () => {
    expect(msgs(dns({ nameservers: ['010.000.001.002', '::ffff:1.2.3.4'] }))).toEqual([
      '[pod/dns] spec.dnsConfig.nameservers[0]: must not have leading 0s (got "010.000.001.002"; allowed: an IPv4 or IPv6 address, e.g. 10.9.8.7 or 2001:db8::ffff). Give the nameserver by address.',
      '[pod/dns] spec.dnsConfig.nameservers[1]: must not be an IPv4-mapped IPv6 address (got "::ffff:1.2.3.4"; allowed: an IPv4 or IPv6 address, e.g. 10.9.8.7 or 2001:db8::ffff). Give the nameserver by address.',
    ]);
  });
  it('reads IP addresses as ParseIPSloppy and then netip.ParseAddr do', () => {
    const valid = ['1.2.3.4', '0.0.0.0', '::', '::1', '2001:db8::ffff', '1:2:3:4:5:6:7:8', '1::8', '1:2:3:4:5:6:1.2.3.4', '::1.2.3.4', 'FE80::0202:B3FF:FE1E:8329'];
    expect(valid.map((ip) => [ip, ipProblem(ip)])).toEqual(valid.map((ip) => [ip, undefined]));
    const invalid = ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4 ', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', '12345::', 'fe80::1%eth0', 'g::1', '1:2:3:4:5:1.2.3.4', 'x'];
    expect(invalid.map((ip) => [ip, ipProblem(ip)])).toEqual(invalid.map((ip) => [ip, 'must be a valid IP address']));
    expect(['001.2.3.4', '00001::', '::ffff:010.0.0.1'].map(ipProblem)).toEqual(['must not have leading 0s', 'must not have leading 0s', 'must not have leading 0s']);
    expect(['::ffff:10.0.0.1', '::ffff:a00:1'].map(ipProblem)).toEqual(['must not be an IPv4-mapped IPv6 address', 'must not be an IPv4-mapped IPv6 address']);
  });
});

describe('pod/host-alias (ValidateHostAliases)', () => {
  // TestValidatePodSpec: "populate HostAliases", "... with `foo.bar` hostnames", "... with HostNetwork"
  it('accepts host aliases, with or without the host network', () => {
    expect(msgs(pod({ hostAliases: [{ ip: '12.34.56.78', hostnames: ['host1', 'host2'] }] }))).toEqual([]);
    expect(msgs(pod({ hostAliases: [{ ip: '12.34.56.78', hostnames: ['host1.foo', 'host2.bar'] }], hostNetwork: true }))).toEqual([]);
  });
  // TestValidatePodSpec: "with hostAliases with invalid IP", "with hostAliases with invalid hostname"
  it('fails when the IP or a host name is invalid', () => {
    expect(msgs(pod({ hostAliases: [{ ip: '999.999.999.999', hostnames: ['host1'] }, { ip: '12.34.56.78', hostnames: ['@#$^#@#$'] }] }))).toEqual([
      '[pod/host-alias] spec.hostAliases[0].ip: must be a valid IP address (got "999.999.999.999"; allowed: an IPv4 or IPv6 address). Give the address the host names resolve to.',
      '[pod/host-alias] spec.hostAliases[1].hostnames[0]: must be a DNS-1123 subdomain (got "@#$^#@#$"; allowed: lower-case a-z, 0-9, \'-\' and \'.\', starting and ending with a letter or digit). Use a host name such as db.internal.',
    ]);
  });
});

describe('pod/affinity (validateAffinity)', () => {
  const required = (terms: any) => pod({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
  });
  const REQ = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
  const term = (t: any) => ({ labelSelector: { matchExpressions: [{ key: 'key', operator: 'NotIn', values: ['value1', 'value2'] }] }, topologyKey: 'k8s.io/zone', ...t });
  const podAffinity = (kind: 'podAffinity' | 'podAntiAffinity', t: any, weight?: number, labels?: any) => pod({
    affinity: {
      [kind]: weight === undefined
        ? { requiredDuringSchedulingIgnoredDuringExecution: [t] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: t }] },
    },
  }, labels ? { labels } : {});

  // TestValidatePodSpec: "populate Affinity"
  it('accepts required and preferred node affinity with a metadata.name field selector', () => {
    expect(msgs(pod({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'key2', operator: 'In', values: ['value1', 'value2'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host1'] }] }] },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } }],
        },
      },
    }))).toEqual([]);
  });
  // TestValidatePod: node affinity error cases
  it('fails when a node selector requirement has no operator or a bad key', () => {
    expect(msgs(required([{ matchExpressions: [{ key: 'key1' }] }]))).toEqual([
      `[pod/affinity] ${REQ}[0].matchExpressions[0].operator: is not a valid node selector operator (got undefined; allowed: In, NotIn, Exists, DoesNotExist, Gt, Lt). Use one of the operators.`,
    ]);
    expect(fields(required([{ matchExpressions: [{ key: 'invalid key ___@#', operator: 'Exists' }] }]))).toEqual([
      `pod/affinity ${REQ}[0].matchExpressions[0].key: name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
    ]);
  });
  it('fails when a node field selector has two values, a bad operator or a key other than metadata.name', () => {
    expect(msgs(required([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['host1', 'host2'] }] }]))).toEqual([
      `[pod/affinity] ${REQ}[0].matchFields[0].values: must have exactly one value when operator is In in a node field selector (got ["host1","host2"]; allowed: one node name). Give one node name.`,
    ]);
    expect(msgs(required([{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }]))).toEqual([
      `[pod/affinity] ${REQ}[0].matchFields[0].operator: is not a valid node field selector operator (got "Exists"; allowed: In, NotIn). Use In or NotIn.`,
    ]);
    expect(msgs(required([{ matchFields: [{ key: 'metadata.namespace', operator: 'In', values: ['ns1'] }] }]))).toEqual([
      `[pod/affinity] ${REQ}[0].matchFields[0].key: is not a valid node field selector key (got "metadata.namespace"; allowed: metadata.name). Select nodes by metadata.name, or use matchExpressions for labels.`,
    ]);
  });
  it('fails when a preferred term weighs 199 and when there is no node selector term', () => {
    expect(fields(pod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 199, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } }] } } })))
      .toEqual(['pod/affinity spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be in the range 1-100']);
    expect(msgs(required([]))).toEqual([
      `[pod/affinity] ${REQ}: must have at least one node selector term (got []; allowed: one or more terms). Add a term with matchExpressions or matchFields.`,
    ]);
  });
  // ValidateNodeSelectorRequirement: Gt/Lt need one value, not an integer; values of required terms are label values
  it('accepts one non-integer value with Gt, and an invalid label value in a preferred term only', () => {
    expect(msgs(required([{ matchExpressions: [{ key: 'cpu', operator: 'Gt', values: ['many'] }] }]))).toEqual([]);
    expect(msgs(required([{ matchExpressions: [{ key: 'cpu', operator: 'Lt', values: ['1', '2'] }] }]))).toEqual([
      `[pod/affinity] ${REQ}[0].matchExpressions[0].values: must have exactly one value when operator is Lt (got ["1","2"]; allowed: one value, e.g. ["4"]). Give one value (an integer, for the scheduler to compare).`,
    ]);
    expect(fields(required([{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['a b'] }] }]))).toEqual([`pod/affinity ${REQ}[0].matchExpressions[0].values[0]: must be a valid label value`]);
    expect(msgs(pod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: 'pool', operator: 'In', values: ['a b'] }] } }] } } }))).toEqual([]);
  });
  // TestValidatePod: pod affinity error cases
  it('fails when a pod affinity weight is 109 or a selector breaks the label selector rules', () => {
    expect(fields(podAffinity('podAffinity', term({ namespaces: ['ns'], topologyKey: 'region' }), 109)))
      .toEqual(['pod/affinity spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be in the range 1-100']);
    const P = 'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm';
    expect(msgs(podAffinity('podAntiAffinity', { labelSelector: { matchExpressions: [{ key: 'key2', operator: 'Exists', values: ['value1', 'value2'] }] }, namespaces: ['ns'], topologyKey: 'region' }, 10))).toEqual([
      `[pod/affinity] ${P}.labelSelector.matchExpressions[0].values: may not be specified when operator is Exists (got ["value1","value2"]; allowed: none). Remove the values.`,
    ]);
    expect(msgs(podAffinity('podAntiAffinity', { namespaceSelector: { matchExpressions: [{ key: 'key2', operator: 'In' }] }, namespaces: ['ns'], topologyKey: 'region' }, 10))).toEqual([
      `[pod/affinity] ${P}.namespaceSelector.matchExpressions[0].values: must be specified when operator is In (got []; allowed: one or more values). List the label values.`,
    ]);
    expect(fields(podAffinity('podAntiAffinity', { namespaceSelector: { matchExpressions: [{ key: 'key2', operator: 'Exists', values: ['value1'] }] }, topologyKey: 'region' }, 10)))
      .toEqual([`pod/affinity ${P}.namespaceSelector.matchExpressions[0].values: may not be specified when operator is Exists`]);
    expect(fields(podAffinity('podAffinity', { labelSelector: { matchExpressions: [{ key: 'key2', operator: 'Exists' }] }, namespaces: ['INVALID_NAMESPACE'], topologyKey: 'region' }, 10)))
      .toEqual(['pod/affinity spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaces[0]: must be a DNS-1123 label']);
  });
  it('fails when a weighted pod affinity term has no podAffinityTerm (an empty term has no topologyKey)', () => {
    expect(fields(pod({ affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1 }] } } })))
      .toEqual(['pod/affinity spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: can not be empty']);
  });
  it('fails when a hard or soft pod (anti-)affinity term has an empty topologyKey', () => {
    for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
      expect(fields(podAffinity(kind, term({ topologyKey: undefined, namespaces: ['ns'] })))).toEqual([`pod/affinity spec.affinity.${kind}.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: can not be empty`]);
      expect(fields(podAffinity(kind, term({ topologyKey: '' }), 10))).toEqual([`pod/affinity spec.affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: can not be empty`]);
    }
  });
  // TestValidatePod: "MatchLabelKeys/MismatchLabelKeys in required PodAffinity" and friends, and
  // "LabelSelector can have the same key as MismatchLabelKeys"
  it('accepts matchLabelKeys and mismatchLabelKeys that the selector does not use', () => {
    for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
      expect(msgs(podAffinity(kind, term({ matchLabelKeys: ['key2'], mismatchLabelKeys: ['key3'] }), undefined, { key2: 'v', key3: 'w' }))).toEqual([]);
      expect(msgs(podAffinity(kind, term({ matchLabelKeys: ['key2'], mismatchLabelKeys: ['key3'] }), 10, { key2: 'v', key3: 'w' }))).toEqual([]);
    }
    expect(msgs(podAffinity('podAffinity', term({
      labelSelector: { matchExpressions: [{ key: 'key2', operator: 'In', values: ['value1'] }, { key: 'key2', operator: 'NotIn', values: ['value1'] }] },
      mismatchLabelKeys: ['key2'],
    }), undefined, { key2: 'value3' }))).toEqual([]);
  });
  // TestValidatePod: "... key in MatchLabelKeys isn't correctly defined", "... key in MismatchLabelKeys ..."
  it('fails when a matchLabelKeys or mismatchLabelKeys key is not a label key', () => {
    expect(fields(podAffinity('podAffinity', term({ matchLabelKeys: ['/simple'] }), 10)))
      .toEqual(['pod/affinity spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.matchLabelKeys[0]: prefix part must not be empty']);
    expect(fields(podAffinity('podAntiAffinity', term({ mismatchLabelKeys: ['/simple'] }))))
      .toEqual(['pod/affinity spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys[0]: prefix part must not be empty']);
    expect(fields(podAffinity('podAffinity', { topologyKey: 'zone', matchLabelKeys: ['app'] })))
      .toEqual(['pod/affinity spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys: must not be specified when labelSelector is not set']);
  });
  // TestValidatePod: "invalid hard pod affinity, key exists in both matchLabelKeys and labelSelector" (written
  // as sent: the pod carries the label, and the server adds `key In (value1)` before validating)
  it('fails when a Pod carries a matchLabelKeys key that its selector already uses', () => {
    expect(msgs(podAffinity('podAffinity', term({ labelSelector: { matchExpressions: [{ key: 'key', operator: 'NotIn', values: ['value2'] }] }, matchLabelKeys: ['key'] }), undefined, { key: 'value1' }))).toEqual([
      '[pod/affinity] spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[0]: exists in both matchLabelKeys and labelSelector (got "key"; allowed: a key the labelSelector does not use). '
        + 'Remove "key" from the labelSelector (matchLabelKeys adds it with the pod\'s own value) or from matchLabelKeys.',
    ]);
    // the same spec in a pod template: the server validates the template without the merge
    const d = deployment({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ labelSelector: { matchLabels: { app: 'web' } }, matchLabelKeys: ['app'] })] } } });
    expect(msgs(d)).toEqual([]);
  });
  // TestValidatePod: "... key exists in both MatchLabelKeys and MismatchLabelKeys"
  it('fails when a key is in both matchLabelKeys and mismatchLabelKeys', () => {
    expect(fields(podAffinity('podAntiAffinity', term({ matchLabelKeys: ['samekey'], mismatchLabelKeys: ['samekey'] }), 10)))
      .toEqual(['pod/affinity spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.matchLabelKeys[0]: exists in both matchLabelKeys and mismatchLabelKeys']);
  });
});

describe('pod/topology-spread (validateTopologySpreadConstraints)', () => {
  const spread = (constraints: any[], metadata?: any) => pod({ topologySpreadConstraints: constraints }, metadata);
  const ok = { maxSkew: 1, topologyKey: 'k8s.io/zone', whenUnsatisfiable: 'DoNotSchedule' };
  const T = 'spec.topologySpreadConstraints';

  // TestValidateTopologySpreadConstraints
  it.each<[string, any[]]>([
    ['all required fields ok', [{ ...ok, minDomains: 3 }]],
    ['ScheduleAnyway without minDomains', [{ ...ok, whenUnsatisfiable: 'ScheduleAnyway', minDomains: null }]],
    ['multiple constraints', [ok, { maxSkew: 2, topologyKey: 'k8s.io/node', whenUnsatisfiable: 'ScheduleAnyway' }]],
    ['node policies', [{ ...ok, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore' }]],
    ['valid matchLabels', [{ ...ok, labelSelector: { matchLabels: { foo: 'foo' } } }]],
    // the server does not check the format of a spread topologyKey
    ['a topologyKey that is not a label key', [{ ...ok, topologyKey: 'not a label key!' }]],
  ])('accepts %s', (_, constraints) => {
    expect(msgs(spread(constraints))).toEqual([]);
  });
  it('fails when maxSkew is missing or negative', () => {
    expect(msgs(spread([{ topologyKey: 'k8s.io/zone', whenUnsatisfiable: 'DoNotSchedule' }]))).toEqual([
      `[pod/topology-spread] ${T}[0].maxSkew: must be greater than zero (got undefined; allowed: 1 or more). Use maxSkew 1 for an even spread.`,
    ]);
    expect(fields(spread([{ ...ok, maxSkew: -1 }]))).toEqual([`pod/topology-spread ${T}[0].maxSkew: must be greater than zero`]);
  });
  it('fails when minDomains is negative, or set with ScheduleAnyway, reporting both', () => {
    expect(msgs(spread([{ ...ok, minDomains: -1 }]))).toEqual([
      `[pod/topology-spread] ${T}[0].minDomains: must be greater than zero (got -1; allowed: 1 or more). Use 1 or more, or leave minDomains unset.`,
    ]);
    expect(msgs(spread([{ ...ok, whenUnsatisfiable: 'ScheduleAnyway', minDomains: 10 }]))).toEqual([
      `[pod/topology-spread] ${T}[0].minDomains: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway (got 10; allowed: unset unless whenUnsatisfiable is DoNotSchedule). Remove minDomains or use DoNotSchedule.`,
    ]);
    expect(fields(spread([{ ...ok, whenUnsatisfiable: 'ScheduleAnyway', minDomains: -1 }]))).toEqual([
      `pod/topology-spread ${T}[0].minDomains: must be greater than zero`,
      `pod/topology-spread ${T}[0].minDomains: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway`,
    ]);
  });
  it('fails when topologyKey or whenUnsatisfiable is missing or unsupported', () => {
    expect(msgs(spread([{ maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' }, { ...ok, maxSkew: 2 }]))).toEqual([
      `[pod/topology-spread] ${T}[0].topologyKey: can not be empty (got undefined; allowed: a node label key such as topology.kubernetes.io/zone). Name the node label that defines the domain.`,
    ]);
    expect(msgs(spread([{ maxSkew: 1, topologyKey: 'k8s.io/zone' }]))).toEqual([
      `[pod/topology-spread] ${T}[0].whenUnsatisfiable: is not supported (got undefined; allowed: DoNotSchedule, ScheduleAnyway). Use DoNotSchedule or ScheduleAnyway.`,
    ]);
    expect(fields(spread([{ ...ok, whenUnsatisfiable: 'N/A' }]))).toEqual([`pod/topology-spread ${T}[0].whenUnsatisfiable: is not supported`]);
  });
  it('fails on the first of two constraints with the same topologyKey and whenUnsatisfiable', () => {
    expect(msgs(spread([ok, { ...ok, maxSkew: 2 }]))).toEqual([
      `[pod/topology-spread] ${T}[0].{topologyKey, whenUnsatisfiable}: must not be repeated by a later constraint (got "{k8s.io/zone, DoNotSchedule}"; allowed: one constraint per topologyKey and whenUnsatisfiable). Merge the constraints.`,
    ]);
  });
  it('fails when a node inclusion policy is unknown', () => {
    expect(msgs(spread([{ ...ok, nodeAffinityPolicy: 'Unknown', nodeTaintsPolicy: 'Ignore' }]))).toEqual([
      `[pod/topology-spread] ${T}[0].nodeAffinityPolicy: is not supported (got "Unknown"; allowed: Honor, Ignore). Use Honor or Ignore, or leave it unset.`,
    ]);
    expect(fields(spread([{ ...ok, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Unknown' }]))).toEqual([`pod/topology-spread ${T}[0].nodeTaintsPolicy: is not supported`]);
  });
  it('fails when a matchLabelKeys key is malformed, or comes without a labelSelector', () => {
    expect(msgs(spread([{ ...ok, labelSelector: {}, matchLabelKeys: ['/simple'] }]))).toEqual([
      `[pod/topology-spread] ${T}[0].matchLabelKeys[0]: prefix part must not be empty (got "/simple"; allowed: [DNS-1123 subdomain prefix '/'] name of at most 63 alphanumerics, '-', '_' or '.', `
        + 'starting and ending with an alphanumeric). Use a label key of the pod.',
    ]);
    expect(msgs(spread([{ ...ok, matchLabelKeys: ['foo'] }]))).toEqual([
      `[pod/topology-spread] ${T}[0].matchLabelKeys: must not be specified when labelSelector is not set (got ["foo"]; allowed: unset, or a labelSelector to add the keys to). Add a labelSelector, or remove matchLabelKeys.`,
    ]);
  });
  // "key exists in both matchLabelKeys and labelSelector": with MatchLabelKeysInPodTopologySpreadSelectorMerge
  // (on by default in 1.36) the server finds the repeat after merging the pod's own label value
  it('fails when a Pod carries a matchLabelKeys key that its spread selector already uses; a template passes', () => {
    const c = { ...ok, matchLabelKeys: ['foo'], labelSelector: { matchExpressions: [{ key: 'foo', operator: 'NotIn', values: ['value1', 'value2'] }] } };
    expect(fields(spread([c], { labels: { foo: 'bar' } }))).toEqual([`pod/topology-spread ${T}[0].matchLabelKeys[0]: exists in both matchLabelKeys and labelSelector`]);
    expect(msgs(spread([c]))).toEqual([]);
    expect(msgs(deployment({ topologySpreadConstraints: [{ ...ok, matchLabelKeys: ['app'], labelSelector: { matchLabels: { app: 'web' } } }] }))).toEqual([]);
  });
  it('fails when the labelSelector has an invalid key', () => {
    expect(fields(spread([{ ...ok, labelSelector: { matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'foo' } } }]))).toEqual([
      `pod/topology-spread ${T}[0].labelSelector.matchLabels: name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
    ]);
  });
});

describe('pod/projected-volume (validateProjectedVolumeSource, validateProjectionSources)', () => {
  const projected = (projectedSource: any) => pod({ serviceAccountName: 'sa', volumes: [{ name: 'v', projected: projectedSource }] });
  const token = (t: any) => projected({ sources: [{ serviceAccountToken: { audience: 'vault', path: 'token', ...t } }] });
  const S = 'spec.volumes[0].projected.sources[0]';

  it('accepts a token of 600 seconds to exactly 2^32 seconds, or the default lifetime', () => {
    for (const expirationSeconds of [600, 3600, 2 ** 32, undefined]) expect(msgs(token({ expirationSeconds }))).toEqual([]);
  });
  it('fails when a token lives less than 10 minutes or more than 2^32 seconds', () => {
    expect(fields(token({ expirationSeconds: 599 }))).toEqual([`pod/projected-volume ${S}.serviceAccountToken.expirationSeconds: may not specify a duration less than 10 minutes`]);
    expect(msgs(token({ expirationSeconds: 2 ** 32 + 1 }))).toEqual([
      `[pod/projected-volume] ${S}.serviceAccountToken.expirationSeconds: may not specify a duration larger than 2^32 seconds (got 4294967297; allowed: 600 to 4294967296). Use a shorter lifetime, e.g. 3600.`,
    ]);
  });
  // ValidateLocalNonReservedPath
  it('fails when the token path is missing, absolute, or steps up', () => {
    expect(msgs(token({ path: '' }))).toEqual([`[pod/projected-volume] ${S}.serviceAccountToken.path: is required (got ""; allowed: a relative file name). Give the file name of the token, e.g. token.`]);
    expect(fields(token({ path: '/token' }))).toEqual([`pod/projected-volume ${S}.serviceAccountToken.path: must be a relative path`]);
    expect(fields(token({ path: 'a/../token' }))).toEqual([`pod/projected-volume ${S}.serviceAccountToken.path: must not contain '..'`]);
    expect(fields(token({ path: '..token' }))).toEqual([`pod/projected-volume ${S}.serviceAccountToken.path: must not start with '..'`]);
    expect(msgs(token({ path: 'a/..b/token' }))).toEqual([]);
  });
  it('fails when a source has two kinds, a mode is out of range, an item has no key, or two files share a path', () => {
    expect(fields(projected({ defaultMode: 0o1000, sources: [{ secret: { name: 's' }, configMap: { name: 'c' } }] }))).toEqual([
      'pod/projected-volume spec.volumes[0].projected.defaultMode: must be a number between 0 and 0777 (octal), both inclusive',
      `pod/projected-volume ${S}: may not specify more than 1 volume type per source`,
    ]);
    expect(fields(projected({ sources: [{ secret: { name: 's', items: [{ path: 'ca.crt', mode: -1 }] } }, { configMap: { name: 'c', items: [{ key: 'ca', path: 'ca.crt' }] } }] }))).toEqual([
      `pod/projected-volume ${S}.secret.items[0].key: is required`,
      `pod/projected-volume ${S}.secret.items[0].mode: must be a number between 0 and 0777 (octal), both inclusive`,
      'pod/projected-volume spec.volumes[0].projected.sources[1].configMap.items[0].path: must not repeat the path of another projected file',
    ]);
  });
  // validateDownwardAPIVolumeFile
  it('fails when a downward API file has no or two references, an unsupported field, or a resource without container', () => {
    const D = `${S}.downwardAPI.items`;
    expect(fields(projected({
      sources: [{
        downwardAPI: {
          items: [
            { path: 'a' },
            { path: 'b', fieldRef: { fieldPath: 'metadata.name' }, resourceFieldRef: { containerName: 'a', resource: 'limits.cpu' } },
            { path: 'c', fieldRef: { fieldPath: 'spec.nodeName' } },
            { path: 'd', fieldRef: { fieldPath: "metadata.labels['bad key']" } },
            { path: 'e', resourceFieldRef: { resource: 'limits.cpu' } },
            { path: 'f', resourceFieldRef: { containerName: 'a', resource: 'limits.gpu' } },
          ],
        },
      }],
    }))).toEqual([
      `pod/projected-volume ${D}[0]: must set one of fieldRef and resourceFieldRef`,
      `pod/projected-volume ${D}[1]: may not set both fieldRef and resourceFieldRef`,
      `pod/projected-volume ${D}[2].fieldRef.fieldPath: is not supported in a volume`,
      `pod/projected-volume ${D}[3].fieldRef.fieldPath: name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric`,
      `pod/projected-volume ${D}[4].resourceFieldRef.containerName: is required in a volume`,
      `pod/projected-volume ${D}[5].resourceFieldRef.resource: is not supported`,
    ]);
    expect(msgs(projected({
      sources: [{
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } },
            { path: 'team', fieldRef: { fieldPath: "metadata.annotations['Example.com/Team']" } },
            { path: 'mem', resourceFieldRef: { containerName: 'a', resource: 'limits.memory', divisor: '1Mi' } },
            { path: 'huge', resourceFieldRef: { containerName: 'a', resource: 'requests.hugepages-2Mi' } },
          ],
        },
      }],
    }))).toEqual([]);
  });
  it('accepts the usual token, CA bundle and downward API projection', () => {
    expect(msgs(projected({
      defaultMode: 0o440,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    }))).toEqual([]);
  });
});

describe('pod/ephemeral-volume (validateEphemeralVolumeSource, ValidatePersistentVolumeClaimTemplate)', () => {
  const valid = { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10G' } } } };
  const eph = (volumeClaimTemplate: any, name = 'p', volName = 'scratch') => pod({ volumes: [{ name: volName, ephemeral: { volumeClaimTemplate } }] }, { name });
  const E = 'spec.volumes[0].ephemeral.volumeClaimTemplate';

  it('accepts a claim template with labels, annotations and a storage class', () => {
    expect(msgs(eph({ metadata: { labels: { app: 'db' }, annotations: { 'example.com/note': 'x' } }, spec: { ...valid.spec, storageClassName: 'fast', volumeMode: 'Block' } }))).toEqual([]);
    expect(msgs(eph({ spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '1Gi' } }, dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'snap' } } }))).toEqual([]);
  });
  it('fails when the template is missing, or its metadata sets more than labels and annotations', () => {
    expect(msgs(pod({ volumes: [{ name: 'v', ephemeral: {} }] }))).toEqual([
      `[pod/ephemeral-volume] ${E}: is required (got undefined; allowed: a claim template with a spec). Describe the claim (access modes and storage request).`,
    ]);
    expect(fields(eph({ metadata: { name: 'claim', labels: { app: 'db' } }, ...valid }))).toEqual([`pod/ephemeral-volume ${E}.metadata.name: cannot be set`]);
  });
  it('fails when access modes are missing, unknown or mix ReadWriteOncePod', () => {
    expect(msgs(eph({ spec: { resources: { requests: { storage: '1Gi' } } } }))).toEqual([
      `[pod/ephemeral-volume] ${E}.spec.accessModes: must have at least 1 access mode (got undefined; allowed: ReadOnlyMany, ReadWriteMany, ReadWriteOnce, ReadWriteOncePod). Add an access mode, e.g. ReadWriteOnce.`,
    ]);
    expect(fields(eph({ spec: { accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'fakemode'], resources: { requests: { storage: '1Gi' } } } }))).toEqual([
      `pod/ephemeral-volume ${E}.spec.accessModes: is not supported`,
      `pod/ephemeral-volume ${E}.spec.accessModes: may not use ReadWriteOncePod with other access modes`,
    ]);
  });
  it('fails when the storage request is missing or zero', () => {
    expect(fields(eph({ spec: { accessModes: ['ReadWriteOnce'] } }))).toEqual([`pod/ephemeral-volume ${E}.spec.resources.requests.storage: is required`]);
    expect(fields(eph({ spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } } }))).toEqual([`pod/ephemeral-volume ${E}.spec.resources.requests.storage: must be greater than zero`]);
  });
  it('fails when class names, volume mode or data sources are invalid', () => {
    expect(fields(eph({ spec: { ...valid.spec, storageClassName: '-invalid-', volumeAttributesClassName: '-invalid-', volumeMode: 'fakeVolumeMode' } }))).toEqual([
      `pod/ephemeral-volume ${E}.spec.storageClassName: must be a DNS-1123 subdomain`,
      `pod/ephemeral-volume ${E}.spec.volumeAttributesClassName: must be a DNS-1123 subdomain`,
      `pod/ephemeral-volume ${E}.spec.volumeMode: is not supported`,
    ]);
    expect(fields(eph({ spec: { ...valid.spec, dataSource: { kind: 'VolumeSnapshot', name: 'snap' } } }))).toEqual([
      `pod/ephemeral-volume ${E}.spec.dataSource: must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
    ]);
    expect(fields(eph({ spec: { ...valid.spec, dataSource: { kind: 'PersistentVolumeClaim', name: 'a' }, dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'b' } } }))).toEqual([
      `pod/ephemeral-volume ${E}.spec.dataSource: must match dataSourceRef`,
    ]);
  });
  // TestValidatePod: a 200-character pod name and a 60-character volume name give a claim name over 253 characters
  it('fails when the pod and volume names make a claim name over 253 characters, in a Pod only', () => {
    const long = eph(valid, 'a'.repeat(200), 'b'.repeat(60));
    expect(fields(long)).toEqual([`pod/ephemeral-volume spec.volumes[0].name: gives the claim name "${'a'.repeat(200)}-${'b'.repeat(60)}", which must be no more than 253 characters (is 261)`]);
    expect(msgs(deployment({ volumes: [{ name: 'b'.repeat(60), ephemeral: { volumeClaimTemplate: valid } }] }))).toEqual([]);
  });
});
