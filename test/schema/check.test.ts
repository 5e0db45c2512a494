import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import { formatViolation, Violation } from '../../lib/base/errors';
import { allKinds, checkSchema } from '../../lib/schema';
import { modelProblems } from '../support/oracle';

function messages(obj: unknown): string[] {
  return checkSchema(obj).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}

function only(obj: unknown): Violation {
  const found = checkSchema(obj);
  expect(found.map(formatViolation)).toHaveLength(1);
  return found[0];
}

describe('unknown fields', () => {
  it('fails when a MAP matchConstraints has objectSelectors (plural)', () => {
    const map = fixture('mutatingPolicy');
    map.spec.matchConstraints.objectSelectors = { matchLabels: { a: 'b' } };
    delete map.spec.matchConstraints.objectSelector;
    const v = only(map);
    expect(v.checkId).toBe('schema/unknown-field');
    expect(v.field).toBe('spec.matchConstraints.objectSelectors');
    expect(formatViolation(v)).toBe(
      'spec.matchConstraints.objectSelectors: unknown field "objectSelectors" in MatchResources (1.36 schema) '
      + '(allowed: excludeResourceRules, matchPolicy, namespaceSelector, objectSelector, resourceRules). Rename it to "objectSelector".',
    );
  });

  it('fails when a rule has namespaces (NamedRuleWithOperations has no such field)', () => {
    const map = fixture('mutatingPolicy');
    map.spec.matchConstraints.excludeResourceRules = [{ apiGroups: [''], apiVersions: ['v1'], operations: ['*'], resources: ['pods'], namespaces: ['kube-system'] }];
    const v = only(map);
    expect(v.field).toBe('spec.matchConstraints.excludeResourceRules[0].namespaces');
    expect(v.problem).toContain('unknown field "namespaces" in NamedRuleWithOperations');
  });

  it('fails when a DRA request uses the v1beta1 shape (deviceClassName directly under requests[])', () => {
    const claim = fixture('claimTemplate');
    claim.spec.spec.devices.requests = [{ name: 'gpu', deviceClassName: 'gpu.nvidia.com' }];
    const v = only(claim);
    expect(v.field).toBe('spec.spec.devices.requests[0].deviceClassName');
    expect(v.checkId).toBe('schema/unknown-field');
  });

  it('fails when a field is misspelt in a container and suggests the right one', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers[0].imagePullPolcy = 'Always';
    expect(messages(pod)).toEqual([expect.stringContaining('spec.containers[0].imagePullPolcy: unknown field "imagePullPolcy" in Container')]);
    expect(messages(pod)[0]).toContain('Rename it to "imagePullPolicy"');
  });

  it('fails when an unknown field is at the top level', () => {
    const pod = fixture('restrictedPod');
    pod.specs = {};
    expect(only(pod).field).toBe('specs');
  });
});

describe('types', () => {
  it('fails when an integer is written as a string', () => {
    const dep = fixture('deployment');
    dep.spec.replicas = '3';
    expect(formatViolation(only(dep))).toBe(
      'spec.replicas: must be an integer (int32), not a string (got "3"; allowed: integer (int32)). Write 3 without quotes.',
    );
  });

  it('fails when a boolean is written as a string', () => {
    const pod = fixture('restrictedPod');
    pod.spec.hostUsers = 'false';
    const v = only(pod);
    expect(v.checkId).toBe('schema/type');
    expect(formatViolation(v)).toContain('spec.hostUsers: must be a boolean, not a string (got "false"');
  });

  it('fails when a list is written as an object', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers = { name: 'web', image: 'x' };
    expect(formatViolation(only(pod))).toContain('spec.containers: must be an array, not an object');
  });

  it('fails when a string field gets a number and suggests quoting', () => {
    const pod = fixture('restrictedPod');
    pod.metadata.labels.version = 2;
    pod.spec.containers[0].env = [{ name: 'PORT', value: 8080 }];
    expect(messages(pod)).toEqual([
      '[schema/type] metadata.labels.version: must be a string, not an integer (got 2; allowed: string). Quote the value: "2".',
      '[schema/type] spec.containers[0].env[0].value: must be a string, not an integer (got 8080; allowed: string). Quote the value: "8080".',
    ]);
  });

  it('fails when an int32 overflows', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers[0].ports[0].containerPort = 2 ** 31;
    expect(formatViolation(only(pod))).toContain('spec.containers[0].ports[0].containerPort: must fit in a 32-bit integer');
  });

  it('accepts int-or-string as integer or string and rejects other values', () => {
    const dep = fixture('deployment');
    dep.spec.strategy.rollingUpdate = { maxSurge: 1, maxUnavailable: '10%' };
    expect(messages(dep)).toEqual([]);
    dep.spec.strategy.rollingUpdate = { maxSurge: 1.5, maxUnavailable: true };
    expect(messages(dep)).toEqual([
      expect.stringContaining('spec.strategy.rollingUpdate.maxSurge: must be an integer or string, not a number'),
      expect.stringContaining('spec.strategy.rollingUpdate.maxUnavailable: must be an integer or string, not a boolean'),
    ]);
  });

  it('treats null as unset', () => {
    const pod = fixture('restrictedPod');
    pod.spec.nodeSelector = null;
    pod.spec.containers[0].command = null;
    expect(messages(pod)).toEqual([]);
  });

  it('accepts any JSON inside RawExtension (DRA opaque parameters)', () => {
    const claim = fixture('claimTemplate');
    claim.spec.spec.devices.config[0].opaque.parameters.anything = { nested: [1, 'two', null] };
    expect(messages(claim)).toEqual([]);
  });
});

