/**
 * Function-per-environment probes: one call of every overload and macro of the table in
 * every environment, compiled, and compared with what each 1.36 environment offers
 * (apiserver v0.36.0 pkg/cel/environment/base.go: the base set everywhere;
 * pkg/admission/plugin/cel/compile.go: `authorizer` in admission expressions and the
 * JSONPatch library in mutations; dynamic-resource-allocation/cel/compile.go: ext.Bindings
 * in DRA selectors).
 */
import { describe, expect, it } from 'vitest';
import { CelType } from '../../lib/cel/celtypes';
import { checkCelUncached } from '../../lib/cel/check';
import { LIBRARIES, parseType } from '../../lib/cel/library';
import { CelEnvironment } from '../../lib/cel/types';

const ALL = Object.values(CelEnvironment);
const ADMISSION = [
  CelEnvironment.ADMISSION_MATCH_CONDITION, CelEnvironment.ADMISSION_VARIABLE,
  CelEnvironment.MUTATION_APPLY_CONFIGURATION, CelEnvironment.MUTATION_JSON_PATCH,
];
const MUTATION = [CelEnvironment.MUTATION_APPLY_CONFIGURATION, CelEnvironment.MUTATION_JSON_PATCH];

/** Where upstream offers a function, by the name it is called with. */
function upstreamEnvs(name: string, receiver: string | undefined): readonly CelEnvironment[] {
  if (name === 'jsonpatch.escapeKey') return MUTATION;
  if (name === 'cel.bind') return [CelEnvironment.DRA_DEVICE_SELECTOR];
  // the authz library is in the base set, but only admission expressions declare `authorizer`
  if (receiver && /^(Authorizer|PathCheck|GroupCheck|ResourceCheck|Decision)$/.test(receiver)) return ADMISSION;
  return ALL;
}

const LIBRARY_SAMPLES: Record<string, string> = {
  Quantity: "quantity('1')",
  URL: "url('https://example.com')",
  IP: "ip('::1')",
  CIDR: "cidr('::1/128')",
  Semver: "semver('1.0.0')",
  Format: 'format.uuid()',
  Authorizer: 'authorizer',
  PathCheck: "authorizer.path('/healthz')",
  GroupCheck: "authorizer.group('')",
  ResourceCheck: "authorizer.group('').resource('pods')",
  Decision: "authorizer.path('/healthz').check('get')",
};

/** A CEL expression of type `t`. */
function sample(t: CelType): string {
  switch (t.k) {
    case 'int': return '1';
    case 'uint': return '1u';
    case 'double': return '1.5';
    case 'string': return "'a'";
    case 'bytes': return "b'a'";
    case 'bool': return 'true';
    case 'null': return 'null';
    case 'timestamp': return "timestamp('2026-01-01T00:00:00Z')";
    case 'duration': return "duration('1s')";
    case 'type': return 'int';
    case 'dyn': return 'dyn(1)';
    case 'param': return '1';
    case 'list': return `[${sample(t.elem)}]`;
    case 'map': return `{${sample(t.key)}: ${sample(t.val)}}`;
    case 'opt': return `optional.of(${sample(t.inner)})`;
    case 'opaque': return LIBRARY_SAMPLES[t.name];
    default: throw new Error(`no sample for ${t.k}`);
  }
}

interface Probe {
  readonly name: string;
  readonly expression: string;
  readonly envs: readonly CelEnvironment[];
}

function probes(): Probe[] {
  const out: Probe[] = [];
  for (const lib of LIBRARIES) {
    for (const sig of lib.overloads) {
      const m = /^(.*?)\((.*)\)\s*->/.exec(sig)!;
      const head = m[1];
      const args = m[2].trim() ? m[2].split(/,(?![^<]*>)/).map((a) => sample(parseType(a))) : [];
      const dot = head.lastIndexOf('.');
      const recvText = dot > 0 ? head.slice(0, dot) : undefined;
      const namespaced = recvText !== undefined && /^[a-z]+$/.test(recvText) && !['string', 'bytes', 'timestamp', 'duration', 'int', 'uint', 'double', 'bool'].includes(recvText);
      const name = namespaced || !recvText ? head : head.slice(dot + 1);
      let expression: string;
      if (recvText && !namespaced) {
        const recv = head === 'string.format' ? "'%s'" : sample(parseType(recvText));
        expression = `${recv}.${name}(${args.join(', ')})`;
      } else if (head === 'duration' && m[2] === 'string') {
        expression = "duration('1s')"; // literal arguments are validated
      } else if (head === 'timestamp' && m[2] === 'string') {
        expression = "timestamp('2026-01-01T00:00:00Z')";
      } else {
        expression = `${head}(${args.join(', ')})`;
      }
      out.push({ name: sig, expression, envs: upstreamEnvs(name, namespaced ? undefined : recvText) });
    }
  }
  const macros: Record<string, string> = {
    'has': "has({'a': 1}.a)",
    'all': '[1].all(x, x > 0)',
    'exists': '[1].exists(x, x > 0)',
    'exists_one': '[1].exists_one(x, x > 0)',
    'existsOne': '[1].existsOne(x, x > 0)',
    'map': '[1].map(x, x + 1)',
    'filter': '[1].filter(x, x > 0)',
    'transformList': '[1].transformList(i, v, v + i)',
    'transformMap': "{'a': 1}.transformMap(k, v, v + 1)",
    'transformMapEntry': "{'a': 1}.transformMapEntry(k, v, {k: v + 1})",
    'sortBy': '[2, 1].sortBy(x, x)',
    'optMap': 'optional.of(1).optMap(x, x + 1)',
    'optFlatMap': 'optional.of(1).optFlatMap(x, optional.of(x + 1))',
    'cel.bind': 'cel.bind(x, 1, x + 1)',
  };
  for (const lib of LIBRARIES) {
    for (const [name] of lib.macros ?? []) {
      if (!out.some((p) => p.name === `macro ${name}`)) out.push({ name: `macro ${name}`, expression: macros[name], envs: upstreamEnvs(name, undefined) });
    }
  }
  // cel-go extensions Kubernetes does not enable
  for (const e of ['math.greatest(1, 2)', "base64.encode(b'a')", "'abc'.reverse()", 'cel.block([1], 1)', "strings.reverse('a')", "'a'.quote()"]) {
    out.push({ name: `not enabled: ${e}`, expression: e, envs: [] });
  }
  return out;
}

describe('function-per-environment probes', () => {
  const all = probes();

  it('probes every overload and macro of the table', () => {
    const overloads = LIBRARIES.reduce((n, l) => n + l.overloads.length, 0);
    expect(all.length).toBeGreaterThanOrEqual(overloads + 14);
  });

  it.each(ALL.map((e) => [e]))('answers as 1.36 does in %s', (env) => {
    const wrong: string[] = [];
    for (const p of all) {
      const r = checkCelUncached(p.expression, env, {}, { anyResult: true });
      const want = p.envs.includes(env);
      // availability only: in DRA selectors `['a'].join()` and the like are declared but over the cost
      // limit, as upstream estimates them (library/cost.go listElementNode gives literal items no size)
      const ok = r.ok || r.problems.every((x) => x.checkId === 'cel/cost');
      if (ok !== want) wrong.push(`${p.name}: ${p.expression} ${want ? 'refused' : 'accepted'}${r.ok ? '' : ` (${r.problems[0].message})`}`);
    }
    expect(wrong).toEqual([]);
  });
});
