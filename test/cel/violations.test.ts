import { describe, expect, it } from 'vitest';
import { formatViolation, HaruValidationError } from '../../lib/base/errors';
import { applyConfigurationFieldPaths, CelEnvironment, celViolations } from '../../lib/cel';

const POD = { objectType: 'io.k8s.api.core.v1.Pod' };

describe('celViolations', () => {
  it('renders a problem in the library message shape with its position and fix', () => {
    const v = celViolations('spec.matchConditions[0].expression', 'object.spec.containres.size() > 0', CelEnvironment.ADMISSION_MATCH_CONDITION, POD);
    expect(v).toEqual([{
      checkId: 'cel/no-such-field',
      field: 'spec.matchConditions[0].expression',
      problem: "undefined field 'containres' on PodSpec at 1:13",
      got: '"object.spec.containres.size() > 0"',
      fix: "Did you mean 'containers'?",
    }]);
    expect(formatViolation(v[0])).toBe(
      "spec.matchConditions[0].expression: undefined field 'containres' on PodSpec at 1:13 (got \"object.spec.containres.size() > 0\"). Did you mean 'containers'?",
    );
  });

  it('reports __union__ with the replacement as the fix', () => {
    const v = celViolations('spec.variables[0].expression', '__union__(object.spec.containers, object.spec.initContainers)', CelEnvironment.ADMISSION_VARIABLE, POD);
    expect(v.map((x) => x.checkId)).toEqual(['cel/undeclared']);
    expect(new HaruValidationError('Policy', v).message).toContain(
      "[cel/undeclared] spec.variables[0].expression: undeclared function '__union__' at 1:1 (got \"__union__(object.spec.containers, object.spec.initContainers)\"). There is no __union__ in Kubernetes CEL; use a + b (and .distinct() or sets.*).",
    );
  });

  it('reports a non-bool condition as cel/result-type', () => {
    const v = celViolations('authorizers[0].webhook.matchConditions[0].expression', 'request.user', CelEnvironment.AUTHZ_MATCH_CONDITION);
    expect(v.map((x) => [x.checkId, x.problem])).toEqual([['cel/result-type', 'must evaluate to bool, got string at 1:1']]);
  });

  it('shortens long expressions in got', () => {
    const long = `object.metadata.name == '${'x'.repeat(200)}' && object.spec.nodeNam == ''`;
    const v = celViolations('e', long, CelEnvironment.ADMISSION_MATCH_CONDITION, POD);
    expect(v[0].got!.length).toBeLessThanOrEqual(120);
    expect(v[0].problem).toBe("undefined field 'nodeNam' on PodSpec at 1:243");
  });

  it('returns nothing for a valid expression', () => {
    expect(celViolations('e', "request.namespace != 'kube-system'", CelEnvironment.ADMISSION_MATCH_CONDITION, POD)).toEqual([]);
  });
});

describe('applyConfigurationFieldPaths', () => {
  it('lists every field path set through Object literals; list items add no segment', () => {
    expect(applyConfigurationFieldPaths('Object{spec: Object.spec{initContainers: [Object.spec.initContainers{name: "x", args: ["a"]}]}}')).toEqual([
      ['spec'], ['spec', 'initContainers'], ['spec', 'initContainers', 'name'], ['spec', 'initContainers', 'args'],
    ]);
  });

  it('follows nested literals and both branches of a conditional', () => {
    const paths = applyConfigurationFieldPaths(`Object{spec: Object.spec{initContainers: [has(object.spec.initContainers) ?
      Object.spec.initContainers{name: "a", securityContext: Object.spec.initContainers.securityContext{
        capabilities: Object.spec.initContainers.securityContext.capabilities{drop: ["ALL"]}}} :
      Object.spec.initContainers{name: "a", command: ["x"]}]}}`);
    expect(paths).toContainEqual(['spec', 'initContainers', 'securityContext', 'capabilities', 'drop']);
    expect(paths).toContainEqual(['spec', 'initContainers', 'command']);
    expect(paths.filter((p) => p.join('.') === 'spec.initContainers.name')).toHaveLength(1);
  });

  it('includes literals built inside map()', () => {
    expect(applyConfigurationFieldPaths('Object{spec: Object.spec{containers: object.spec.containers.map(c, Object.spec.containers{name: c.name, envFrom: []})}}'))
      .toContainEqual(['spec', 'containers', 'envFrom']);
  });

  it('returns nothing for an expression that does not parse', () => {
    expect(applyConfigurationFieldPaths('Object{spec: ')).toEqual([]);
  });
});