describe('enums', () => {
  it('fails when reinvocationPolicy is not Never or IfNeeded', () => {
    const map = fixture('mutatingPolicy');
    map.spec.reinvocationPolicy = 'Always';
    expect(formatViolation(only(map))).toBe(
      'spec.reinvocationPolicy: must be one of the supported values (got "Always"; allowed: Never, IfNeeded). Use one of the listed values.',
    );
  });

  it('fails when the case of an enum value is wrong and suggests the right spelling', () => {
    const pod = fixture('restrictedPod');
    pod.spec.securityContext.seccompProfile.type = 'runtimedefault';
    const v = only(pod);
    expect(v.checkId).toBe('schema/enum');
    expect(v.fix).toBe('Use "RuntimeDefault"');
  });

  it('fails when an APF subject kind is not User, Group or ServiceAccount', () => {
    const fs = fixture('flowSchema');
    fs.spec.rules[0].subjects[1].kind = 'Groups';
    expect(only(fs).field).toBe('spec.rules[0].subjects[1].kind');
  });
});

describe('required fields', () => {
  it('fails when a container has no name', () => {
    const pod = fixture('restrictedPod');
    delete pod.spec.containers[0].name;
    expect(formatViolation(only(pod))).toBe('spec.containers[0].name: is required by Container. Set name.');
  });

  it('fails when a FlowSchema has no priorityLevelConfiguration', () => {
    const fs = fixture('flowSchema');
    delete fs.spec.priorityLevelConfiguration;
    expect(formatViolation(only(fs))).toBe('spec.priorityLevelConfiguration: is required by FlowSchemaSpec. Set priorityLevelConfiguration.');
  });

  it('fails when a required field is null', () => {
    const claim = fixture('claimTemplate');
    claim.spec.spec.devices.requests[0].exactly.deviceClassName = null;
    expect(only(claim).field).toBe('spec.spec.devices.requests[0].exactly.deviceClassName');
  });

  it('fails when apiVersion and kind are missing', () => {
    expect(messages({ metadata: { name: 'x' } })).toEqual([
      '[schema/required] apiVersion: is required. Set apiVersion, e.g. "v1" or "apps/v1".',
      '[schema/required] kind: is required. Set kind, e.g. "Pod".',
    ]);
  });
});

