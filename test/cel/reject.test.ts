import { describe, expect, it } from 'vitest';
import { AC, AZ, DRA, JP, M, only, POD, V } from './support';
import { checkCel } from '../../lib/cel';

describe('unknown names', () => {
  it('fails when __union__ is used, with the Kubernetes replacement as hint', () => {
    const p = only('__union__(object.spec.containers, object.spec.initContainers).size() > 0', M, POD);
    expect(p).toMatchObject({ checkId: 'cel/undeclared', message: "undeclared function '__union__'", line: 1, column: 1 });
    expect(p.hint).toBe('there is no __union__ in Kubernetes CEL; use a + b (and .distinct() or sets.*)');
  });

  it('fails when __union__ is called as a method', () => {
    const p = only('object.spec.containers.__union__(object.spec.initContainers)', V, POD);
    expect(p.message).toBe("undeclared function '__union__' (called on list(Container))");
    expect(p.hint).toContain('use a + b');
  });

  it('fails when a function does not exist, suggesting a near name', () => {
    const p = only("object.metadata.name.startswith('a')", M, POD);
    expect(p).toMatchObject({ checkId: 'cel/undeclared', message: "undeclared function 'startswith' (called on string)", hint: "did you mean 'startsWith'?" });
  });

  it('fails when a global function does not exist', () => {
    const p = only('frobnicate(1) == 2', M);
    expect(p).toMatchObject({ checkId: 'cel/undeclared', message: "undeclared function 'frobnicate'", column: 1 });
  });

  it('fails when a namespaced function does not exist', () => {
    const p = only('sets.union([1], [2]).size() > 0', M);
    expect(p.message).toBe("undeclared function 'sets.union'");
    expect(p.hint).toContain('sets.contains');
  });

  it('fails when a variable is not declared, with a did-you-mean', () => {
    const p = only('objct.metadata.name == "x"', M, POD);
    expect(p).toMatchObject({ checkId: 'cel/undeclared', message: "undeclared reference to 'objct'", hint: "did you mean 'object'?" });
  });

  it('fails when variables are used in a matchCondition', () => {
    const p = only('variables.isPod', M, { ...POD, variables: ['isPod'] });
    expect(p.message).toBe("undeclared reference to 'variables' in admission matchConditions");
    expect(p.hint).toContain('not available in matchConditions');
  });

  it('fails when a variable name was not declared earlier', () => {
    const p = only('variables.later.size()', V, { ...POD, variables: ['images'] });
    expect(p).toMatchObject({ checkId: 'cel/no-such-field', message: "undefined field 'later' on variables" });
  });

  it('fails when params is used without paramKind', () => {
    const p = only('params.maxReplicas > 1', M, POD);
    expect(p.hint).toBe('params is only declared when the policy sets spec.paramKind');
  });

  it('fails when object is used in an authorization matchCondition', () => {
    const p = only("object.metadata.name == 'x'", AZ);
    expect(p.message).toBe("undeclared reference to 'object' in authorization matchConditions");
  });

  it('fails when request is used in a DRA selector', () => {
    const p = only("request.namespace == 'x'", DRA);
    expect(p.hint).toContain('only device');
  });

  it('fails when self (CRD rule syntax) is used', () => {
    expect(only('self.spec.replicas > 1', M, POD).hint).toContain('CRD validation-rule syntax');
  });
});

