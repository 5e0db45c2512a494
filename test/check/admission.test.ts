import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { matchedKind } from '../../lib/check/admission';
import { checkObject } from '../../lib/check/registry';

/** A policy the 1.36 API server accepts; each failure test breaks one rule of it. */
function policy(): any {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name: 'add-team-label' },
    spec: {
      matchConstraints: {
        resourceRules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
      },
      mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'Object{metadata: Object.metadata{labels: {"team": "web"}}}' } }],
      failurePolicy: 'Fail',
      reinvocationPolicy: 'IfNeeded',
    },
  };
}

function binding(): any {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicyBinding',
    metadata: { name: 'add-team-label-binding' },
    spec: { policyName: 'add-team-label' },
  };
}

function messages(obj: any): string[] {
  return checkObject(obj).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}

function expectMessage(obj: any, ...parts: string[]): void {
  const all = messages(obj);
  expect(all.some((m) => parts.every((p) => m.includes(p))), `expected a message with ${JSON.stringify(parts)}, got:\n${all.join('\n')}`).toBe(true);
}

function rule(r: any): any {
  const p = policy();
  p.spec.matchConstraints.resourceRules = [{ ...p.spec.matchConstraints.resourceRules[0], ...r }];
  return p;
}

describe('MutatingAdmissionPolicy: accepted shapes', () => {
  it('accepts the base policy and binding', () => {
    expect(messages(policy())).toEqual([]);
    expect(messages(binding())).toEqual([]);
  });
  it('accepts "*" as the only operation and DELETE in excludeResourceRules (generic rule checks only)', () => {
    const p = rule({ operations: ['*'] });
    p.spec.matchConstraints.excludeResourceRules = [{ operations: ['DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }];
    expect(messages(p)).toEqual([]);
  });
  it('types object from a single matched kind and leaves it dynamic for several kinds', () => {
    expect(matchedKind(policy().spec.matchConstraints.resourceRules)?.typeName).toBe('io.k8s.api.core.v1.Pod');
    expect(matchedKind([{ apiGroups: ['apps'], apiVersions: ['*'], resources: ['deployments'] }])?.kind).toBe('Deployment');
    expect(matchedKind([{ apiGroups: ['', 'apps'], apiVersions: ['v1'], resources: ['pods'] }])).toBeUndefined();
    expect(matchedKind([{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods/status'] }])).toBeUndefined();
  });
});

describe('MutatingAdmissionPolicy: metadata, failurePolicy, reinvocationPolicy', () => {
  it('fails when the name is not a DNS-1123 subdomain', () => {
    const p = policy(); p.metadata.name = 'Add_Label';
    expectMessage(p, '[admission/name]', 'metadata.name: must be a DNS-1123 subdomain', '"Add_Label"');
  });
  it('fails when failurePolicy is not Fail or Ignore', () => {
    const p = policy(); p.spec.failurePolicy = 'Deny';
    expectMessage(p, 'spec.failurePolicy: is not a supported failure policy (got "Deny"; allowed: Fail, Ignore)');
  });
  it('fails when reinvocationPolicy is missing (no default on the server)', () => {
    const p = policy(); delete p.spec.reinvocationPolicy;
    expectMessage(p, '[admission/reinvocation-policy]', 'spec.reinvocationPolicy: reinvocationPolicy is required', 'allowed: Never, IfNeeded');
  });
  it('fails when reinvocationPolicy is not Never or IfNeeded', () => {
    const p = policy(); p.spec.reinvocationPolicy = 'Always';
    expectMessage(p, 'spec.reinvocationPolicy: is not a supported reinvocation policy (got "Always"; allowed: Never, IfNeeded)');
  });
});

describe('MutatingAdmissionPolicy: paramKind', () => {
  it('fails when paramKind.apiVersion is missing', () => {
    const p = policy(); p.spec.paramKind = { kind: 'ConfigMap' };
    expectMessage(p, 'spec.paramKind.apiVersion: apiVersion is required');
  });
  it('fails when paramKind.apiVersion has more than one "/"', () => {
    const p = policy(); p.spec.paramKind = { apiVersion: 'a/b/v1', kind: 'X' };
    expectMessage(p, 'spec.paramKind.apiVersion: must be a group/version (at most one "/")');
  });
  it('fails when the group of paramKind.apiVersion is not a DNS subdomain', () => {
    const p = policy(); p.spec.paramKind = { apiVersion: 'Example_Com/v1', kind: 'X' };
    expectMessage(p, 'spec.paramKind.apiVersion: group part "Example_Com" must be a DNS-1123 subdomain');
  });
  it('fails when the version of paramKind.apiVersion is not a DNS-1035 label', () => {
    const p = policy(); p.spec.paramKind = { apiVersion: 'example.com/1v', kind: 'X' };
    expectMessage(p, 'spec.paramKind.apiVersion: version part "1v" must be a DNS-1035 label');
  });
  it('fails when paramKind.kind is missing', () => {
    const p = policy(); p.spec.paramKind = { apiVersion: 'v1' };
    expectMessage(p, 'spec.paramKind.kind: kind is required');
  });
  it('fails when paramKind.kind is not a (mixed-case) DNS-1035 label', () => {
    const p = policy(); p.spec.paramKind = { apiVersion: 'v1', kind: 'Config_Map' };
    expectMessage(p, 'spec.paramKind.kind: may have mixed case, but should otherwise match a DNS-1035 label (got "Config_Map"');
  });
});

describe('MutatingAdmissionPolicy: matchConstraints and rules', () => {
  it('fails when matchConstraints is missing', () => {
    const p = policy(); delete p.spec.matchConstraints;
    expectMessage(p, '[admission/match-constraints]', 'spec.matchConstraints: matchConstraints is required');
  });
  it('fails when matchConstraints has no resourceRules', () => {
    const p = policy(); p.spec.matchConstraints.resourceRules = [];
    expectMessage(p, 'spec.matchConstraints.resourceRules: at least one resourceRule must be defined to provide type information');
  });
  it('fails when a rule matches DELETE', () => {
    expectMessage(rule({ operations: ['CREATE', 'DELETE'] }), '[admission/operations]',
      'spec.matchConstraints.resourceRules[0].operations[1]: is not supported by a mutating admission policy: the DELETE operation may not be matched (got "DELETE"; allowed: *, CREATE, UPDATE, CONNECT)');
  });
  it('fails when operations is empty', () => {
    expectMessage(rule({ operations: [] }), 'resourceRules[0].operations: operations is required');
  });
  it('fails when "*" is listed with other operations', () => {
    expectMessage(rule({ operations: ['*', 'CREATE'] }), "resourceRules[0].operations: if '*' is present, must not specify other operations");
  });
  it('fails when an operation is unknown', () => {
    expectMessage(rule({ operations: ['PATCH'] }), 'resourceRules[0].operations[0]: is not a supported operation (got "PATCH"');
  });
  it('fails when apiGroups is empty', () => {
    expectMessage(rule({ apiGroups: [] }), 'resourceRules[0].apiGroups: apiGroups is required');
  });
  it('fails when "*" is listed with other API groups', () => {
    expectMessage(rule({ apiGroups: ['*', 'apps'] }), "resourceRules[0].apiGroups: if '*' is present, must not specify other API groups");
  });
  it('fails when apiVersions is empty', () => {
    expectMessage(rule({ apiVersions: [] }), 'resourceRules[0].apiVersions: apiVersions is required');
  });
  it('fails when an apiVersion is the empty string', () => {
    expectMessage(rule({ apiVersions: [''] }), 'resourceRules[0].apiVersions[0]: must not be empty');
  });
  it('fails when "*" is listed with other API versions', () => {
    expectMessage(rule({ apiVersions: ['*', 'v1'] }), "resourceRules[0].apiVersions: if '*' is present, must not specify other API versions");
  });
  it('fails when resources is empty', () => {
    expectMessage(rule({ resources: [] }), 'resourceRules[0].resources: resources is required');
  });
  it('fails when a resource is the empty string', () => {
    expectMessage(rule({ resources: ['pods', ''] }), 'resourceRules[0].resources[1]: must not be empty');
  });
  it('fails when "*/*" is listed with other resources', () => {
    expectMessage(rule({ resources: ['*/*', 'pods'] }), "resourceRules[0].resources: if '*/*' is present, must not specify other resources");
  });
  it('fails when "*" is listed with resources without subresource', () => {
    expectMessage(rule({ resources: ['*', 'pods'] }), "if '*' is present, must not specify other resources without subresources");
  });
  it('fails when "x/*" is followed by "x/y"', () => {
    expectMessage(rule({ resources: ['pods/*', 'pods/status'] }), "resourceRules[0].resources[1]: if 'pods/*' is present, must not specify pods/status");
  });
  it('fails when "*/y" is followed by "z/y"', () => {
    expectMessage(rule({ resources: ['*/status', 'pods/status'] }), "resourceRules[0].resources[1]: if '*/status' is present, must not specify pods/status");
  });
  it('fails when scope is unknown', () => {
    expectMessage(rule({ scope: 'Global' }), 'resourceRules[0].scope: is not a supported scope (got "Global"; allowed: Cluster, Namespaced, *)');
  });
  it('fails when a resourceName is not a path segment name', () => {
    expectMessage(rule({ resourceNames: ['a/b'] }), "resourceRules[0].resourceNames[0]: may not contain '/' or '%'");
  });
  it('fails when resourceNames repeat', () => {
    expectMessage(rule({ resourceNames: ['a', 'a'] }), 'resourceRules[0].resourceNames[1]: is a duplicate (got "a")');
  });
  it('fails when a rule carries "namespaces" (no such field), pointing at namespaceSelector', () => {
    expectMessage(rule({ namespaces: ['kube-system'] }), 'is not a field of a rule', 'kubernetes.io/metadata.name');
  });
  it('fails when matchPolicy is unknown', () => {
    const p = policy(); p.spec.matchConstraints.matchPolicy = 'Fuzzy';
    expectMessage(p, 'spec.matchConstraints.matchPolicy: is not a supported match policy (got "Fuzzy"; allowed: Exact, Equivalent)');
  });
  it('fails when "objectSelectors" is used for objectSelector', () => {
    const p = policy(); p.spec.matchConstraints.objectSelectors = [{ matchLabels: { a: 'b' } }];
    expectMessage(p, 'objectSelectors: is not a field: the field is objectSelector (singular');
  });
});

describe('label selectors', () => {
  const withNs = (sel: any) => { const p = policy(); p.spec.matchConstraints.namespaceSelector = sel; return p; };
  it('fails when In has no values', () => {
    expectMessage(withNs({ matchExpressions: [{ key: 'env', operator: 'In' }] }), 'namespaceSelector.matchExpressions[0].values: must be specified when operator is In');
  });
  it('fails when Exists has values', () => {
    expectMessage(withNs({ matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }] }), 'matchExpressions[0].values: may not be specified when operator is Exists');
  });
  it('fails when the operator is unknown', () => {
    expectMessage(withNs({ matchExpressions: [{ key: 'env', operator: 'Equals', values: ['x'] }] }), 'matchExpressions[0].operator: is not a valid label selector operator');
  });
  it('fails when a matchLabels key is not a qualified name', () => {
    expectMessage(withNs({ matchLabels: { '-env': 'prod' } }), '[admission/label-selector]', 'namespaceSelector.matchLabels');
  });
  it('fails when a value is not a label value', () => {
    expectMessage(withNs({ matchLabels: { env: 'prod!' } }), 'must be a valid label value (got "prod!"');
  });
  it('fails when the objectSelector is invalid too', () => {
    const p = policy(); p.spec.matchConstraints.objectSelector = { matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] };
    expectMessage(p, 'objectSelector.matchExpressions[0].values: must be specified when operator is NotIn');
  });
});

describe('MutatingAdmissionPolicy: matchConditions', () => {
  const mc = (...conds: any[]) => { const p = policy(); p.spec.matchConditions = conds; return p; };
  it('fails when there are more than 64', () => {
    const conds = Array.from({ length: 65 }, (_, i) => ({ name: `c${i}`, expression: 'true' }));
    expectMessage(mc(...conds), 'spec.matchConditions: must have at most 64 items (got "65 items"');
  });
  it('fails when a name is missing', () => {
    expectMessage(mc({ expression: 'true' }), 'spec.matchConditions[0].name: name is required');
  });
  it('fails when a name is not a qualified name', () => {
    expectMessage(mc({ name: 'not ok', expression: 'true' }), '[admission/match-conditions] spec.matchConditions[0].name: name part must consist of alphanumerics');
  });
  it('fails when names repeat', () => {
    expectMessage(mc({ name: 'a', expression: 'true' }, { name: 'a', expression: 'false' }), 'spec.matchConditions[1].name: is a duplicate: match condition names must be unique');
  });
  it('fails when the expression is blank', () => {
    expectMessage(mc({ name: 'a', expression: '  ' }), 'spec.matchConditions[0].expression: expression is required');
  });
  it('fails when the expression does not return bool', () => {
    expectMessage(mc({ name: 'a', expression: 'object.metadata.name' }), 'spec.matchConditions[0].expression', 'must evaluate to bool');
  });
  it('fails when a condition reads variables (not declared in matchConditions)', () => {
    const p = mc({ name: 'a', expression: 'variables.x == 1' });
    p.spec.variables = [{ name: 'x', expression: '1' }];
    expect(messages(p).some((m) => m.includes('spec.matchConditions[0].expression'))).toBe(true);
  });
  it('fails when a condition reads params without paramKind', () => {
    expectMessage(mc({ name: 'a', expression: 'params.data["x"] == "y"' }), 'spec.matchConditions[0].expression');
  });
  it('fails when a condition misspells a field of the matched kind', () => {
    expectMessage(mc({ name: 'a', expression: 'object.spec.containerz.size() > 0' }), 'spec.matchConditions[0].expression', 'containerz');
  });
});

describe('MutatingAdmissionPolicy: variables', () => {
  const vars = (...v: any[]) => { const p = policy(); p.spec.variables = v; return p; };
  it('fails when a variable name is a CEL reserved word', () => {
    expectMessage(vars({ name: 'namespace', expression: 'object.metadata.name' }), '[admission/variables] spec.variables[0].name: must not be a CEL reserved word (got "namespace"');
  });
  it('fails when a variable name is not a CEL identifier', () => {
    expectMessage(vars({ name: 'my-var', expression: '1' }), 'spec.variables[0].name: must be a CEL identifier (got "my-var"');
  });
  it('fails when a variable name is missing', () => {
    expectMessage(vars({ expression: '1' }), 'spec.variables[0].name: name is required');
  });
  it('fails when a variable expression is missing', () => {
    expectMessage(vars({ name: 'x' }), 'spec.variables[0].expression: expression is required');
  });
  it('fails when a variable reads a later variable (order matters)', () => {
    expectMessage(vars({ name: 'a', expression: 'variables.b + 1' }, { name: 'b', expression: '1' }), 'spec.variables[0].expression');
  });
  it('accepts a variable reading an earlier one', () => {
    expect(messages(vars({ name: 'a', expression: '1' }, { name: 'b', expression: 'variables.a + 1' }))).toEqual([]);
  });
});

describe('MutatingAdmissionPolicy: mutations', () => {
  const muts = (...m: any[]) => { const p = policy(); p.spec.mutations = m; return p; };
  it('fails when mutations is empty', () => {
    expectMessage(muts(), '[admission/mutations] spec.mutations: mutations must contain at least one item');
  });
  it('fails when patchType is missing', () => {
    expectMessage(muts({ applyConfiguration: { expression: 'Object{}' } }), 'spec.mutations[0].patchType: patchType is required');
  });
  it('fails when patchType is unknown', () => {
    expectMessage(muts({ patchType: 'StrategicMerge' }), 'spec.mutations[0].patchType: is not a supported patch type (got "StrategicMerge"; allowed: ApplyConfiguration, JSONPatch)');
  });
  it('fails when JSONPatch also carries applyConfiguration', () => {
    expectMessage(muts({ patchType: 'JSONPatch', jsonPatch: { expression: '[]' }, applyConfiguration: { expression: 'Object{}' } }),
      'spec.mutations[0].applyConfiguration: must not be specified when patchType is JSONPatch');
  });
  it('fails when ApplyConfiguration also carries jsonPatch', () => {
    expectMessage(muts({ patchType: 'ApplyConfiguration', jsonPatch: { expression: '[]' }, applyConfiguration: { expression: 'Object{}' } }),
      'spec.mutations[0].jsonPatch: must not be specified when patchType is ApplyConfiguration');
  });
  it('fails when the body for the patchType is missing', () => {
    expectMessage(muts({ patchType: 'JSONPatch' }), 'spec.mutations[0].jsonPatch: jsonPatch is required when patchType is JSONPatch');
  });
  it('fails when the expression is blank', () => {
    expectMessage(muts({ patchType: 'ApplyConfiguration', applyConfiguration: { expression: ' ' } }), 'spec.mutations[0].applyConfiguration.expression: expression is required');
  });
  it('fails when an expression calls an unknown function', () => {
    expectMessage(muts({ patchType: 'JSONPatch', jsonPatch: { expression: '__union__(object.spec.containers, [])' } }),
      'spec.mutations[0].jsonPatch.expression', '__union__');
  });
  it('fails when an Object literal names a wrong type path', () => {
    expectMessage(muts({ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'Object{spec: Object.specx{}}' } }), 'spec.mutations[0].applyConfiguration.expression');
  });
  it('fails when an ApplyConfiguration sets an atomic field, saying to use JSONPatch', () => {
    const expr = 'Object{spec: Object.spec{containers: [Object.spec.containers{name: "app", args: ["--x"]}]}}';
    expectMessage(muts({ patchType: 'ApplyConfiguration', applyConfiguration: { expression: expr } }),
      '[admission/apply-configuration-atomic] spec.mutations[0].applyConfiguration.expression: sets an atomic list, map or struct',
      'got "spec.containers.args"', 'Set these fields with a JSONPatch mutation instead');
  });
  it('fails when capabilities.drop is set through ApplyConfiguration', () => {
    const expr = 'Object{spec: Object.spec{containers: [Object.spec.containers{name: "app", securityContext: Object.spec.containers.securityContext{capabilities: Object.spec.containers.securityContext.capabilities{drop: ["ALL"]}}}]}}';
    expectMessage(muts({ patchType: 'ApplyConfiguration', applyConfiguration: { expression: expr } }), 'spec.containers.securityContext.capabilities.drop');
  });
  it('fails when a JSONPatch expression does not return a list', () => {
    expectMessage(muts({ patchType: 'JSONPatch', jsonPatch: { expression: 'JSONPatch{op: "remove", path: "/spec/x"}' } }), 'spec.mutations[0].jsonPatch.expression');
  });
  it('accepts params in a mutation when paramKind is set, typed by the parameter kind', () => {
    const p = muts({ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'Object{metadata: Object.metadata{labels: {"team": params.data["team"]}}}' } });
    p.spec.paramKind = { apiVersion: 'v1', kind: 'ConfigMap' };
    expect(messages(p)).toEqual([]);
    p.spec.mutations[0].applyConfiguration.expression = 'Object{metadata: Object.metadata{labels: {"team": params.dta["team"]}}}';
    expectMessage(p, 'spec.mutations[0].applyConfiguration.expression', 'dta');
  });
});

describe('MutatingAdmissionPolicyBinding', () => {
  it('fails when policyName is missing', () => {
    const b = binding(); delete b.spec.policyName;
    expectMessage(b, '[admission/binding] spec.policyName: policyName is required');
  });
  it('fails when policyName is not a DNS subdomain', () => {
    const b = binding(); b.spec.policyName = 'My Policy';
    expectMessage(b, 'spec.policyName: must be a DNS-1123 subdomain');
  });
  it('fails when the binding name is invalid', () => {
    const b = binding(); b.metadata.name = 'UPPER';
    expectMessage(b, 'metadata.name: must be a DNS-1123 subdomain');
  });
  it('fails when paramRef has both name and selector', () => {
    const b = binding(); b.spec.paramRef = { name: 'p', selector: { matchLabels: { a: 'b' } }, parameterNotFoundAction: 'Deny' };
    expectMessage(b, 'spec.paramRef.name: name and selector are mutually exclusive');
  });
  it('fails when paramRef has neither name nor selector', () => {
    const b = binding(); b.spec.paramRef = { parameterNotFoundAction: 'Deny' };
    expectMessage(b, 'spec.paramRef: one of name or selector must be specified');
  });
  it('fails when parameterNotFoundAction is missing', () => {
    const b = binding(); b.spec.paramRef = { name: 'p' };
    expectMessage(b, 'spec.paramRef.parameterNotFoundAction: parameterNotFoundAction is required (no default)', 'allowed: Allow, Deny');
  });
  it('fails when parameterNotFoundAction is unknown', () => {
    const b = binding(); b.spec.paramRef = { name: 'p', parameterNotFoundAction: 'Ignore' };
    expectMessage(b, 'spec.paramRef.parameterNotFoundAction: is not a supported action (got "Ignore"; allowed: Allow, Deny)');
  });
  it('fails when paramRef.name is not a path segment name', () => {
    const b = binding(); b.spec.paramRef = { name: '..', parameterNotFoundAction: 'Deny' };
    // (asserted on the violation: the shared formatter collapses ".." in messages)
    expect(checkObject(b)).toContainEqual(expect.objectContaining({ field: 'spec.paramRef.name', problem: 'may not be "." or ".."' }));
  });
  it('fails when paramRef.namespace is not a path segment name', () => {
    const b = binding(); b.spec.paramRef = { name: 'p', namespace: 'a%b', parameterNotFoundAction: 'Deny' };
    expectMessage(b, "spec.paramRef.namespace: may not contain '/' or '%'");
  });
  it('fails when the paramRef selector is invalid', () => {
    const b = binding(); b.spec.paramRef = { selector: { matchExpressions: [{ key: 'a', operator: 'In' }] }, parameterNotFoundAction: 'Deny' };
    expectMessage(b, 'spec.paramRef.selector.matchExpressions[0].values: must be specified when operator is In');
  });
  it('fails when matchResources matches DELETE', () => {
    const b = binding(); b.spec.matchResources = { resourceRules: [{ operations: ['DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] };
    expectMessage(b, '[admission/operations] spec.matchResources.resourceRules[0].operations[0]');
  });
  it('accepts matchResources without resourceRules (they are optional on a binding)', () => {
    const b = binding(); b.spec.matchResources = { namespaceSelector: { matchLabels: { env: 'prod' } } };
    expect(messages(b)).toEqual([]);
  });
});
