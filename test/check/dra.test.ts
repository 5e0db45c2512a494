import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { checkDraObject, checkNvidiaGpuParameters, checkPodDraClaims } from '../../lib/check/dra';
import { checkObject } from '../../lib/check/registry';
import { expectValid } from '../support/oracle';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

function gpuConfig(sharing: any): any {
  return { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuConfig', sharing };
}

/** A valid claim in the shape of the NVIDIA quickstart (time-sliced GPU + MIG on one parent). */
function baseClaim(): any {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { name: 'shared-gpu', namespace: 'ml' },
    spec: {
      devices: {
        requests: [
          { name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 1 } },
          {
            name: 'slices',
            firstAvailable: [
              { name: 'mig', deviceClassName: 'mig.nvidia.com', count: 2, selectors: [{ cel: { expression: "device.attributes['gpu.nvidia.com'].profile == '1g.10gb'" } }] },
              { name: 'whole', deviceClassName: 'gpu.nvidia.com' },
            ],
          },
        ],
        constraints: [{ requests: ['slices/mig'], matchAttribute: 'gpu.nvidia.com/parentUUID' }],
        config: [
          { requests: ['gpu', 'slices/whole'], opaque: { driver: 'gpu.nvidia.com', parameters: gpuConfig({ strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Short' } }) } },
          { requests: ['slices/mig'], opaque: { driver: 'gpu.nvidia.com', parameters: { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'MigDeviceConfig', sharing: { strategy: 'MPS', mpsConfig: { defaultActiveThreadPercentage: 50, defaultPinnedDeviceMemoryLimit: '1Gi', defaultPerDevicePinnedMemoryLimit: { 0: '2Gi' } } } } } },
        ],
      },
    },
  };
}

function messages(obj: any): string[] {
  return checkDraObject(obj).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}

/** Applies `mutate` to a fresh valid claim and returns the messages. */
function claimWith(mutate: (c: any) => void): string[] {
  const c = baseClaim();
  mutate(c);
  return messages(c);
}

const req = (c: any, i = 0) => c.spec.devices.requests[i];

describe('a valid ResourceClaim', () => {
  it('passes the DRA rules, the schema and kubernetes-models', async () => {
    expect(messages(baseClaim())).toEqual([]);
    await expectValid(baseClaim());
  });
  it('passes as a ResourceClaimTemplate with labels and annotations on the claim metadata', async () => {
    const t = { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate', metadata: { name: 'per-pod-gpu' }, spec: { metadata: { labels: { team: 'ml' }, annotations: { 'example.com/owner': 'ml' } }, spec: baseClaim().spec } };
    expect(messages(t)).toEqual([]);
    await expectValid(t);
  });
});

describe('ResourceClaimSpec rules (facts b.3)', () => {
  const cases: Array<[string, (c: any) => void, string]> = [
    ['the claim name is not a DNS subdomain', (c) => { c.metadata.name = 'Shared_GPU'; }, '[dra/name] metadata.name: must be a DNS-1123 subdomain (got "Shared_GPU"'],
    ['there are more than 32 requests', (c) => {
      c.spec.devices.requests = Array.from({ length: 33 }, (_, i) => ({ name: `r${i}`, exactly: { deviceClassName: 'gpu.nvidia.com' } }));
      c.spec.devices.constraints = []; c.spec.devices.config = [];
    }, '[dra/requests-max] spec.devices.requests: must have at most 32 requests (has 33)'],
    ['two requests have the same name', (c) => { req(c, 1).name = 'gpu'; c.spec.devices.constraints = []; c.spec.devices.config = []; }, '[dra/request-name] spec.devices.requests[1].name: must be unique within the claim (duplicate request name) (got "gpu")'],
    ['a request name is not a DNS label', (c) => { req(c).name = 'GPU.0'; c.spec.devices.config = []; }, '[dra/request-name] spec.devices.requests[0].name: must be a DNS-1123 label'],
    ['a request has neither exactly nor firstAvailable', (c) => { delete req(c).exactly; }, '[dra/request-one-of] spec.devices.requests[0]: exactly one of `exactly` or `firstAvailable` is required (allowed: exactly, firstAvailable)'],
    ['a request has both exactly and firstAvailable', (c) => { req(c).firstAvailable = [{ name: 'a', deviceClassName: 'gpu.nvidia.com' }]; }, 'exactly one of `exactly` or `firstAvailable` is required, but multiple fields are set'],
    ['firstAvailable has more than 8 subrequests', (c) => {
      req(c, 1).firstAvailable = Array.from({ length: 9 }, (_, i) => ({ name: `s${i}`, deviceClassName: 'gpu.nvidia.com' }));
      c.spec.devices.constraints = []; c.spec.devices.config = [];
    }, '[dra/first-available-max] spec.devices.requests[1].firstAvailable: must have at most 8 subrequests (has 9)'],
    ['two subrequests have the same name', (c) => { req(c, 1).firstAvailable[1].name = 'mig'; c.spec.devices.config = []; }, '[dra/subrequest-name] spec.devices.requests[1].firstAvailable[1].name: must be unique within the request (duplicate subrequest name) (got "mig")'],
    ['a subrequest asks for fewer than zero devices', (c) => { req(c, 1).firstAvailable[0].count = -1; }, '[dra/count] spec.devices.requests[1].firstAvailable[0].count: must be greater than zero (got -1'],
    ['a subrequest sets adminAccess', (c) => { req(c, 1).firstAvailable[0].adminAccess = true; }, '[dra/subrequest-admin-access] spec.devices.requests[1].firstAvailable[0].adminAccess: must not be set on a subrequest'],
    ['deviceClassName is missing', (c) => { delete req(c).exactly.deviceClassName; }, '[dra/device-class-name] spec.devices.requests[0].exactly.deviceClassName: is required'],
    ['deviceClassName is not a DNS subdomain', (c) => { req(c).exactly.deviceClassName = 'GPU'; }, '[dra/device-class-name] spec.devices.requests[0].exactly.deviceClassName: must be a DNS-1123 subdomain (got "GPU"'],
    ['allocationMode All comes with a count', (c) => { req(c).exactly.allocationMode = 'All'; req(c).exactly.count = 2; }, "[dra/count] spec.devices.requests[0].exactly.count: must not be specified when allocationMode is 'All' (got 2; allowed: unset)"],
    ['ExactCount asks for fewer than zero devices', (c) => { req(c).exactly.count = -2; }, '[dra/count] spec.devices.requests[0].exactly.count: must be greater than zero (got -2; allowed: an integer >= 1)'],
    ['allocationMode is not supported', (c) => { req(c).exactly.allocationMode = 'Some'; }, '[dra/allocation-mode] spec.devices.requests[0].exactly.allocationMode: is not supported (got "Some"; allowed: All, ExactCount)'],
    ['there are more than 32 selectors', (c) => { req(c).exactly.selectors = Array.from({ length: 33 }, () => ({ cel: { expression: 'true' } })); }, '[dra/selectors-max] spec.devices.requests[0].exactly.selectors: must have at most 32 selectors (has 33)'],
    ['a selector has no cel', (c) => { req(c).exactly.selectors = [{}]; }, '[dra/selector-cel] spec.devices.requests[0].exactly.selectors[0].cel: is required'],
    ['a selector expression is longer than 10 KiB', (c) => { req(c).exactly.selectors = [{ cel: { expression: `device.driver == '${'a'.repeat(10 * 1024)}'` } }]; }, '[dra/selector-too-long] spec.devices.requests[0].exactly.selectors[0].cel.expression: must be at most 10240 bytes (is 10259)'],
    ['a selector does not compile in the DRA CEL environment', (c) => { req(c).exactly.selectors = [{ cel: { expression: "device.attributes['gpu.nvidia.com'].profile = '1g.10gb'" } }]; }, '[cel/syntax] spec.devices.requests[0].exactly.selectors[0].cel.expression:'],
    ['a selector is not a bool', (c) => { req(c).exactly.selectors = [{ cel: { expression: 'device.driver' } }]; }, '[cel/result-type] spec.devices.requests[0].exactly.selectors[0].cel.expression: must evaluate to bool, got string at 1:1'],
    ['a selector exceeds the CEL cost limit', (c) => {
      req(c).exactly.selectors = [{ cel: { expression: 'device.attributes.all(d, device.attributes.all(e, device.attributes.all(f, device.attributes.all(g, d == g))))' } }];
    }, '[cel/cost] spec.devices.requests[0].exactly.selectors[0].cel.expression: too complex, exceeds cost limit'],
    ['there are more than 32 constraints', (c) => { c.spec.devices.constraints = Array.from({ length: 33 }, () => ({ matchAttribute: 'gpu.nvidia.com/parentUUID' })); }, '[dra/constraints-max] spec.devices.constraints: must have at most 32 constraints (has 33)'],
    ['a constraint names a request that does not exist', (c) => { c.spec.devices.constraints[0].requests = ['slices/missing']; }, "[dra/constraint-requests] spec.devices.constraints[0].requests[0]: must be the name of a request in the claim or the name of a request and a subrequest separated by '/' (got \"slices/missing\"; allowed: gpu, slices, slices/mig, slices/whole)"],
    ['a constraint lists a request twice', (c) => { c.spec.devices.constraints[0].requests = ['gpu', 'gpu']; }, '[dra/constraint-requests] spec.devices.constraints[0].requests[1]: must not list the same request twice (got "gpu")'],
    ['a constraint has no matchAttribute', (c) => { delete c.spec.devices.constraints[0].matchAttribute; }, '[dra/constraint-attribute] spec.devices.constraints[0].matchAttribute: is required'],
    ['matchAttribute has no domain', (c) => { c.spec.devices.constraints[0].matchAttribute = 'parentUUID'; }, '[dra/qualified-attribute] spec.devices.constraints[0].matchAttribute: must be a fully qualified attribute name (domain/name) (got "parentUUID"'],
    ['matchAttribute has a name longer than 32 characters', (c) => { c.spec.devices.constraints[0].matchAttribute = `gpu.nvidia.com/${'a'.repeat(33)}`; }, 'name must be a C identifier of at most 32 characters (must be no more than 32 characters (is 33))'],
    ['matchAttribute has a domain that is not a DNS subdomain', (c) => { c.spec.devices.constraints[0].matchAttribute = 'GPU_Nvidia/parentUUID'; }, 'domain must be a DNS-1123 subdomain'],
    ['there are more than 32 config entries', (c) => { c.spec.devices.config = Array.from({ length: 33 }, () => clone(baseClaim().spec.devices.config[0])); }, '[dra/config-max] spec.devices.config: must have at most 32 config entries (has 33)'],
    ['a config entry names a request that does not exist', (c) => { c.spec.devices.config[0].requests = ['gpus']; }, '[dra/config-requests] spec.devices.config[0].requests[0]: must be the name of a request in the claim'],
    ['a config entry has no opaque', (c) => { delete c.spec.devices.config[0].opaque; }, '[dra/opaque] spec.devices.config[0].opaque: is required'],
    ['the opaque driver is missing', (c) => { delete c.spec.devices.config[0].opaque.driver; }, '[dra/opaque-driver] spec.devices.config[0].opaque.driver: is required'],
    ['the opaque driver is longer than 63 characters', (c) => { c.spec.devices.config[0].opaque.driver = `${'a'.repeat(60)}.example.com`; }, '[dra/opaque-driver] spec.devices.config[0].opaque.driver: must be no more than 63 characters (is 72)'],
    ['the opaque driver is not a DNS subdomain', (c) => { c.spec.devices.config[0].opaque.driver = 'gpu_nvidia'; }, '[dra/opaque-driver] spec.devices.config[0].opaque.driver: must be a DNS-1123 subdomain (got "gpu_nvidia"'],
    ['opaque parameters are missing', (c) => { delete c.spec.devices.config[0].opaque.parameters; }, '[dra/opaque-parameters] spec.devices.config[0].opaque.parameters: is required'],
    ['opaque parameters are not a JSON object', (c) => { c.spec.devices.config[0].opaque.parameters = ['TimeSlicing']; }, '[dra/opaque-parameters] spec.devices.config[0].opaque.parameters: must be a valid JSON object (got ["TimeSlicing"]'],
    ['opaque parameters are larger than 10 KiB', (c) => { c.spec.devices.config[0].opaque = { driver: 'example.com', parameters: { blob: 'x'.repeat(10 * 1024) } }; }, '[dra/opaque-parameters] spec.devices.config[0].opaque.parameters: must be at most 10240 bytes of JSON (is 10251)'],
    ['there are more than 16 tolerations', (c) => { req(c).exactly.tolerations = Array.from({ length: 17 }, () => ({ operator: 'Exists' })); }, '[dra/tolerations-max] spec.devices.requests[0].exactly.tolerations: must have at most 16 tolerations (has 17)'],
    ['a toleration key is not a label name', (c) => { req(c).exactly.tolerations = [{ key: 'bad key', operator: 'Exists' }]; }, '[dra/toleration-key] spec.devices.requests[0].exactly.tolerations[0].key:'],
    ['an Exists toleration has a value', (c) => { req(c).exactly.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]; }, '[dra/toleration-value] spec.devices.requests[0].exactly.tolerations[0].value: must be empty for operator `Exists` (got "v"'],
    ['an Equal toleration value is not a label value', (c) => { req(c).exactly.tolerations = [{ key: 'k', value: 'a b' }]; }, '[dra/toleration-value] spec.devices.requests[0].exactly.tolerations[0].value: must be a valid label value'],
    ['a toleration operator is not supported', (c) => { req(c).exactly.tolerations = [{ key: 'k', operator: 'In' }]; }, '[dra/toleration-operator] spec.devices.requests[0].exactly.tolerations[0].operator: is not supported (got "In"; allowed: Equal, Exists)'],
    ['a toleration effect is not supported', (c) => { req(c).exactly.tolerations = [{ operator: 'Exists', effect: 'PreferNoSchedule' }]; }, '[dra/toleration-effect] spec.devices.requests[0].exactly.tolerations[0].effect: is not supported (got "PreferNoSchedule"; allowed: None, NoSchedule, NoExecute)'],
  ];
  it.each(cases)('fails when %s', (_name, mutate, expected) => {
    const msgs = claimWith(mutate);
    expect(msgs.some((m) => m.includes(expected)), msgs.join('\n')).toBe(true);
  });

  it('fails when a template carries a name in its claim metadata', () => {
    const t = { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate', metadata: { name: 't' }, spec: { metadata: { name: 'fixed', labels: { a: 'b' } }, spec: baseClaim().spec } };
    expect(messages(t)).toEqual([
      '[dra/template-metadata] spec.metadata.name: must not be set: a claim template may only carry labels and annotations (got "fixed"; allowed: labels, annotations). Remove spec.metadata.name; the generated claim is named after the pod.',
    ]);
  });
  it('fails when a template has a bad label value in its claim metadata', () => {
    const t = { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate', metadata: { name: 't' }, spec: { metadata: { labels: { a: 'not ok' } }, spec: baseClaim().spec } };
    expect(messages(t)[0]).toContain('[dra/template-metadata] spec.metadata.labels.a: must be a valid label value (got "not ok"');
  });
  it('fails when a template name is not a DNS subdomain', () => {
    const t = { apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate', metadata: { name: 'GPU' }, spec: { spec: baseClaim().spec } };
    expect(messages(t)[0]).toContain('[dra/name] metadata.name: must be a DNS-1123 subdomain (got "GPU"');
  });
  it('is reached through checkObject for resource.k8s.io/v1 kinds', () => {
    const c = baseClaim();
    req(c).exactly.count = -1;
    expect(checkObject(c).map((v) => v.checkId)).toContain('dra/count');
  });

  // pkg/apis/resource/v1/defaults.go: count 0 (ExactCount) becomes 1 and allocationMode "" becomes ExactCount before validation.
  it('warns (does not refuse) count: 0 and allocationMode: "", which the v1 defaulter replaces', () => {
    const c = baseClaim();
    req(c).exactly.count = 0;
    req(c).exactly.allocationMode = '';
    req(c, 1).firstAvailable[0].count = 0;
    expect(checkObject(c).map((v) => `[${v.checkId}] ${formatViolation(v)}`)).toEqual([
      '[dra/zero-means-default] spec.devices.requests[0].exactly.allocationMode: is empty, which the API server treats as unset and replaces with \'ExactCount\' (got ""; allowed: ExactCount, All). Write allocationMode: ExactCount, or leave it out.',
      '[dra/zero-means-default] spec.devices.requests[0].exactly.count: is 0, which the API server treats as unset and replaces with 1 (got 0; allowed: an integer >= 1). Write count: 1, or the number of devices you mean.',
      '[dra/zero-means-default] spec.devices.requests[1].firstAvailable[0].count: is 0, which the API server treats as unset and replaces with 1 (got 0; allowed: an integer >= 1). Write count: 1, or the number of devices you mean.',
    ]);
    expect(severityOf('dra/zero-means-default')).toBe('warning');
  });
});

describe('DeviceClass rules', () => {
  const dc = () => ({ apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'h100.example.com' }, spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.nvidia.com'" } }], config: [{ opaque: { driver: 'gpu.nvidia.com', parameters: gpuConfig({ strategy: 'TimeSlicing' }) } }] } });
  it('passes when valid', async () => {
    expect(messages(dc())).toEqual([]);
    await expectValid(dc());
  });
  it('fails when a class selector has no cel', () => {
    const d: any = dc();
    d.spec.selectors = [{}];
    expect(messages(d)[0]).toContain('[dra/selector-cel] spec.selectors[0].cel: is required');
  });
  it('fails when a class config has an unknown NVIDIA field', () => {
    const d: any = dc();
    d.spec.config[0].opaque.parameters.sharing.timeslicing = { interval: 'Long' };
    expect(messages(d)[0]).toContain('[nvidia/unknown-field] spec.config[0].opaque.parameters.sharing.timeslicing: is an unknown field');
  });
});

describe('NVIDIA gpu.nvidia.com opaque parameters (strict decoder)', () => {
  const f = 'p';
  const msgs = (p: any) => checkNvidiaGpuParameters(p, f).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
  it.each([
    ['GpuConfig time-slicing Long', gpuConfig({ strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Long' } })],
    ['GpuConfig MPS', gpuConfig({ strategy: 'MPS', mpsConfig: { defaultActiveThreadPercentage: 100, defaultPinnedDeviceMemoryLimit: '1Mi' } })],
    ['MigDeviceConfig time-slicing', { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'MigDeviceConfig', sharing: { strategy: 'TimeSlicing' } }],
    ['GpuConfig without sharing', { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuConfig' }],
  ])('accepts %s', (_n, p) => {
    expect(msgs(p)).toEqual([]);
  });
  it('fails when the interval is a duration like 20ms', () => {
    expect(msgs(gpuConfig({ strategy: 'TimeSlicing', timeSlicingConfig: { interval: '20ms' } }))).toEqual([
      "[nvidia/interval] p.sharing.timeSlicingConfig.interval: is an unknown time-slice interval (got \"20ms\"; allowed: Default, Short, Medium, Long). The interval is a level, not a duration: use Short, Medium or Long (Default keeps the GPU's own setting).",
    ]);
  });
  it('fails when a MIG config has a time-slice interval', () => {
    const p = { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'MigDeviceConfig', sharing: { strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Short' } } };
    expect(msgs(p)).toEqual([
      "[nvidia/mig-interval] p.sharing.timeSlicingConfig: must not be set: MIG devices have no time-slice interval (got {\"interval\":\"Short\"}; allowed: strategy 'TimeSlicing' without timeSlicingConfig). MigDeviceConfig has no timeSlicingConfig: remove it (with the constructs, use GpuSharing.timeSlicing() without an interval for MIG devices).",
    ]);
  });
  it('fails when the MPS thread percentage is over 100', () => {
    expect(msgs(gpuConfig({ strategy: 'MPS', mpsConfig: { defaultActiveThreadPercentage: 101 } }))[0]).toBe(
      '[nvidia/mps-active-threads] p.sharing.mpsConfig.defaultActiveThreadPercentage: active thread percentage must not be greater than 100 (got 101; allowed: 0 to 100). Give each client at most 100 percent of the threads.');
  });
  it('fails when the MPS thread percentage is negative', () => {
    expect(msgs(gpuConfig({ strategy: 'MPS', mpsConfig: { defaultActiveThreadPercentage: -1 } }))[0]).toContain('active thread percentage must not be negative (got -1');
  });
  it('fails when a pinned memory limit is below 1Mi', () => {
    expect(msgs(gpuConfig({ strategy: 'MPS', mpsConfig: { defaultPinnedDeviceMemoryLimit: '512Ki' } }))[0]).toContain('[nvidia/pinned-memory] p.sharing.mpsConfig.defaultPinnedDeviceMemoryLimit: pinned memory limit is too low (the driver works in whole MiB) (got "512Ki"; allowed: >= 1Mi)');
  });
  it('fails when a per-device pinned limit is keyed by something that is not an index or UUID', () => {
    expect(msgs(gpuConfig({ strategy: 'MPS', mpsConfig: { defaultPerDevicePinnedMemoryLimit: { first: '1Gi' } } }))[0]).toContain('[nvidia/pinned-memory] p.sharing.mpsConfig.defaultPerDevicePinnedMemoryLimit.first: key must be a device index or a device UUID');
  });
  it('fails when the apiVersion is the removed v1alpha1 claim-parameters API', () => {
    expect(msgs({ apiVersion: 'gpu.resource.nvidia.com/v1alpha1', kind: 'GpuConfig' })[0]).toContain('[nvidia/api-version] p.apiVersion: is not a version the NVIDIA DRA driver decodes (got "gpu.resource.nvidia.com/v1alpha1"; allowed: resource.nvidia.com/v1beta1)');
  });
  it('fails when the kind is GpuClaimParameters', () => {
    expect(msgs({ apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuClaimParameters' })[0]).toContain('[nvidia/kind] p.kind: is not a configuration kind of driver gpu.nvidia.com (got "GpuClaimParameters"; allowed: GpuConfig, MigDeviceConfig, VfioDeviceConfig)');
  });
  it('fails when the strategy is unknown', () => {
    expect(msgs(gpuConfig({ strategy: 'timeslicing' }))[0]).toContain('[nvidia/strategy] p.sharing.strategy: is an unknown GPU sharing strategy (got "timeslicing"; allowed: TimeSlicing, MPS)');
  });
  it('fails when the strategy is Fabric', () => {
    expect(msgs(gpuConfig({ strategy: 'Fabric' }))[0]).toContain('is not enabled in the driver (fabric GPU sharing strategy)');
  });
  it('fails when an unknown field is present at the top level', () => {
    expect(msgs({ ...gpuConfig({ strategy: 'TimeSlicing' }), timeSlice: '20ms' })[0]).toBe(
      '[nvidia/unknown-field] p.timeSlice: is an unknown field (the driver decodes its configuration strictly) (got "timeSlice"; allowed: apiVersion, kind, sharing). Remove timeSlice.');
  });
  it('fails when a field is spelt with the wrong case', () => {
    expect(msgs(gpuConfig({ strategy: 'TimeSlicing', timeSlicingConfig: { Interval: 'Short' } }))[0]).toContain('p.sharing.timeSlicingConfig.Interval: is an unknown field');
  });
  it('fails when TimeSlicing comes with an mpsConfig', () => {
    expect(msgs(gpuConfig({ strategy: 'TimeSlicing', mpsConfig: {} }))[0]).toContain("[nvidia/sharing-config] p.sharing.mpsConfig: cannot use MpsConfig with the 'TimeSlicing' strategy");
  });
  it('fails when MPS comes with a timeSlicingConfig', () => {
    expect(msgs(gpuConfig({ strategy: 'MPS', timeSlicingConfig: { interval: 'Long' } }))[0]).toContain("[nvidia/sharing-config] p.sharing.timeSlicingConfig: cannot use TimeSlicingConfig with the 'MPS' strategy");
  });
  it('fails when a GpuConfig targets a MIG request', () => {
    const m = claimWith((c) => { c.spec.devices.config[0].requests = ['slices/mig']; c.spec.devices.config.pop(); });
    expect(m).toContain('[nvidia/config-device-type] spec.devices.config[0].opaque.parameters.kind: cannot apply GpuConfig to request "slices/mig": it asks for MIG devices (got "GpuConfig"; allowed: MigDeviceConfig). Use kind MigDeviceConfig for slices/mig, and list each (sub)request in the config entry that matches its device type.');
  });
  it('leaves other drivers\' parameters alone', () => {
    expect(claimWith((c) => { c.spec.devices.config[0].opaque = { driver: 'example.com', parameters: { anything: 1 } }; })).toEqual([]);
  });
});

describe('pod-side claim rules (this checker plus lib/check/pod, through checkObject)', () => {
  const pod = (spec: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
  const ctr = (claims: any[]) => ({ name: 'main', image: 'x', resources: { claims } });
  const m = (o: any) => checkObject(o, { skipSchema: true }).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
  it('passes for a claim used by a container and a request', async () => {
    const p = pod({ resourceClaims: [{ name: 'gpu', resourceClaimName: 'shared-gpu' }], containers: [ctr([{ name: 'gpu', request: 'gpu' }])] });
    expect(checkPodDraClaims(p)).toEqual([]);
    await expectValid(p);
  });
  it('fails when a pod claim sets neither name', () => {
    expect(m(pod({ resourceClaims: [{ name: 'gpu' }], containers: [ctr([])] })).join('\n')).toContain('[pod/resource-claim-source] spec.resourceClaims[0]: must set exactly one of resourceClaimName and resourceClaimTemplateName');
  });
  it('fails when a pod claim sets both names', () => {
    expect(m(pod({ resourceClaims: [{ name: 'gpu', resourceClaimName: 'a', resourceClaimTemplateName: 'b' }], containers: [ctr([])] })).join('\n')).toContain('[pod/resource-claim-source] spec.resourceClaims[0]: must set exactly one');
  });
  it('fails when pod claim names repeat', () => {
    expect(m(pod({ resourceClaims: [{ name: 'gpu', resourceClaimName: 'a' }, { name: 'gpu', resourceClaimName: 'b' }], containers: [ctr([])] })).join('\n')).toContain('[pod/duplicate-resource-claim] spec.resourceClaims[1].name: must be unique');
  });
  it('fails when a pod claim name is not a DNS label', () => {
    expect(m(pod({ resourceClaims: [{ name: 'GPU', resourceClaimName: 'a' }], containers: [ctr([])] })).join('\n')).toContain('[dra/pod-claim-name] spec.resourceClaims[0].name: must be a DNS-1123 label (got "GPU"');
  });
  it('fails when a claim name is not a DNS subdomain', () => {
    expect(m(pod({ resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 'Per_Pod' }], containers: [ctr([])] })).join('\n')).toContain('[dra/pod-claim-source] spec.resourceClaims[0].resourceClaimTemplateName: must be a DNS-1123 subdomain (got "Per_Pod"');
  });
  it('fails when a container references a claim the pod does not declare', () => {
    expect(m(pod({ resourceClaims: [{ name: 'gpu', resourceClaimName: 'a' }], containers: [ctr([{ name: 'gpus' }])] })).join('\n')).toContain(
      '[pod/resource-claim-ref] spec.containers[0].resources.claims[0].name: must name an entry of spec.resourceClaims (got "gpus"; allowed: gpu)');
  });
  it('fails when a container lists the same claim and request twice', () => {
    expect(checkPodDraClaims(pod({ resourceClaims: [{ name: 'gpu', resourceClaimName: 'a' }], containers: [ctr([{ name: 'gpu' }, { name: 'gpu' }])] })).map(formatViolation)).toEqual([
      'spec.containers[0].resources.claims[1]: container "main" lists the same claim and request twice (got {"name":"gpu"}). List each claim and request once.',
    ]);
  });
  it('fails when a container request is not a DNS label', () => {
    expect(checkPodDraClaims(pod({ resourceClaims: [{ name: 'gpu', resourceClaimName: 'a' }], containers: [ctr([{ name: 'gpu', request: 'gpu/mig' }])] }))[0].field).toBe('spec.containers[0].resources.claims[0].request');
  });
  it('checks the pod template of a CronJob', () => {
    const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', resourceClaims: [{ name: 'GPU', resourceClaimName: 'a' }], containers: [ctr([])] } } } } } };
    expect(checkPodDraClaims(cj)[0].field).toBe('spec.jobTemplate.spec.template.spec.resourceClaims[0].name');
  });
});

// NVIDIA/k8s-dra-driver-gpu api/nvidia.com/resource/v1beta1: VfioDeviceConfig has iommu (IOMMUConfig: backendPolicy, enableAPIDevice).
describe('VfioDeviceConfig.iommu', () => {
  const vfio = (iommu: unknown) => ({ apiVersion: 'resource.nvidia.com/v1beta1', kind: 'VfioDeviceConfig', iommu });
  const msgs = (p: unknown) => checkNvidiaGpuParameters(p, 'p').map((v) => `[${v.checkId}] ${formatViolation(v)}`);
  it('accepts iommu with backendPolicy and enableAPIDevice (the driver has them)', () => {
    expect(msgs(vfio({ backendPolicy: 'LegacyOnly', enableAPIDevice: true }))).toEqual([]);
    expect(msgs(vfio({ backendPolicy: 'PreferIommuFD' }))).toEqual([]);
  });
  it('fails when backendPolicy is not one the driver validates (IOMMUBackendPolicy.Validate)', () => {
    expect(msgs(vfio({ backendPolicy: 'Bad' }))).toEqual([
      '[nvidia/iommu] p.iommu.backendPolicy: is not an IOMMU backend policy the driver knows (got "Bad"; allowed: LegacyOnly, PreferIommuFD). Use LegacyOnly, or PreferIommuFD to use IOMMUFD where the node has it.',
    ]);
  });
  it('fails when iommu has an unknown field', () => {
    expect(msgs(vfio({ backendPolicy: 'LegacyOnly', iommuFd: true }))[0]).toContain('[nvidia/unknown-field] p.iommu.iommuFd: is an unknown field');
  });
});

// DRAExtendedResource is beta and on by default in 1.36 (pkg/features/kube_features.go); the field is validated by
// pkg/apis/resource/validation/validation.go with v1helper.IsExtendedResourceName.
describe('DeviceClass extendedResourceName', () => {
  const dc = (name: unknown) => ({ apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'gpu.example.com' }, spec: { extendedResourceName: name } });
  const ids = (o: unknown) => checkObject(o).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
  it('accepts a domain-prefixed extended resource name', () => {
    expect(ids(dc('nvidia.com/gpu'))).toEqual([]);
  });
  it.each(['gpu', 'kubernetes.io/gpu', 'example.com/g pu', 'requests.example.com/gpu'])('fails when extendedResourceName is %s', (name) => {
    expect(ids(dc(name))).toEqual([
      `[dra/extended-resource-name] spec.extendedResourceName: must be a valid extended resource name (got ${JSON.stringify(name)}; allowed: a domain-prefixed name outside kubernetes.io, e.g. example.com/gpu). Use the resource name pods request, e.g. nvidia.com/gpu.`,
    ]);
  });
});