describe('fields checked against the schema', () => {
  it('fails when object.spec.containres is misspelt', () => {
    const p = only('object.spec.containres.all(c, c.image != "")', M, POD);
    expect(p).toEqual({ checkId: 'cel/no-such-field', message: "undefined field 'containres' on PodSpec", line: 1, column: 13, hint: "did you mean 'containers'?" });
  });

  it('fails when has() names a field the type does not have', () => {
    const p = only('has(object.spec.containres)', M, POD);
    expect(p).toMatchObject({ checkId: 'cel/no-such-field', column: 17, hint: "did you mean 'containers'?" });
  });

  it('fails when a macro variable selects a wrong field (element types flow through macros)', () => {
    const p = only("object.spec.containers.all(c, c.imag.startsWith('x'))", M, POD);
    expect(p).toMatchObject({ message: "undefined field 'imag' on Container", column: 33, hint: "did you mean 'image'?" });
  });

  it('fails when a two-variable comprehension value selects a wrong field', () => {
    const p = only("object.spec.containers.exists(i, c, c.nme == 'a')", M, POD);
    expect(p.message).toBe("undefined field 'nme' on Container");
  });

  it('fails when a field of oldObject is misspelt on the second line', () => {
    const p = only('object.spec.nodeName ==\n  oldObject.spec.nodename', M, POD);
    expect(p).toMatchObject({ line: 2, column: 18, hint: "did you mean 'nodeName'?" });
  });

  it('fails when a field of the authorization request does not exist', () => {
    const p = only("request.resourceAttributes.apiGroup == 'apps'", AZ);
    expect(p).toMatchObject({ message: "undefined field 'apiGroup' on ResourceAttributes" });
  });

  it('fails when a field of the admission request does not exist', () => {
    const p = only("request.userInfo.user == 'x'", M);
    expect(p).toMatchObject({ message: "undefined field 'user' on UserInfo", hint: "did you mean 'username'?" });
  });

  it('fails when a field of device does not exist', () => {
    const p = only("device.drivers == 'gpu.nvidia.com'", DRA);
    expect(p).toMatchObject({ message: "undefined field 'drivers' on Device", hint: "did you mean 'driver'?" });
  });

  it('fails when a list is indexed with a string', () => {
    expect(only("object.spec.containers['app'].image == 'x'", M, POD).message).toBe('list index must be an int, got string');
  });

  it('fails when a struct is indexed like a map', () => {
    expect(only("object.spec['containers'].size() > 0", M, POD).message).toBe("type 'PodSpec' cannot be indexed with [...]");
  });

  it('leaves untyped objects dynamic', () => {
    expect(checkCel('object.spec.containres.size() > 0', M).ok).toBe(true);
  });
});

describe('Object{...} literals (ApplyConfiguration)', () => {
  it('fails when a nested literal is not named after its field path', () => {
    const p = only('Object{spec: Object.specx{}}', AC, POD);
    expect(p).toMatchObject({
      checkId: 'cel/type-name',
      message: 'unexpected type name "Object.specx", expected "Object.spec", which matches field name path from root Object type',
      line: 1,
      column: 14,
    });
  });

  it('fails when a standalone literal names a field the type does not have: Object.specx{}', () => {
    const p = only('Object.specx{}', AC, POD);
    expect(p).toMatchObject({ checkId: 'cel/type-name', hint: 'did you mean "Object.spec"?' });
    expect(p.message).toBe('unexpected type name "Object.specx": Pod (Object) has no field \'specx\'');
  });

  it('fails when Object.spec.containres{} names a misspelt list', () => {
    const p = only('Object{spec: Object.spec{containers: [Object.spec.containres{name: "a"}]}}', AC, POD);
    expect(p.message).toBe('unexpected type name "Object.spec.containres", expected "Object.spec.containers", which matches field name path from root Object type');
  });

  it('fails when Object.spec.containres{} is used as a JSONPatch value', () => {
    const p = only('[JSONPatch{op: "add", path: "/spec/containers/-", value: Object.spec.containres{name: "a"}}]', JP, POD);
    expect(p).toMatchObject({ checkId: 'cel/type-name', hint: 'did you mean "Object.spec.containers"?' });
  });

  it('fails when a literal sets a field that does not exist', () => {
    const p = only('Object{spec: Object.spec{initContainers: [Object.spec.initContainers{name: "a", imagePullPolicyy: "Always"}]}}', AC, POD);
    expect(p).toMatchObject({ checkId: 'cel/no-such-field', hint: "did you mean 'imagePullPolicy'?" });
    expect(p.message).toBe("Object.spec.initContainers (Container) has no field 'imagePullPolicyy'");
  });

  it('fails when a literal field has the wrong value type', () => {
    const p = only('Object{spec: Object.spec{initContainers: [Object.spec.initContainers{name: 1}]}}', AC, POD);
    expect(p.message).toBe("field 'name' of Object.spec.initContainers expects string, got int");
  });

  it('fails when a map literal is given where a nested literal is required', () => {
    const p = only('Object{spec: {"hostname": "x"}}', AC, POD);
    expect(p.message).toBe("field 'spec' of Object expects Object.spec, got map(string, string)");
    expect(p.hint).toBe('write it as Object.spec{...}');
  });

  it('fails when a scalar field is written as a literal', () => {
    const p = only('Object{spec: Object.spec{hostname: Object.spec.hostname{}}}', AC, POD);
    expect(p.checkId).toBe('cel/type-name');
    expect(p.message).toContain('Object.spec.hostname is a string, not an object');
  });

  it('checks literal names without a schema, from the field path alone', () => {
    const p = only('Object{metadata: Object.meta{}}', AC);
    expect(p.message).toBe('unexpected type name "Object.meta", expected "Object.metadata", which matches field name path from root Object type');
  });

  it('fails when Object{...} is used outside a mutation', () => {
    const p = only('has(Object{}.spec)', M, POD);
    expect(p.hint).toContain('only in MutatingAdmissionPolicy mutation expressions');
  });

  it('fails when a message literal type is not Object or JSONPatch', () => {
    const p = only('[Patch{op: "add"}]', JP, POD);
    expect(p).toMatchObject({ checkId: 'cel/undeclared', message: "undeclared type 'Patch'" });
  });
});

