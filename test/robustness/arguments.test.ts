/**
 * Every public entry point (constructor, static factory, method, and the free function
 * checkCel) checks its arguments at run time, as plain JavaScript callers and the jsii
 * languages need: a wrong type, a missing required value or an unknown key is a
 * HaruValidationError naming the construct path or the function and the field, never a
 * TypeError from inside or a key silently dropped.
 */
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as api from '../../lib';
import { API_SCHEMA } from '../../lib/base/api-schema.generated';
import { HaruValidationError } from '../../lib/base/errors';

const RUNS = Number(process.env.ROBUST_RUNS ?? 200);
const lib = api as unknown as Record<string, any>;

/** Values that are certainly not of `type`. */
function wrongValues(type: string): unknown[] {
  const kind = type[0];
  const all: unknown[] = [42, -1.5, NaN, Infinity, 'text', 'key=value', true, [], [1, 'a'], {}, { bogus: 1 }, () => 1, new Date(0)];
  switch (kind) {
    case 's': return all.filter((v) => typeof v !== 'string');
    case 'n': return [NaN, Infinity, '42', true, [], {}, null === null ? 'x' : 0];
    case 'b': return ['true', 1, 0, [], {}];
    case 'd': return ['2020-01-01', 0, {}, new Date(NaN)];
    case 'j': case 'O': case 'I': return [42, 'text', true];
    case 'E': return ['not-a-member', 42, true, {}, []];
    case 'C': return [42, 'text', {}, { of: 1 }, []];
    case 'X': return [42, 'text', {}, []];
    case 'L': return [42, 'text', true, {}, { length: 1, 0: 'x' }];
    case 'M': return [42, 'text', true, [], ['a']];
    case 'S': return [42, 'text', 'key=value', true, [], () => 1];
    default: return [];
  }
}

interface Call {
  readonly entry: string;
  readonly invoke: (args: unknown[]) => unknown;
  readonly params: ReadonlyArray<readonly [string, string, number]>;
}

function scope(): Chart {
  return new Chart(Testing.app(), 'c');
}

