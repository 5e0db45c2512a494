/**
 * The bad-input catalog: one wrong input per row (catalog-inputs.ts) and what its message
 * must say — the field it names and the fix it suggests. Messages are part of the API: the
 * full text of every message is also kept in __snapshots__/catalog.messages.txt, so any
 * wording change shows in review. (In CI vitest does not write snapshots: a missing or
 * changed file fails the run; update it locally with `npx vitest run -u test/robustness/catalog.test.ts`.)
 */
import { describe, expect, it } from 'vitest';
import { CATALOG_INPUTS } from './catalog-inputs';

/** id → [field named, fix suggested]. */
const EXPECTED: Array<[string, string, string]> = [
  ['pod: no containers', 'containers: a pod needs at least one app container (got none', 'Pass containers or call addContainer().'],
  ['pod: empty image', 'containers[0].image', 'Set image.'],
  ['pod: container name not a DNS label', 'containers[0].name', 'Use e.g. "web-server".'],
  ['pod: duplicate container name', 'containers[1].name', 'Rename the container.'],
  ['pod: privileged without opt-out', '] containers[0].privileged:', "Remove it, or pass allowPrivileged: OptOut.because('<reason>') (the pod is then reported as not restricted)."],
  ['pod: host port without opt-out', '] containers[0].ports[0].hostPort:', "Expose the port through a Service, or pass allowHostPorts: OptOut.because('<reason>') (the pod is then reported as not restricted)."],
  ['pod: hostPath volume without opt-out', '] volumes[0]:', "Use another volume type, or pass allowHostPath: OptOut.because('<reason>') (the pod is then reported as not restricted)."],
  ['pod: hostNetwork without opt-outs', '] hostNetwork:', "Remove hostNetwork, or pass allowHostNamespaces: OptOut.because('<reason>') with userNamespace: UserNamespace.host(reason) (the pod is then reported as not restricted)."],
  ['pod: runAs UID 0', 'runAsUser', "Run as root only inside the user namespace with RunAs.rootInUserNamespace(OptOut.because('<reason>')), or pick a non-root ID."],
  ['pod: opt-out without reason', 'reason', 'Say why the default is relaxed, e.g. OptOut.because("nginx binds port 80").'],
  ['pod: capability with CAP_ prefix', 'capabilities.add', 'Write "NET_ADMIN".'],
  ['pod: seccomp localhost path escaping', 'seccompProfile.localhostProfile', 'e.g. SeccompProfile.localhost("profiles/app.json").'],
  ['pod: cpu request above limit', '] containers[0].resources.cpuRequest:', 'Lower the request or raise the limit.'],
  ['pod: malformed memory quantity', '] containers[0].resources.memoryLimit:', 'Write "1Gi" (powers of 1024) or "1G" (powers of 1000).'],
  ['pod: mount of unknown volume', '] containers[0].volumeMounts[0].volume:', 'Add the volume to the pod or fix the name.'],
  ['pod: probe port 0', '] containers[0].liveness.tcpSocket.port:', 'Probe the port the container listens on.'],
  ['pod: container port 70000', '] containers[0].ports[0].number:', 'Use the port the container listens on.'],
  ['pod: container port in the Kubernetes spelling', 'containers[0].ports[0].containerPort', 'Did you mean "number"?'],
  ['pod: ClusterFirst DNS on the host network', 'dnsPolicy', 'Use DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET, or leave dnsPolicy unset (the default with hostNetwork).'],
  ['pod: unsafe sysctl without opt-out', '] sysctls[0].name:', "pass allowUnsafeSysctls: OptOut.because('<reason>')"],
  ['pod: JSON patch sets hostUsers', 'spec.hostUsers', "Remove hostUsers, or pass userNamespace: UserNamespace.host(OptOut.because('<reason>'))."],
  ['pod: claim template on a Deployment', 'volumeClaimTemplates', 'Use a StatefulSet, or mount an existing claim with a persistentVolumeClaim volume.'],
  ['pod: duplicate volume name', 'volumes[1]:', 'Rename the volume.'],
  ['admission: no rules', 'mutations[0]: a typed ApplyConfiguration needs the policy to match exactly one kind whose 1.36 schema is known, so the expression can be typed (got rules: [], which match no kind)', 'Match one kind with a ResourceRule helper (e.g. ResourceRule.pods()), or write the expression yourself with Mutation.applyConfigurationExpression / Mutation.jsonPatchExpression.'],
  ['admission: no mutations', '] mutations: must contain at least one mutation (got []; allowed: one or more Mutation values)', 'Add a mutation, e.g. Mutation.addLabels({ team: "web" }).'],
  ['admission: label value too long', 'mutations[0].labels["team"]', 'Shorten the value, or put long text in an annotation.'],
  ['admission: label key with two slashes', 'mutations[0].labels', 'Remove the extra slashes.'],
  ['admission: empty label map', 'mutations[0].labels', 'Pass at least one label, or remove the mutation.'],
  ['admission: sidecar on ConfigMaps', 'mutations[0]', 'Match pods or one workload kind, e.g. rules: [ResourceRule.pods()].'],
  ['admission: sidecar name not a DNS label', 'mutations[0].name', 'Use e.g. "proxy".'],
  ['admission: malformed quantity', 'quantity', 'Write "1Gi".'],
  ['admission: match condition does not parse', '] matchConditions[0].expression:', 'The expression is incomplete.'],
  ['admission: match condition not bool', '] matchConditions[0].expression:', "Compare the value, e.g. x == 'value'."],
  ['admission: params without paramKind', 'paramKind', 'Set paramKind (e.g. ParamKind.configMap()) and give the binding a paramRef.'],
  ['admission: policy name not a DNS subdomain', '] name: must be a DNS-1123 subdomain', 'Use e.g. "bad-name".'],
  ['admission: JSONPatch on a whole keyed list', 'mutations[0].operations[0].path', 'Use PatchOperation.add(["spec", "containers", "-"], entry), or Mutation.applyConfiguration (entries merge by name).'],
  ['admission: paramRef without default binding', 'paramRef', 'Remove paramRef, or pass it to addBinding(...).'],
  ['admission: sidecar on DELETE', 'operations[0]', 'Use one of the AdmissionOperation members.'],
  ['dra: not attached to any pod', 'is used by no pod in the default namespace', 'Attach it with claim.attachTo(pod) or claim.attachToWorkload(workload), or remove it.'],
  ['dra: exclusive shared claim', 'sharing', 'Use GpuClaimScope.PER_POD to give each pod its own device, or choose time-slicing or MPS.'],
  ['dra: unknown scope', 'claimScope', 'allowed: GpuClaimScope.PER_POD ("PerPod"), GpuClaimScope.SHARED ("Shared")'],
  ['dra: not a MIG profile', 'devices.profile', 'Use the profile as nvidia-smi mig -lgip prints it.'],
  ['dra: MIG profile no GPU has', 'devices.profile', "or pass unlistedProfileReason: '<why>' for a GPU not listed yet."],
  ['dra: negative count', 'spec.spec.devices.requests[0].exactly.count', 'Request at least one device.'],
  ['dra: count with allocation mode All', 'spec.spec.devices.requests[0].exactly.count', "Remove count to get every matching device, or set allocationMode 'ExactCount'."],
  ['dra: request name not a DNS label', 'spec.spec.devices.requests[0].name', 'Use e.g. "gpu-0".'],
  ['dra: selector is not bool', 'spec.spec.devices.requests[0].exactly.selectors[0].cel.expression', "Compare the value, e.g. x == 'value'."],
  ['dra: MPS thread percentage 150', 'spec.devices.config[0].opaque.parameters.sharing.mpsConfig.defaultActiveThreadPercentage', 'Give each client at most 100 percent of the threads.'],
  ['dra: MPS pinned memory below 1Mi', 'spec.devices.config[0].opaque.parameters.sharing.mpsConfig.defaultPinnedDeviceMemoryLimit', 'Set at least 1Mi.'],
  ['dra: attach with unknown container', 'containers', 'Use the name of one of its containers.'],
  ['dra: attach with unknown request', 'request', "Name one of the claim's requests, or leave request unset to get all of them."],
  ['dra: duplicate request name', 'spec.spec.devices.requests[1].name', 'Give every request its own name.'],
  ['flowcontrol: no rules', 'rules', 'Pass rules or call addRule with subjects and resource or non-resource rules.'],
  ['flowcontrol: precedence 1', 'matchingPrecedence', 'Use 2 or more; 1 is reserved for the mandatory exempt schema.'],
  ['flowcontrol: precedence 10001', 'matchingPrecedence', 'Lower the precedence (numerically) so the schema is considered before catch-all (10000).'],
  ['flowcontrol: reserved schema name', 'spec', 'Pick another name for your FlowSchema.'],
  ['flowcontrol: both priorityLevel and limited', 'priorityLevel', 'Pass priorityLevel to use an existing level, or limited to declare a new one.'],
  ['flowcontrol: lendablePercent 101', 'spec.limited.lendablePercent', 'Give a percentage from 0 to 100.'],
  ['flowcontrol: hand size above queues', 'spec.limited.limitResponse.queuing.handSize', 'A hand is a set of distinct queues dealt to each flow; lower handSize or raise queues.'],
  ['flowcontrol: shuffle-sharding entropy', 'spec.limited.limitResponse.queuing.handSize', 'Lower handSize to 8 or use fewer queues.'],
  ['flowcontrol: rule without subjects', 'rules[0].subjects', 'Name who the rule applies to, e.g. a ServiceAccount.'],
  ['flowcontrol: resource rule without namespaces', 'rules[0].resourceRules[0].namespaces', "List the namespaces (or '*'), and/or set clusterScope: true to match requests for cluster-scoped objects."],
  ['flowcontrol: single flow without reason', 'singleFlowReason', 'Give a reason (it is recorded in the haru.cdk8s.io/single-flow annotation), or leave singleFlowReason unset to split requests by distinguisher.'],
  ['flowcontrol: non-resource URL without slash', 'rules[0].nonResourceRules[0].nonResourceUrls[0]', 'Write an absolute URL path such as "/healthz" or "/metrics".'],
  ['authz: file name with a directory', 'fileName', 'Pass only the file name; the file is written into the App output directory.'],
  ['authz: file name with the manifest extension', 'fileName', 'That suffix marks chart manifests meant for kubectl apply; use e.g. "authz.yaml".'],
  ['authz: webhook without connection', 'options.connection', 'Create it with a static method of WebhookConnection, e.g. WebhookConnection.kubeConfigFile(...).'],
  ['authz: webhook timeout above 30s', 'authorizers[0] Authorizer.webhook("policy").timeout', "Use at most '30s'."],
  ['authz: webhook name not a DNS label', 'authorizers[0] Authorizer.webhook("Policy_Engine").name', 'Use e.g. "policy-engine".'],
  ['authz: RBAC after a webhook', 'authorizers[1] Authorizer.rbac()', 'Leave Node and RBAC out (they are put first for you), or set customOrderReason to keep this order.'],
  ['authz: AlwaysAllow without reason', 'reason', 'Say why the secure default does not fit; it is recorded in the file header.'],
  ['authz: match condition does not parse', 'authorizers[0] Authorizer.webhook("policy").matchConditions[0]', 'The expression is incomplete.'],
  ['authz: TTL with cache off', 'authorizedTtl', 'Remove authorizedTtl or turn the cache on.'],
  ['authz: fractional millisecond timeout', 'timeout', 'Use e.g. Duration.seconds(3) or Duration.millis(500).'],
  ['authz: two webhooks with one name', 'authorizers[1] Authorizer.webhook("policy").name', 'Give every authorizer a unique name.'],
  ['audit: policy without rules', 'rules', 'Add a rule, e.g. {level: Metadata}.'],
  ['audit: two files with one name', 'fileName', 'Give every kube-apiserver file its own name.'],
  ['cli: unknown --pss level', '--pss', 'restricted, baseline, none'],
  ['cli: unknown --format', '--format', 'text, json, sarif'],
  ['cli: unknown option', 'unknown option --fast', 'Options:\n  --pss <level>'],
  ['cli: no input', 'no input given', 'name files, directories or - for standard input'],
  ['cli: unknown command', 'unknown command "lint"', 'the command is "check"'],
  ['cli: YAML syntax error', 'in.yaml:4', 'Fix the YAML syntax'],
  ['cli: unknown field', 'datas', 'Rename it to "data".'],
  ['cli: pod runs as root', 'spec.securityContext.runAsNonRoot', 'Set runAsNonRoot: true, or run the pod in its own user namespace (spec.hostUsers: false).'],
  ['cli: privileged container', 'spec.containers[0].securityContext.privileged', 'Set privileged to false.'],
  ['cli: replicas as a string', 'spec.replicas', 'Write 3 without quotes.'],
  ['cli: pre-release API version', 'apiVersion', 'Use apiVersion: resource.k8s.io/v1 (kind ResourceClaim) and check the fields against the v1 schema.'],
];