describe('JSONPatch{...} literals', () => {
  it('fails when JSONPatch has an unknown field', () => {
    const p = only('[JSONPatch{op: "remove", path: "/metadata/labels", val: {}}]', JP, POD);
    expect(p).toMatchObject({ checkId: 'cel/no-such-field', message: "JSONPatch has no field 'val'", hint: "did you mean 'value'?" });
  });

  it('fails when the op is not a JSON Patch operation', () => {
    const p = only('[JSONPatch{op: "append", path: "/spec/containers/-", value: 1}]', JP, POD);
    expect(p).toMatchObject({ checkId: 'cel/json-patch', message: 'unknown JSONPatch op "append"' });
  });

  it('fails when add has no value', () => {
    expect(only('[JSONPatch{op: "add", path: "/spec/hostname"}]', JP, POD).message).toBe('JSONPatch op "add" needs a value');
  });

  it('fails when a literal path names a field the object does not have', () => {
    const p = only('[JSONPatch{op: "add", path: "/spec/initContainres/-", value: {}}]', JP, POD);
    expect(p).toMatchObject({ checkId: 'cel/no-such-field', hint: "did you mean 'initContainers'?" });
  });

  it('fails when a path does not start with a slash', () => {
    expect(only('[JSONPatch{op: "remove", path: "spec/hostname"}]', JP, POD).message).toBe('JSONPatch path "spec/hostname" must start with \'/\'');
  });
});

describe('function calls', () => {
  it('fails on a wrong number of arguments', () => {
    const p = only("object.metadata.name.startsWith('a', 'b')", M, POD);
    expect(p).toMatchObject({ checkId: 'cel/arity', message: 'string.startsWith() takes 1 argument, got 2', column: 22 });
  });

  it('fails on a wrong argument type', () => {
    const p = only('object.metadata.name.startsWith(1)', M, POD);
    expect(p).toMatchObject({ checkId: 'cel/type', message: "found no matching overload for 'startsWith' applied to 'string.(int)'" });
  });

  it('fails when a method is called on a type that does not have it', () => {
    const p = only('object.spec.containers.startsWith("a")', M, POD);
    expect(p).toMatchObject({ checkId: 'cel/type', message: "no method 'startsWith' on list(Container)", hint: 'startsWith() is defined on string' });
  });

  it('fails when sets.contains gets a string', () => {
    expect(only("sets.contains(object.metadata.name, ['a'])", M, POD).checkId).toBe('cel/type');
  });

  it('fails when quantities are compared with <', () => {
    const p = only("device.capacity['gpu.nvidia.com'].memory < quantity('10Gi')", DRA);
    expect(p.hint).toContain('isLessThan');
  });

  it('fails when authorizer.serviceAccount is followed by resource() directly', () => {
    const p = only("authorizer.serviceAccount('ns', 'sa').resource('pods').check('get').allowed()", M, POD);
    expect(p).toMatchObject({ message: "no method 'resource' on Authorizer", hint: 'resource() is defined on GroupCheck' });
  });

  it('fails on an invalid regex literal', () => {
    const p = only("object.metadata.name.matches('[a-z')", M, POD);
    expect(p.checkId).toBe('cel/regex');
  });

  it('fails on an RE2-unsupported lookahead', () => {
    expect(only("object.metadata.name.matches('^(?!kube-).*')", M, POD).message).toContain('invalid or unsupported Perl syntax: `(?!`');
  });

  it('accepts RE2 flag groups and named groups', () => {
    expect(checkCel("object.metadata.name.matches('(?i)^app-(?P<n>[0-9]+)$')", M, POD).ok).toBe(true);
  });

  it('fails on an invalid duration literal', () => {
    expect(only("duration('5 minutes') > duration('1m')", M).checkId).toBe('cel/literal');
  });

  it('fails when a macro is given a non-identifier', () => {
    expect(only('object.spec.containers.all(c.name, true)', M, POD).checkId).toBe('cel/syntax');
  });

  it('fails when has() gets something other than a field selection', () => {
    expect(only('has(object)', M, POD).message).toContain('invalid argument to has() macro');
  });
});