describe('list-map keys', () => {
  it('fails when two containers share a name', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers.push({ ...pod.spec.containers[0], ports: [] });
    expect(formatViolation(only(pod))).toBe(
      'spec.containers[1]: duplicate entry: name="web" is already used by spec.containers[0] (allowed: unique name per entry). '
      + 'Give each entry a distinct name or merge the two entries.',
    );
  });

  it('fails when two ports share containerPort and protocol, counting an omitted protocol as TCP', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers[0].ports.push({ name: 'http2', containerPort: 8080, protocol: 'TCP' });
    const v = only(pod);
    expect(v.checkId).toBe('schema/duplicate-key');
    expect(v.field).toBe('spec.containers[0].ports[2]');
    expect(v.problem).toBe('duplicate entry: containerPort=8080, protocol="TCP" is already used by spec.containers[0].ports[0]');
  });

  it('accepts the same containerPort with different protocols', () => {
    // the fixture has 8080/TCP (defaulted) and 8080/UDP
    expect(messages(fixture('restrictedPod'))).toEqual([]);
  });

  it('fails when init and regular containers are checked separately but each list has a duplicate env name', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers[0].env.push({ name: 'POD_NAME', value: 'x' });
    expect(only(pod).field).toBe('spec.containers[0].env[1]');
  });

  it('fails when a listType=set has a duplicate value', () => {
    const fs = fixture('flowSchema');
    fs.spec.rules[0].resourceRules[0].verbs = ['list', 'watch', 'list'];
    const v = only(fs);
    expect(v.field).toBe('spec.rules[0].resourceRules[0].verbs[2]');
    expect(v.problem).toBe('duplicate value in a set (same as spec.rules[0].resourceRules[0].verbs[0])');
  });
});

describe('quantities', () => {
  it('fails when a memory limit is written as 500 mb and suggests Mi/M', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers[0].resources.limits.memory = '500 mb';
    expect(formatViolation(only(pod))).toBe(
      'spec.containers[0].resources.limits.memory: must be a Kubernetes quantity (got "500 mb"; allowed: a number with an optional suffix: '
      + 'n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei, or an exponent like 1e3). Write "500Mi" (powers of 1024) or "500M" (powers of 1000).',
    );
  });

  it('fails when a quantity is not a number at all', () => {
    const pod = fixture('restrictedPod');
    pod.spec.volumes[0].emptyDir.sizeLimit = 'lots';
    expect(only(pod).checkId).toBe('schema/quantity');
  });

  it('accepts numbers and exponent forms', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers[0].resources.requests = { cpu: 0.5, memory: '1e9' };
    expect(messages(pod)).toEqual([]);
  });
});

