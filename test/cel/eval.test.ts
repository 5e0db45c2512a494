import { describe, expect, it } from 'vitest';
import { CelEnvironment, checkCel } from '../../lib/cel';
import { CelEvaluationError, CelProgram, ICelAuthorizer } from '../../lib/cel/program';

const VAR = CelEnvironment.ADMISSION_VARIABLE;

function run(expr: string, vars: Record<string, unknown> = {}, env: CelEnvironment = VAR): unknown {
  return CelProgram.compile(expr, env).evaluate(vars);
}
function err(expr: string, vars: Record<string, unknown> = {}, env: CelEnvironment = VAR): string {
  try {
    run(expr, vars, env);
  } catch (e) {
    expect(e).toBeInstanceOf(CelEvaluationError);
    return (e as Error).message;
  }
  throw new Error(`expected ${expr} to fail`);
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'a', image: 'registry.example/a:1', resources: { limits: { memory: '512Mi', cpu: '500m' } } },
      { name: 'b', image: 'docker.io/b:latest', securityContext: { privileged: true } },
    ],
  },
};

describe('CelProgram: core language (cel-go interpreter semantics)', () => {
  it('computes ints, uints, doubles, strings and lists', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('7 / 2')).toBe(3);
    expect(run('-7 % 3')).toBe(-1);
    expect(run('7u / 2u')).toBe(3);
    expect(run('7.0 / 2.0')).toBe(3.5);
    expect(run('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(run('9223372036854775807')).toBe(9223372036854775807n);
    expect(run('"héllo😀".size()')).toBe(6);
    expect(run('[1, 2] + [3]')).toEqual([1, 2, 3]);
    expect(run('dyn(1) == 1.0 && dyn(1u) == 1 && 2 > 1.5')).toBe(true);
    expect(run('{1: "a"}[1u]')).toBe('a');
    expect(run('[dyn(1), dyn(2)] == [dyn(1.0), dyn(2u)]')).toBe(true);
  });

  it('fails when an int overflows (cel-go: "integer overflow")', () => {
    expect(err('9223372036854775807 + 1')).toBe('integer overflow');
    expect(err('1u - 2u')).toBe('unsigned integer overflow');
    expect(err('int(1e19)')).toBe('integer overflow');
  });

  it('fails when dividing by zero (cel-go: "division by zero", "modulus by zero")', () => {
    expect(err('1 / 0')).toBe('division by zero');
    expect(err('1 % 0')).toBe('modulus by zero');
  });

  it('fails when a key or index is missing (cel-go: "no such key", "index out of bounds")', () => {
    expect(err('{"a": 1}["b"] == 1')).toBe('no such key: b');
    expect(err('[1, 2][3] == 1')).toBe('index out of bounds: 3');
    expect(err('object.metadata.annotations.x == "y"', { object: pod })).toBe('no such key: annotations');
  });

  it('absorbs errors in && and || the way cel-go does', () => {
    expect(run('false && 1 / 0 == 1')).toBe(false);
    expect(run('1 / 0 == 1 && false')).toBe(false);
    expect(run('1 / 0 == 1 || true')).toBe(true);
    expect(err('1 / 0 == 1 || false')).toBe('division by zero');
    expect(err('true && 1 / 0 == 1')).toBe('division by zero');
  });

  it('runs macros and two-variable comprehensions', () => {
    expect(run('[1, 2, 3].map(x, x * 2)')).toEqual([2, 4, 6]);
    expect(run('[1, 2, 3].map(x, x > 1, x * 10)')).toEqual([20, 30]);
    expect(run('[1, 2, 3].filter(x, x % 2 == 1)')).toEqual([1, 3]);
    expect(run('[1, 2, 3].exists_one(x, x == 2)')).toBe(true);
    expect(run('[1, 2, 3].all(i, v, v == i + 1)')).toBe(true);
    expect(run('{"a": 1, "b": 2}.transformMap(k, v, v * 10)')).toEqual({ a: 10, b: 20 });
    expect(run('[1, 2].transformMapEntry(i, v, {string(v): i})')).toEqual({ 1: 0, 2: 1 });
    expect(run('[1, 0].exists(x, 1 / x == 1)')).toBe(true);
    expect(err('[0, 1].all(x, 1 / x == 1)')).toBe('division by zero');
    expect(run('[0, 2].all(x, 1 / x == 1)')).toBe(false);
  });

  it('evaluates admission conditions on a Pod', () => {
    expect(run("object.spec.containers.all(c, c.image.startsWith('registry.example/'))", { object: pod }, CelEnvironment.ADMISSION_MATCH_CONDITION)).toBe(false);
    expect(run('object.spec.containers.exists(c, has(c.securityContext) && c.securityContext.privileged == true)', { object: pod })).toBe(true);
    expect(run("has(object.metadata.labels) && object.metadata.labels['app'] == 'web'", { object: pod })).toBe(true);
    expect(run('object.spec.containers.map(c, c.name)', { object: pod })).toEqual(['a', 'b']);
  });

  it('handles optionals', () => {
    expect(run('optional.of(1).orValue(2)')).toBe(1);
    expect(run('{"a": 1}.?b.orValue(5)')).toBe(5);
    expect(run('optional.none().hasValue()')).toBe(false);
    expect(run('optional.ofNonZeroValue("").hasValue()')).toBe(false);
    expect(run('[optional.of(1), optional.none()].unwrapOpt()')).toEqual([1]);
    expect(run('optional.unwrap([optional.of(1), optional.none()])')).toEqual([1]);
    expect(run('[?optional.none(), ?optional.of(2)]')).toEqual([2]);
    expect(err('optional.none().value() == 1')).toBe('optional.none() dereference');
  });

  it('handles timestamps and durations', () => {
    expect(String(run('timestamp("2023-01-01T00:00:00Z") + duration("1h30m")'))).toBe('2023-01-01T01:30:00Z');
    expect(String(run('duration("1h30m")'))).toBe('5400s');
    expect(run('timestamp("2023-03-05T10:20:30Z").getDayOfWeek()')).toBe(0);
    expect(run('timestamp("2023-03-05T10:20:30Z").getHours("+02:00")')).toBe(12);
    expect(err('timestamp("9999-12-31T23:59:59Z") + duration("1s") > timestamp("2000-01-01T00:00:00Z")')).toBe('timestamp overflow');
  });

  it('maps values to JavaScript', () => {
    expect(run('9007199254740993')).toBe(9007199254740993n);
    expect(run('b"ab"')).toEqual(new Uint8Array([97, 98]));
    expect(run('{1: 2}')).toEqual(new Map([[1, 2]]));
    expect(String(run('type(1u)'))).toBe('uint');
    expect(run('null')).toBe(null);
  });
});