/** Every entry point of the assembly, with a way to call it with any arguments. */
function calls(): Call[] {
  const out: Call[] = [];
  for (const [entry, params] of Object.entries(API_SCHEMA.entries)) {
    const [cls, sep, method] = /^(\w+)([.#])(\w+)$/.exec(entry)!.slice(1);
    const C = lib[cls];
    if (typeof C !== 'function') throw new Error(`${cls} is in the assembly but not exported`);
    if (method === 'constructor') {
      out.push({ entry, params, invoke: (args) => new C(...args) });
    } else if (sep === '.') {
      out.push({ entry, params, invoke: (args) => C[method](...args) });
    } else {
      // The check runs before the method body, so a bare instance of the class is enough.
      out.push({ entry, params, invoke: (args) => C.prototype[method].apply(Object.create(C.prototype), args) });
    }
  }
  return out;
}

/** Arguments that are right for the leading construct parameters and absent otherwise. */
function baseArgs(params: ReadonlyArray<readonly [string, string, number]>): unknown[] {
  return params.map(([name, type]) => (type === 'X:Construct' || type === 'I:IConstruct' ? scope() : name === 'id' && type === 's' ? 'x' : undefined));
}

function refusal(f: () => unknown): HaruValidationError {
  try {
    f();
  } catch (e) {
    if (e instanceof HaruValidationError) return e;
    throw new Error(`expected a HaruValidationError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
  throw new Error('expected a HaruValidationError, nothing was thrown');
}

const ALL = calls();
const WITH_PARAMS = ALL.filter((c) => c.params.some(([, t]) => t !== 'a'));

describe('run-time argument checks', () => {
  it('cover every class, constructor and method of the assembly', () => {
    expect(ALL.length).toBeGreaterThan(100);
    // Every method of the generated schema exists and is wrapped (the schema is not stale;
    // the build's `gen-api-schema --check` catches methods added since).
    for (const entry of Object.keys(API_SCHEMA.entries)) {
      const [cls, sep, method] = /^(\w+)([.#])(\w+)$/.exec(entry)!.slice(1);
      if (method === 'constructor') continue;
      const fn = sep === '.' ? lib[cls][method] : lib[cls].prototype[method];
      expect(typeof fn, entry).toBe('function');
      expect(fn[Symbol.for('cdk8s-haru.argumentsChecked')], entry).toBe(true);
    }
  });

  it('refuse a wrong type in any parameter of any entry point with a HaruValidationError naming the field', () => {
    const cases = WITH_PARAMS.flatMap((c) => c.params.map((p, i) => ({ c, i, p })).filter(({ p }) => wrongValues(p[1]).length > 0));
    fc.assert(fc.property(fc.constantFrom(...cases), fc.nat(), ({ c, i, p }, pick) => {
      const bad = wrongValues(p[1]);
      const value = bad[pick % bad.length];
      const args = baseArgs(c.params);
      args[i] = value;
      const e = refusal(() => c.invoke(args));
      const isProps = c.entry.endsWith('.constructor') && i === c.params.length - 1 && p[1].startsWith('S:');
      const named = e.violations.filter((v) => (isProps ? true : v.field.includes(p[0])) && v.checkId.startsWith('api/'));
      expect(named.length, `${c.entry}(${p[0]} = ${String(value)}): ${e.message}`).toBeGreaterThan(0);
      expect(e.message).not.toMatch(/TypeError|RangeError|undefined is not|not iterable/);
    }), { numRuns: Math.max(RUNS, cases.length * 2), seed: 25 });
  });

  it('refuse an unknown key in any props struct, naming the key and the close match', () => {
    const cases: Array<{ c: Call; i: number; struct: string }> = [];
    for (const c of ALL) c.params.forEach(([, t], i) => { if (t.startsWith('S:')) cases.push({ c, i, struct: t.slice(2) }); });
    expect(cases.length).toBeGreaterThan(30);
    fc.assert(fc.property(fc.constantFrom(...cases), fc.string({ minLength: 1, maxLength: 12 }), ({ c, i, struct }, key) => {
      const props = API_SCHEMA.structs[struct].props;
      fc.pre(!(key in props) && !['__proto__', 'constructor'].includes(key));
      const args = baseArgs(c.params);
      args[i] = { [key]: 1 };
      const e = refusal(() => c.invoke(args));
      expect(e.violations.some((v) => v.checkId === 'api/unknown-field' && v.got === JSON.stringify(key) && v.fix !== undefined), e.message).toBe(true);
    }), { numRuns: Math.max(RUNS, cases.length * 2), seed: 27 });
  });

  it('name the camelCase field when a Python snake_case key arrives inside a list', () => {
    const e = refusal(() => new api.HardenedPod(scope(), 'pod', { containers: [{ image: 'x:1', writable_paths: ['/tmp'] } as any] }));
    expect(e.message).toBe('[c/pod] invalid input:\n  - [api/unknown-field] containers[0].writable_paths: is not a field of HardenedContainerProps (got "writable_paths"; allowed: args, capabilities, command, env, envFrom, image, imagePullPolicy, liveness, name, ports, privileged, readiness, ...). Did you mean "writablePaths"? Inside lists and maps the fields keep their camelCase names in every language.');
  });
});

describe('plain JavaScript callers get a HaruValidationError, not a TypeError', () => {
  it('fails when HardenedPod containers is a number', () => {
    expect(() => new api.HardenedPod(scope(), 'pod', { containers: 42 as any })).toThrow('[c/pod] invalid input:\n  - [api/wrong-type] containers: must be a list of objects (HardenedContainerProps) (got 42 (number); allowed: a list of objects (HardenedContainerProps)). Pass a list of objects (HardenedContainerProps).');
  });

  it('fails when a MutatingPolicy objectSelector is a selector string', () => {
    const e = refusal(() => new api.MutatingPolicy(scope(), 'inject', {
      rules: [api.ResourceRule.pods()],
      mutations: [api.Mutation.addLabels({ a: 'b' })],
      objectSelector: 'sidecar-injection=enabled' as any,
    }));
    expect(e.message).toContain('[api/wrong-type] objectSelector: must be an object (PolicyLabelSelector) (got "sidecar-injection=enabled" (string);');
    expect(e.message).toContain('Pass a label selector object, e.g. { matchLabels: { key: "value" } }; a selector string such as "key=value" is not parsed.');
  });

  it('fails when AdmissionEngine policies is a number', () => {
    expect(() => new api.AdmissionEngine({ policies: 5 } as any)).toThrow('[new AdmissionEngine()] invalid input:\n  - [api/wrong-type] policies: must be a list (got 5 (number)');
  });

  it('fails when checkCel gets an unknown environment', () => {
    expect(() => api.checkCel('true', 'nope' as any)).toThrow('[checkCel] invalid input:\n  - [api/wrong-type] env: must be a value of CelEnvironment (got "nope";');
  });

  it('fails when an enum member name is passed instead of its value, and says so', () => {
    expect(() => new api.GpuTimeSliceClaim(scope(), 'gpu', { claimScope: 'SHARED' as any })).toThrow('Use GpuClaimScope.SHARED (its value is "Shared", not the member name).');
  });

  it('accepts null for an optional value as if it were absent', () => {
    expect(() => new api.HardenedPod(scope(), 'pod', { containers: [{ image: 'x:1', command: null as any }] })).not.toThrow();
  });
});

describe('props fields renamed to their Kubernetes names', () => {
  it('fails when an old name is used, and names the new one', () => {
    const tol = refusal(() => new api.HardenedPod(scope(), 'pod', { containers: [{ image: 'x:1' }], tolerations: [{ key: 'k', tolerationOperator: api.TolerationOperator.EXISTS } as any] }));
    expect(tol.message).toContain('[api/unknown-field] tolerations[0].tolerationOperator: is not a field of Toleration (got "tolerationOperator";');
    expect(tol.message).toContain('Did you mean "operator"?');
    const ns = refusal(() => api.ParamRef.byName('p', { namespaceName: 'team' } as any));
    expect(ns.message).toContain('Did you mean "namespace"?');
  });
});