const messages = new Map(CATALOG_INPUTS.map((c) => [c.id, c.message()]));

describe('bad-input catalog', () => {
  it('has at least 60 entries across the five constructs and the CLI, each with an expectation', () => {
    expect(CATALOG_INPUTS.length).toBeGreaterThanOrEqual(60);
    expect(EXPECTED.map(([id]) => id)).toEqual(CATALOG_INPUTS.map((c) => c.id));
    const areas = new Set(CATALOG_INPUTS.map((c) => c.id.split(':')[0]));
    expect([...areas].sort()).toEqual(['admission', 'audit', 'authz', 'cli', 'dra', 'flowcontrol', 'pod']);
  });

  it.each(EXPECTED)('%s: names the field and the fix', (id, field, fix) => {
    const msg = messages.get(id)!;
    expect(msg).not.toBe('(accepted)');
    expect(msg).not.toMatch(/TypeError|RangeError|internal error|at .*\.ts:\d+/);
    expect(msg).toContain(field);
    expect(msg).toContain(fix);
  });

  // Every refusal names where it comes from: the construct path (`[cat/...]`, also inside
  // cdk8s's synth-time validation list) or, for a value built before any construct exists,
  // the factory that refused it (`[RunAs.user]`, `[Authorizer.webhook("w")]`).
  it.each(CATALOG_INPUTS.filter((c) => !c.id.startsWith('cli:')).map((c) => [c.id]))('%s: starts with the construct path or the refusing factory', (id) => {
    const msg = messages.get(id)!;
    const path = /^\[cat\/[^\]]+\] /;
    const inValidation = /^Validation failed with the following errors:\n {2}\[cat\/[^\]]+\] /;
    const factory = /^\[[A-Z][A-Za-z]*\.[a-z][A-Za-z]*(\([^)]*\))?\] /;
    expect(path.test(msg) || inValidation.test(msg) || factory.test(msg), msg).toBe(true);
  });

  it('keeps every message word for word', async () => {
    const text = CATALOG_INPUTS.map((c) => `=== ${c.id}\n${messages.get(c.id)!.trimEnd()}\n`).join('\n');
    await expect(text).toMatchFileSnapshot('./__snapshots__/catalog.messages.txt');
  });
});