describe('served versions and kinds', () => {
  it('fails when ResourceClaimParameters is used and names the GA replacement', () => {
    const v = only({ apiVersion: 'resource.k8s.io/v1alpha2', kind: 'ResourceClaimParameters', metadata: { name: 'p' }, spec: {} });
    expect(v.checkId).toBe('schema/not-served');
    expect(formatViolation(v)).toBe(
      'kind: ResourceClaimParameters does not exist in Kubernetes 1.36 (resource.k8s.io/v1alpha2 was removed) (got "ResourceClaimParameters"). '
      + 'Use resource.k8s.io/v1 ResourceClaimTemplate or ResourceClaim: request devices in spec.devices.requests[].exactly '
      + 'and put driver settings in spec.devices.config[].opaque {driver, parameters}.',
    );
  });

  it('fails when ResourceClass is used and names DeviceClass', () => {
    const v = only({ apiVersion: 'resource.k8s.io/v1alpha2', kind: 'ResourceClass', metadata: { name: 'p' } });
    expect(v.fix).toContain('resource.k8s.io/v1 DeviceClass');
  });

  it('fails when a MAP uses admissionregistration.k8s.io/v1beta1 and names v1', () => {
    const map = fixture('mutatingPolicy');
    map.apiVersion = 'admissionregistration.k8s.io/v1beta1';
    expect(formatViolation(only(map))).toBe(
      'apiVersion: admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy is a pre-release API (off by default unless enabled with '
      + '--runtime-config); this library emits and accepts GA versions only (got "admissionregistration.k8s.io/v1beta1"; '
      + 'allowed: admissionregistration.k8s.io/v1). Use apiVersion: admissionregistration.k8s.io/v1 (kind MutatingAdmissionPolicy) '
      + 'and check the fields against the v1 schema.',
    );
  });

  it('fails when a MAP binding uses v1alpha1', () => {
    const b = fixture('mutatingPolicyBinding');
    b.apiVersion = 'admissionregistration.k8s.io/v1alpha1';
    expect(only(b).fix).toContain('Use apiVersion: admissionregistration.k8s.io/v1');
  });

  for (const version of ['v1beta1', 'v1beta2']) {
    it(`fails when a ResourceClaimTemplate uses resource.k8s.io/${version} and names v1`, () => {
      const t = fixture('claimTemplate');
      t.apiVersion = `resource.k8s.io/${version}`;
      const v = only(t);
      expect(v.allowed).toBe('resource.k8s.io/v1');
      expect(v.fix).toContain('Use apiVersion: resource.k8s.io/v1 (kind ResourceClaimTemplate)');
    });
  }

  it('fails when a FlowSchema uses flowcontrol v1beta3 and names v1', () => {
    const fs = fixture('flowSchema');
    fs.apiVersion = 'flowcontrol.apiserver.k8s.io/v1beta3';
    expect(formatViolation(only(fs))).toContain('flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is not served by Kubernetes 1.36');
    expect(only(fs).fix).toContain('Use apiVersion: flowcontrol.apiserver.k8s.io/v1');
  });

  it('fails when a kind only exists as a pre-release API', () => {
    const v = only({ apiVersion: 'resource.k8s.io/v1beta2', kind: 'DeviceTaintRule', metadata: { name: 't' } });
    expect(v.problem).toContain('pre-release API with no GA version in 1.36');
  });

  it('fails when the extensions group is used and names the replacement', () => {
    const v = only({ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' } });
    expect(v.fix).toBe('Use networking.k8s.io/v1 Ingress');
  });

  it('fails when a kind is misspelt in a built-in group', () => {
    const dep = fixture('deployment');
    dep.kind = 'Deploymnet';
    expect(only(dep).fix).toBe('Use kind "Deployment" (apps/v1)');
  });

  it('fails when the group has no dot and is not built in', () => {
    expect(only({ apiVersion: 'app/v1', kind: 'Deployment', metadata: { name: 'd' } }).problem).toContain('"app" is not a Kubernetes 1.36 API group');
  });

  it('fails when apiVersion has more than one slash', () => {
    expect(only({ apiVersion: 'apps/v1/x', kind: 'Deployment', metadata: { name: 'd' } }).field).toBe('apiVersion');
  });

  it('returns nothing for custom resources (they cannot be checked against the built-in schema)', () => {
    expect(messages({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' }, spec: { anything: 1 } })).toEqual([]);
  });

  it('returns nothing for kube-apiserver config files', () => {
    expect(messages({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AuthorizationConfiguration', authorizers: [{ type: 'RBAC', name: 'rbac' }] })).toEqual([]);
    expect(messages({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] })).toEqual([]);
  });

  it('accepts every GA version of a kind served at two (autoscaling/v1 and v2)', () => {
    for (const apiVersion of ['autoscaling/v1', 'autoscaling/v2']) {
      expect(messages({
        apiVersion,
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
      })).toEqual([]);
    }
  });
});

describe('ObjectMeta', () => {
  it('fails when metadata.name is missing', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: {} };
    expect(formatViolation(only(cm))).toBe('metadata.name: is required (or set metadata.generateName). Set metadata.name.');
  });

  it('accepts generateName instead of name', () => {
    expect(messages({ apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'run-' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'b' }], restartPolicy: 'Never' } } } })).toEqual([]);
  });

  it('fails when a name is not a DNS-1123 subdomain', () => {
    const v = only({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'My_Config' } });
    expect(formatViolation(v)).toContain('metadata.name: must be a DNS-1123 subdomain (ConfigMap name) (got "My_Config"');
    expect(v.fix).toBe('Use e.g. "my-config"');
  });

  it('fails when a Namespace name has a dot (DNS-1123 label)', () => {
    expect(only({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } }).problem).toContain('must be a DNS-1123 label');
  });

  it('accepts RBAC names with colons (path segment names)', () => {
    expect(messages({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:aggregate-to-view:extra' }, rules: [] })).toEqual([]);
  });

  it('fails when the namespace is not a DNS-1123 label', () => {
    const pod = fixture('restrictedPod');
    pod.metadata.namespace = 'Shop';
    expect(only(pod).field).toBe('metadata.namespace');
  });

  it('fails when a label key or value is invalid, also inside a pod template', () => {
    const dep = fixture('deployment');
    dep.metadata.labels['-bad'] = 'ok';
    dep.spec.template.metadata.labels.tier = 'front end';
    expect(messages(dep)).toEqual([
      expect.stringContaining('[schema/metadata] metadata.labels["-bad"]: label key name part must consist of alphanumerics'),
      expect.stringContaining('[schema/metadata] spec.template.metadata.labels.tier: label value must be a valid label value (got "front end"'),
    ]);
  });

  it('fails when an annotation key is invalid', () => {
    const pod = fixture('restrictedPod');
    pod.metadata.annotations['a/b/c'] = 'x';
    expect(only(pod).problem).toContain("annotation key must be a qualified name with at most one '/'");
  });

  it('fails when annotations exceed 256 KiB in total', () => {
    const pod = fixture('restrictedPod');
    pod.metadata.annotations['example.com/a'] = 'x'.repeat(200 * 1024);
    pod.metadata.annotations['example.com/b'] = 'y'.repeat(60 * 1024);
    expect(formatViolation(only(pod))).toContain('metadata.annotations: total size of annotations must be no more than 262144 bytes');
  });
});

describe('lists, prefixes and the oracle', () => {
  it('checks the items of a v1 List with their index in the path', () => {
    const dep = fixture('deployment');
    dep.spec.replicas = 'two';
    expect(messages({ apiVersion: 'v1', kind: 'List', items: [fixture('restrictedPod'), dep] })).toEqual([
      expect.stringContaining('[schema/type] items[1].spec.replicas: must be an integer (int32), not a string'),
    ]);
  });

  it('prefixes every field path with pathPrefix', () => {
    const pod = fixture('restrictedPod');
    pod.spec.hostUsers = 1;
    expect(checkSchema(pod, { pathPrefix: 'manifests[3]' }).map((v) => v.field)).toEqual(['manifests[3].spec.hostUsers']);
  });

  it('the kubernetes-models oracle is not vacuous: it rejects a Pod without containers', async () => {
    const pod = fixture('restrictedPod');
    delete pod.spec.containers;
    expect((await modelProblems(pod)).join('\n')).toContain('containers');
    expect(messages(pod)).toEqual(['[schema/required] spec.containers: is required by PodSpec. Set containers.']);
  });
});

describe('string formats', () => {
  it('fails when Secret data is not base64', () => {
    const v = only({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: 'plain text!' } });
    expect(formatViolation(v)).toBe(
      'data.token: must be base64-encoded (standard alphabet, with padding) (got "plain text!"; allowed: base64 text such as "aGVsbG8="). '
      + 'Encode the value with base64, or put plain text under stringData (Secret) or binaryData/data as appropriate.',
    );
  });

  it('accepts base64 Secret data and plain stringData', () => {
    expect(messages({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: 'aGVsbG8=' }, stringData: { plain: 'text!' } })).toEqual([]);
  });

  it('fails when a time is not RFC 3339', () => {
    const pod = fixture('restrictedPod');
    pod.metadata.creationTimestamp = 'yesterday';
    expect(only(pod).problem).toBe('must be an RFC 3339 date-time');
  });
});