describe('operators', () => {
  it('fails when a string is compared with an int', () => {
    const p = only('object.metadata.name == 1', M, POD);
    expect(p).toMatchObject({ checkId: 'cel/type', message: 'cannot compare string == int' });
  });

  it('fails when int and double are added', () => {
    expect(only('1 + 1.5 > 2.0', M).hint).toContain('does not mix numeric types');
  });

  it('fails when in is used on a string', () => {
    expect(only("'a' in object.metadata.name", M, POD).hint).toBe('for substrings use s.contains(x)');
  });

  it('fails when && gets a string', () => {
    expect(only('object.metadata.name && true', M, POD).message).toBe('operands of && must be bool, got string');
  });

  it('fails on a mixed list literal (homogeneous aggregate literals)', () => {
    expect(only("[1, 'a'].size() == 2", M).message).toBe("list elements must all have the same type, expected type 'int' but found 'string'");
  });

  it('fails when branches of ?: have different types', () => {
    expect(only("true ? 'a' : 1", V).message).toBe('branches of ?: have different types: string and int');
  });
});

describe('result types', () => {
  it('fails when a condition is not bool', () => {
    const p = only('object.metadata.name', M, POD);
    expect(p).toEqual({ checkId: 'cel/result-type', message: 'must evaluate to bool, got string', line: 1, column: 1, hint: "compare the value, e.g. x == 'value'" });
  });

  it('fails when an authorization condition is not bool', () => {
    expect(only('request.groups', AZ).message).toBe('must evaluate to bool, got list(string)');
  });

  it('fails when a DRA selector is not bool', () => {
    expect(only('device.driver', DRA).message).toBe('must evaluate to bool, got string');
    // attribute values are dynamic: only the server can tell
    expect(checkCel("device.attributes['gpu.nvidia.com'].type", DRA).ok).toBe(true);
  });

  it('fails when a JSONPatch mutation returns one patch instead of a list', () => {
    const p = only('JSONPatch{op: "remove", path: "/spec/hostname"}', JP, POD);
    expect(p).toMatchObject({ message: 'must evaluate to list(JSONPatch), got JSONPatch', hint: 'wrap the patch in a list: [JSONPatch{...}]' });
  });

  it('fails when an ApplyConfiguration returns a nested literal', () => {
    const p = only('Object.spec{hostname: "x"}', AC, POD);
    expect(p).toMatchObject({ message: 'must evaluate to an Object{...} literal (the root type), got Object.spec', hint: 'wrap it: Object{spec: ...}' });
  });

  it('fails when an ApplyConfiguration returns a map', () => {
    expect(only('{"spec": {"hostname": "x"}}', AC, POD).message).toBe('must evaluate to an Object{...} literal (the root type), got map(string, map(string, string))');
  });

  it('accepts any type for a variable', () => {
    expect(checkCel('object.metadata.name', V, POD)).toMatchObject({ ok: true, resultType: 'string' });
  });

  it('fails when the expression is empty', () => {
    expect(only('   ', M).checkId).toBe('cel/required');
  });
});

describe('DRA limits', () => {
  it('fails when a selector is longer than 10 KiB', () => {
    const long = Array.from({ length: 400 }, (_, i) => `device.driver == 'driver-${i}.example.com'`).join(' || ');
    const r = checkCel(long, DRA);
    expect(r.problems.map((p) => p.checkId)).toEqual(['cel/too-long']);
    expect(r.problems[0].message).toMatch(/^expression is \d+ bytes long, more than the 10240 bytes a DRA selector may have$/);
  });

  it('fails when the estimated cost exceeds 1,000,000', () => {
    const nested = 'device.attributes.all(a, device.attributes.all(b, device.attributes.all(c, device.attributes.all(d, a + b + c + d != ""))))';
    const r = checkCel(nested, DRA);
    expect(r.problems.map((p) => p.checkId)).toEqual(['cel/cost']);
    // k8s pkg/apis/resource/validation validateCELSelector: Forbidden "too complex, exceeds cost limit"
    expect(r.problems[0].message).toMatch(/^too complex, exceeds cost limit \(estimated cost \d+ is more than 1000000\)$/);
    expect(r.estimatedCost).toBeGreaterThan(1_000_000);
  });

  it('estimates a typical selector far below the limit', () => {
    const r = checkCel("device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'", DRA);
    expect(r.estimatedCost).toBeLessThan(100);
  });
});