describe('CelProgram: Kubernetes libraries', () => {
  it('computes quantities exactly', () => {
    expect(run('quantity("1.5Gi").add(quantity("512Mi")).compareTo(quantity("2Gi"))')).toBe(0);
    expect(run('quantity("200M").compareTo(quantity("0.2G"))')).toBe(0);
    expect(run('quantity("50M").compareTo(quantity("50Mi"))')).toBe(-1);
    expect(run('quantity("0.1").add(quantity("0.2")) == quantity("300m")')).toBe(true);
    expect(String(run('quantity("1.5Gi").add(quantity("512Mi"))'))).toBe('2Gi');
    expect(String(run('quantity("1.5")'))).toBe('1500m');
    expect(run('quantity("1.5").isInteger()')).toBe(false);
    expect(run('quantity("2k").asInteger()')).toBe(2000);
    expect(err('quantity("1.5").asInteger() == 1')).toBe('cannot convert value to integer');
  });

  it('runs the strings, lists, sets, regex, IP, CIDR, URL, semver and format libraries', () => {
    expect(run('"%s and %d and %.2f".format(["x", 3, 1.2345])')).toBe('x and 3 and 1.23');
    expect(run('"a,b,c".split(",")')).toEqual(['a', 'b', 'c']);
    expect(run('[3, 1, 2].sort()')).toEqual([1, 2, 3]);
    expect(run('[1, 2, 3].sum()')).toBe(6);
    expect(run('sets.contains([1, 2, 3], [2])')).toBe(true);
    expect(run('"abc123".find("[0-9]+")')).toBe('123');
    expect(run('ip("::1").isLoopback()')).toBe(true);
    expect(run('cidr("10.0.0.0/8").containsIP("10.1.2.3")')).toBe(true);
    expect(run('url("https://a.b:8080/p?q=1").getPort()')).toBe('8080');
    expect(run('semver("1.2.3").isLessThan(semver("1.10.0"))')).toBe(true);
    expect(run('[JSONPatch{op: "remove", path: "/metadata/labels/" + jsonpatch.escapeKey("a/b~c")}]', {}, CelEnvironment.MUTATION_JSON_PATCH))
      .toEqual([{ op: 'remove', path: '/metadata/labels/a~1b~0c' }]);
  });

  it('builds Object{...} and JSONPatch{...} literals in mutations', () => {
    expect(run('Object{spec: Object.spec{replicas: 3}}', {}, CelEnvironment.MUTATION_APPLY_CONFIGURATION)).toEqual({ spec: { replicas: 3 } });
    expect(run('[JSONPatch{op: "add", path: "/metadata/labels/x", value: "y"}]', {}, CelEnvironment.MUTATION_JSON_PATCH))
      .toEqual([{ op: 'add', path: '/metadata/labels/x', value: 'y' }]);
  });

  it('asks the given authorizer', () => {
    const seen: unknown[] = [];
    const authorizer: ICelAuthorizer = {
      authorize: (r) => {
        seen.push(r);
        return { decision: r.verb === 'get' ? 'allowed' : 'denied', reason: 'test' };
      },
    };
    const p = CelProgram.compile("authorizer.group('apps').resource('deployments').namespace('prod').check('get').allowed()", VAR);
    expect(p.evaluate({}, { authorizer })).toBe(true);
    expect(seen).toEqual([{ group: 'apps', resource: 'deployments', namespace: 'prod', verb: 'get' }]);
  });
});

