/**
 * Rules the engine takes from the API server around mutation: expressions compiled with a
 * dynamic `object` (apiserver@v0.36.0 pkg/admission/plugin/cel/compile.go createEnvForOpts),
 * the strict decoding of a JSON-patched object (mutating/patch/json_patch.go) returned as an
 * InternalError before the failurePolicy filter (mutating/dispatcher.go), and the kinds
 * admission policies never run on (policy/generic/plugin.go Dispatch).
 */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AdmissionEngine, Mutation, MutatingPolicy, ResourceRule } from '../../lib';
import { checkObject } from '../../lib/check/registry';

const G = 'admissionregistration.k8s.io/v1';
const deployRule = { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE'] };
function map(name: string, mutations: any[], extra: Record<string, unknown> = {}): any {
  return { apiVersion: G, kind: 'MutatingAdmissionPolicy', metadata: { name }, spec: { matchConstraints: { resourceRules: [deployRule] }, reinvocationPolicy: 'Never', mutations, ...extra } };
}
const bind = (name: string) => ({ apiVersion: G, kind: 'MutatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName: name } });
const jp = (expression: string) => ({ patchType: 'JSONPatch', jsonPatch: { expression } });
const ac = (expression: string) => ({ patchType: 'ApplyConfiguration', applyConfiguration: { expression } });
const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'x' },
  spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } },
});

describe('compiling as the server compiles (object is dynamic)', () => {
  it.each([
    ['object.spec.replicas != null', 'matchConditions', { matchConditions: [{ name: 'has-replicas', expression: 'object.spec.replicas != null' }] }, [jp('[JSONPatch{op: "replace", path: "/spec/replicas", value: 2}]')]],
    ['a JSONPatch literal used as a value', 'mutation', {}, [jp('JSONPatch{op: "add", path: "/x"}.op == "add" ? [JSONPatch{op: "replace", path: "/spec/replicas", value: 2}] : []')]],
    ['an Object literal read through a field', 'mutation', {}, [ac('Object{spec: Object.spec{replicas: 2}}.spec.replicas == 2 ? Object{spec: Object.spec{replicas: 2}} : Object{}')]],
  ])('accepts %s (check: a warning at most; the engine runs it)', (_n, _w, extra, mutations) => {
    const p = map('p', mutations, extra);
    const findings = checkObject(p).filter((v) => v.checkId !== 'admission/type-check');
    expect(findings).toEqual([]);
    const r = new AdmissionEngine({ policies: [p, bind('p')], defaulting: false }).admit(deployment());
    expect(r.admitted).toBe(true);
    expect(r.admittedObject.spec.replicas).toBe(2);
  });

  it('reports the schema-typed problem as the admission/type-check warning', () => {
    const v = checkObject(map('p', [jp('[JSONPatch{op: "replace", path: "/spec/replicas", value: 2}]')], { matchConditions: [{ name: 'c', expression: 'object.spec.replicas != null' }] }));
    expect(v).toEqual([expect.objectContaining({ checkId: 'admission/type-check', field: 'spec.matchConditions[0].expression', problem: expect.stringContaining('cannot compare int != null_type') })]);
  });
});

describe('strict decoding after a JSON patch (json_patch.go, dispatcher.go)', () => {
  it('rejects an unknown field as an InternalError, even under failurePolicy Ignore', () => {
    const p = map('p', [jp('[JSONPatch{op: "add", path: "/spec/replicaz", value: 3}]')], { failurePolicy: 'Ignore' });
    const r = new AdmissionEngine({ policies: [p, bind('p')] }).admit(deployment());
    expect(r).toMatchObject({ admitted: false, reason: 'InternalError', message: 'Internal error occurred: strict decoding error: unknown field "spec.replicaz"' });
  });

  it('rejects a value of the wrong JSON type', () => {
    const p = map('p', [jp('[JSONPatch{op: "replace", path: "/spec/replicas", value: "three"}]')]);
    expect(new AdmissionEngine({ policies: [p, bind('p')] }).admit(deployment()).message).toMatch(/^Internal error occurred: json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32/);
  });

  it('replace of a missing key adds it (evanphx v4) and the result decodes', () => {
    const p = map('p', [jp('[JSONPatch{op: "replace", path: "/metadata/labels", value: {"team": "a"}}]')]);
    expect(new AdmissionEngine({ policies: [p, bind('p')] }).admit(deployment()).admittedObject.metadata.labels).toEqual({ team: 'a' });
  });

  it('ignores a replace of the root with a scalar, as evanphx v4 does', () => {
    const p = map('p', [jp('[JSONPatch{op: "replace", path: "", value: "x"}]')]);
    const r = new AdmissionEngine({ policies: [p, bind('p')], defaulting: false }).admit(deployment());
    expect(r).toMatchObject({ admitted: true, admittedObject: deployment() });
  });
});

describe('exempt kinds (policy/generic/plugin.go admissionResources)', () => {
  it('does not run a policy matching everything on admission policies and bindings', () => {
    const all = map('all', [jp('[JSONPatch{op: "add", path: "/metadata/labels", value: {"touched": "yes"}}]')], {
      matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], operations: ['CREATE'] }] },
    });
    const e = new AdmissionEngine({ policies: [all, bind('all')] });
    expect(e.admit(all).admittedObject.metadata.labels).toBeUndefined();
    expect(e.admit(bind('all')).policies).toEqual([]);
    expect(e.admit({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' } }).admittedObject.metadata.labels).toEqual({ touched: 'yes' });
  });
});

describe('near-linear admission of large legal objects', () => {
  const harden = () => {
    const chart = Testing.chart();
    new MutatingPolicy(chart, 'harden', { name: 'harden', rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods()] });
    new MutatingPolicy(chart, 'labels', { name: 'labels', rules: [ResourceRule.pods(), ResourceRule.configMaps()], mutations: [Mutation.addLabels({ team: 'web' })] });
    return AdmissionEngine.fromChart(chart);
  };
  const time = (f: () => void) => {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    return (d.user + d.system) / 1000;
  };

  it('a ConfigMap with 4x the keys costs well under 16x (no quadratic step)', () => {
    const e = harden();
    const cm = (n: number) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' }, data: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v'])) });
    const small = cm(10_000);
    const big = cm(40_000);
    e.admit(small);
    const ts = time(() => e.admit(small));
    const tb = time(() => expect(e.admit(big).admittedObject.metadata.labels).toEqual({ team: 'web' }));
    expect(tb / Math.max(ts, 1)).toBeLessThan(10);
  }, 60_000);

  it('a Pod with 4x the containers costs well under 16x through hardenPods', () => {
    const e = harden();
    const pod = (n: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' }, spec: { containers: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, image: `i:${i}` })) } });
    const small = pod(1_000);
    const big = pod(4_000);
    e.admit(small);
    const ts = time(() => e.admit(small));
    const tb = time(() => expect(e.admit(big).admittedObject.spec.containers[3999].securityContext.capabilities.drop).toEqual(['ALL']));
    expect(tb / Math.max(ts, 1)).toBeLessThan(10);
  }, 60_000);
});