describe('enum edge cases', () => {
  it('leaves an empty enum value to the per-kind rules (the API server defaults most of them)', () => {
    const pod = fixture('restrictedPod');
    pod.spec.containers[0].imagePullPolicy = '';
    expect(messages(pod)).toEqual([]);
  });

  it('fails when a list of enum values has an unknown entry', () => {
    const map = fixture('mutatingPolicy');
    map.spec.matchConstraints.resourceRules[0].operations = ['CREATE', 'PATCH'];
    const v = only(map);
    expect(v.field).toBe('spec.matchConstraints.resourceRules[0].operations[1]');
    expect(v.allowed).toBe('*, CREATE, UPDATE, DELETE, CONNECT');
  });
});

describe('every GA kind of 1.36', () => {
  it('is accepted as served, and every pre-release version is refused', () => {
    const kinds = allKinds().filter((k) => k.resource);
    expect(kinds.length).toBeGreaterThan(90);
    for (const k of kinds) {
      const found = checkSchema({ apiVersion: k.apiVersion, kind: k.kind, metadata: { name: 'x' } });
      const notServed = found.filter((v) => v.checkId === 'schema/not-served');
      expect(notServed.length, `${k.apiVersion} ${k.kind}`).toBe(k.ga ? 0 : 1);
    }
  });
});