describe('CelProgram: DRA device selectors (k8s.io/dynamic-resource-allocation/cel)', () => {
  const DRA = CelEnvironment.DRA_DEVICE_SELECTOR;
  // a ResourceSlice device as the API writes it
  const device = {
    driver: 'gpu.example.com',
    attributes: {
      'model': { string: 'A100' },
      'gpu.example.com/cores': { int: 6912 },
      'driverVersion': { version: '535.104.5' },
      'topology.example.com/numa': { int: 1 },
    },
    capacity: { memory: { value: '80Gi' } },
  };

  it('groups attributes and capacity by domain, unwraps values, and compares capacity as quantities', () => {
    expect(run("device.attributes['gpu.example.com'].model == 'A100' && device.attributes['gpu.example.com'].cores > 5000", { device }, DRA)).toBe(true);
    expect(run("device.attributes['topology.example.com'].numa == 1", { device }, DRA)).toBe(true);
    expect(run("device.attributes['gpu.example.com'].driverVersion.isGreaterThan(semver('530.0.0'))", { device }, DRA)).toBe(true);
    expect(run("device.capacity['gpu.example.com'].memory.compareTo(quantity('40Gi')) > 0", { device }, DRA)).toBe(true);
    expect(run("cel.bind(m, device.capacity['gpu.example.com'].memory, m.isGreaterThan(quantity('79Gi')))", { device }, DRA)).toBe(true);
  });

  it('fails when a selector reads an attribute the device does not have', () => {
    expect(err("device.attributes['gpu.example.com'].memoryBandwidth > 1", { device }, DRA)).toBe('no such key: memoryBandwidth');
  });
});

describe('CelProgram: compile and cost', () => {
  it('fails when the expression does not compile, with checkCel\'s message', () => {
    expect(() => CelProgram.compile('object.spec.replicas +', VAR)).toThrow(/cel\/syntax/);
  });

  it('counts the cost of an evaluation and applies a given limit', () => {
    const p = CelProgram.compile('lists.range(100).all(i, i >= 0)', VAR);
    expect(p.evaluate({})).toBe(true);
    expect(p.cost).toBeGreaterThanOrEqual(100);
    const small = CelProgram.compile('lists.range(100).all(i, i >= 0)', VAR, { costLimit: 50 });
    expect(() => small.evaluate({})).toThrow('operation cancelled: actual cost limit exceeded');
  });

  it('fails with an Error that is a CelEvaluationError and names the expression', () => {
    try {
      CelProgram.compile('1 / 0 == 1', VAR).evaluate({});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toBeInstanceOf(CelEvaluationError);
      expect((e as CelEvaluationError).expression).toBe('1 / 0 == 1');
      expect(String(e)).toBe('CelEvaluationError: division by zero');
    }
  });

  it('fails when the runtime cost limit is exceeded', () => {
    const p = CelProgram.compile('lists.range(1000).all(i, lists.range(1000).all(j, i + j >= 0))', VAR);
    expect(() => p.evaluate({})).toThrow('operation cancelled: actual cost limit exceeded');
  });
});

describe('CelProgram.check', () => {
  it('is checkCel as a static method (reaches the jsii languages), refusing cel.bind outside DRA', () => {
    const r = CelProgram.check("cel.bind(n, object.metadata.name, n != '')", CelEnvironment.ADMISSION_MATCH_CONDITION);
    expect(r).toEqual(checkCel("cel.bind(n, object.metadata.name, n != '')", CelEnvironment.ADMISSION_MATCH_CONDITION));
    expect(r.ok).toBe(false);
    expect(r.problems[0].message).toBe("undeclared function 'cel.bind' in admission matchConditions");
    expect(CelProgram.check('1 + 1', CelEnvironment.DRA_DEVICE_SELECTOR).problems.map((p) => p.checkId)).toEqual(['cel/result-type']);
  });
});
