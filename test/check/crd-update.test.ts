/**
 * Custom resource UPDATEs as apiextensions-apiserver v0.36 validates them: transition rules
 * (pkg/apiserver/schema/cel/validation.go), ratcheting (pkg/apiserver/validation/ratcheting.go,
 * apiserver pkg/cel/common/equality.go), optionalOldSelf; the upstream test tables are in
 * crd-update.cases.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  CHECK_FOR_NULL_CASES, KNOWN_DIFFERENCES, NOT_TRANSLATED, OPTIONAL_OLD_SELF_CASES, OPTIONAL_TYPE_CASES, RATCHETING_CEL_CASES,
  SCHEMA_RATCHETING_CASES, TRANSITION_CASES, UpdateCase,
} from './crd-update.cases';
import { CustomResourceValidator } from '../../lib';
import type { Violation } from '../../lib/base/errors';
import { CelEnvironment } from '../../lib/cel';
import { CelProgram } from '../../lib/cel/program';
import { usesOldSelf } from '../../lib/cel/transition';
import { severityOf } from '../../lib/check/catalog';
import { CrdSet } from '../../lib/check/crd';
import { checkCustomResourceUpdate, checkValueUpdate, CorrelatedObject } from '../../lib/check/crd-update';
import { checkObject } from '../../lib/check/registry';

/** Our field path in upstream's form (field.NewPath("root")). */
function upstreamPath(field: string): string {
  if (field === '') return 'root';
  return field.startsWith('[') ? `root${field}` : `root.${field}`;
}

interface Outcome {
  readonly errors: string[];
  readonly warnings: string[];
}

/**
 * Our findings for a case, in upstream's units: validation_test.go runs the CEL validator alone,
 * so the schema step's unknown-field findings are not part of it; a rule that does not compile
 * is one error upstream ("rule compile error: ..."), one finding per problem here.
 */
function outcome(c: UpdateCase): Outcome {
  const celOnly = c.source.startsWith('validation_test.go');
  const seen = new Set<string>();
  const vs: Violation[] = checkValueUpdate(c.obj, c.old, c.schema).filter((v) => {
    if (celOnly && v.checkId === 'crd/unknown-field') return false;
    if (!v.checkId.startsWith('cel/')) return true;
    const key = `${v.field}\u0000${v.got}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const render = (v: Violation): string => `${upstreamPath(v.field)}: ${v.problem}`;
  return {
    errors: vs.filter((v) => severityOf(v.checkId) === 'error').map(render),
    warnings: vs.filter((v) => severityOf(v.checkId) === 'warning').map(render),
  };
}

/**
 * Whether one of ours matches an upstream error string: the same field path and the
 * message text; upstream strings without a path (compile errors, "failed rule") are matched
 * by the outcome (an error exists), since compile-error wording is the checker's own.
 */
function matches(expected: string, ours: readonly string[]): boolean {
  const m = /^(root[^\s:]*): (?:Invalid value: )?(?:("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?): )?(.*)$/.exec(expected);
  if (!m) return ours.length > 0 && (expected !== 'failed rule' || ours.some((o) => o.includes('failed rule')));
  const [, field, , message] = m;
  return ours.some((o) => o.startsWith(`${field}: `) && o.includes(message));
}

function agrees(c: UpdateCase): boolean {
  const o = outcome(c);
  const errors = c.errors ?? [];
  const warnings = c.warnings ?? [];
  if (o.errors.length !== errors.length || o.warnings.length !== warnings.length) return false;
  return errors.every((e) => e === 'invalid' || matches(e, o.errors)) && warnings.every((w) => matches(w, o.warnings));
}

const TABLES: Array<[string, UpdateCase[]]> = [
  ['transition rules (TestValidationExpressions)', TRANSITION_CASES],
  ['CEL ratcheting (TestRatcheting)', RATCHETING_CEL_CASES],
  ['optionalOldSelf (TestOptionalOldSelf)', OPTIONAL_OLD_SELF_CASES],
  ['optionalOldSelf and null (TestOptionalOldSelfCheckForNull)', CHECK_FOR_NULL_CASES],
  ['optionalOldSelf is an optional (TestOptionalOldSelfIsOptionalType)', OPTIONAL_TYPE_CASES],
  ['schema ratcheting (ratcheting_test.go)', SCHEMA_RATCHETING_CASES],
];

for (const [title, cases] of TABLES) {
  describe(title, () => {
    for (const c of cases) {
      const diff = KNOWN_DIFFERENCES[c.name];
      if (diff) {
        it(`differs from upstream on "${c.name}" (${diff})`, () => {
          expect(agrees(c)).toBe(false);
        });
      } else {
        it(`agrees with upstream on "${c.name}"`, () => {
          const o = outcome(c);
          expect({ agrees: agrees(c), ...o }).toEqual({ agrees: true, ...o });
        });
      }
    }
  });
}

describe('agreement with the upstream tables', () => {
  it('agrees on every translated case but the listed differences', () => {
    const all = TABLES.flatMap(([, cases]) => cases);
    const agreeing = all.filter(agrees).length;
    expect({ agreeing, total: all.length, differences: Object.keys(KNOWN_DIFFERENCES).length, notTranslated: NOT_TRANSLATED.length })
      .toEqual({ agreeing: all.length - Object.keys(KNOWN_DIFFERENCES).length, total: 68, differences: 0, notTranslated: 1 });
  });
});

describe('usesOldSelf (compilation.go UsesOldSelf)', () => {
  const cases: Array<[string, boolean]> = [
    ['self == oldSelf', true], ['oldSelf.hasValue()', true], ["self.x == 'oldSelf'", false], ['self.oldSelf == 1', false],
    ['self.all(oldSelf, oldSelf > 0)', false], ['self.all(x, x > oldSelf)', true], ['cel.bind(oldSelf, 1, oldSelf > 0)', false],
    ['cel.bind(y, oldSelf, y > 0)', true], ['oldSelf ==', false],
  ];
  for (const [rule, uses] of cases) {
    it(`${JSON.stringify(rule)} ${uses ? 'uses' : 'does not use'} oldSelf`, () => expect(usesOldSelf(rule)).toBe(uses));
  }
});

describe('CorrelatedObject (equality.go)', () => {
  const mapList = { 'type': 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], 'items': { type: 'object', properties: { k: { type: 'string' }, v: { type: 'integer' } } } };
  it('correlates map-list items by key, whatever their order', () => {
    const c = new CorrelatedObject([{ k: 'a', v: 1 }, { k: 'b', v: 2 }], [{ k: 'b', v: 2 }, { k: 'a', v: 1 }], mapList);
    expect(c.index(0)?.oldValue).toEqual({ k: 'b', v: 2 });
    expect(c.cachedDeepEqual()).toBe(true);
  });
  it('does not correlate items of an atomic list, but compares the list as a unit', () => {
    const s = { type: 'array', items: { type: 'string' } };
    expect(new CorrelatedObject(['a'], ['a'], s).index(0)).toBeUndefined();
    expect(new CorrelatedObject(['a'], ['a'], s).cachedDeepEqual()).toBe(true);
    expect(new CorrelatedObject(['a'], ['b'], s).cachedDeepEqual()).toBe(false);
  });
  it('treats a field present on one side only as changed', () => {
    const s = { type: 'object', properties: { a: { type: 'string' } } };
    expect(new CorrelatedObject({ a: 'x' }, {}, s).cachedDeepEqual()).toBe(false);
    expect(new CorrelatedObject({ a: 'x' }, {}, s).key('a')).toBeUndefined();
  });
});

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [{
      name: 'v1',
      served: true,
      storage: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                replicas: { 'type': 'integer', 'maximum': 10, 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'replicas may not decrease' }] },
                name: { 'type': 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'name is immutable' }] },
                size: { 'type': 'string', 'x-kubernetes-validations': [{ rule: "self != 'huge'", message: 'huge is no longer offered' }] },
                tags: { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'string' } },
              },
            },
          },
        },
      },
    }],
  },
};
const widget = (spec: Record<string, unknown>): any => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, spec });

describe('checkCustomResourceUpdate on a whole custom resource', () => {
  const crds = new CrdSet();
  crds.add(CRD);
  const version = crds.lookup('example.com/v1', 'Widget')!;

  it('runs transition rules on update and not on create', () => {
    expect(checkCustomResourceUpdate(widget({ replicas: 2 }), widget({ replicas: 3 }), version).map((v) => `${v.field}: ${v.problem}`))
      .toEqual(['spec.replicas: replicas may not decrease']);
    expect(checkObject(widget({ replicas: 2 }), { crds }).filter((v) => v.checkId.startsWith('crd/'))).toEqual([]);
  });

  it('skips a transition rule whose old value is absent', () => {
    expect(checkCustomResourceUpdate(widget({ name: 'b' }), widget({}), version)).toEqual([]);
  });

  it('fails when an immutable field changes', () => {
    const out = checkCustomResourceUpdate(widget({ name: 'b' }), widget({ name: 'a' }), version);
    expect(out.map((v) => [v.checkId, v.field, v.problem])).toEqual([['crd/rule', 'spec.name', 'name is immutable']]);
  });

  it('ratchets a schema error of an unchanged value, not of a changed one', () => {
    expect(checkCustomResourceUpdate(widget({ replicas: 12 }), widget({ replicas: 12 }), version)).toEqual([]);
    expect(checkCustomResourceUpdate(widget({ replicas: 13 }), widget({ replicas: 12 }), version).map((v) => v.checkId)).toEqual(['crd/bounds']);
  });

  it('turns a failed rule on an unchanged value into a warning', () => {
    const out = checkCustomResourceUpdate(widget({ size: 'huge', replicas: 1 }), widget({ size: 'huge', replicas: 0 }), version);
    expect(out.map((v) => [v.checkId, severityOf(v.checkId), v.field])).toEqual([['crd/rule-ratcheted', 'warning', 'spec.size']]);
    expect(out[0].problem).toContain('huge is no longer offered');
  });

  it('checks set duplicates only when the stored object has none', () => {
    expect(checkCustomResourceUpdate(widget({ tags: ['a', 'a', 'b'] }), widget({ tags: ['a', 'a'] }), version)).toEqual([]);
    expect(checkCustomResourceUpdate(widget({ tags: ['a', 'a'] }), widget({ tags: ['a'] }), version).map((v) => v.checkId)).toEqual(['crd/duplicate']);
  });

  it('is what checkObject runs when given the stored object', () => {
    expect(checkObject(widget({ replicas: 2 }), { crds, old: widget({ replicas: 3 }) }).filter((v) => v.checkId === 'crd/rule')).toHaveLength(1);
  });
});

describe('CelProgram with optionalOldSelf', () => {
  const p = CelProgram.compile('self >= 10 || (oldSelf.hasValue() && oldSelf.value() <= self)', CelEnvironment.CRD_VALIDATION_RULE, { selfSchema: { type: 'integer' }, optionalOldSelf: true });
  it('passes oldSelf as optional.none() when none is given (a create)', () => expect(p.evaluate({ self: 9 })).toBe(false));
  it('passes oldSelf as optional.of(old) when given', () => expect(p.evaluate({ self: 9, oldSelf: 5 })).toBe(true));
  it('fails to compile when oldSelf is used as a plain value', () => {
    expect(() => CelProgram.compile('oldSelf + self > 5', CelEnvironment.CRD_VALIDATION_RULE, { selfSchema: { type: 'integer' }, optionalOldSelf: true }))
      .toThrow(/optional_type\(int\)/);
  });
});

describe('Gateway API v1.6.1 GatewayClass (a real CRD with a transition rule)', () => {
  const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'crds', 'gateway-api-gatewayclass-v1.6.1.yaml'), 'utf-8');
  const validator = CustomResourceValidator.fromYaml(text);
  // the published example: gateway-api v1.6.1 examples/standard/basic-http.yaml
  const example = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: 'example' },
    spec: { controllerName: 'acme.io/gateway-controller', parametersRef: { name: 'example', group: 'acme.io', kind: 'Parameters' } },
  };
  const withSpec = (spec: Record<string, unknown>): any => ({ ...example, spec: { ...example.spec, ...spec } });

  it('accepts the CRD itself (its oldSelf rule sits on a correlatable field)', () => {
    expect(checkObject(parseAllDocuments(text).map((d) => d.toJSON())[0]).filter((v) => v.checkId.startsWith('crd/'))).toEqual([]);
  });
  it('accepts the published example on create', () => expect(validator.validate(example)).toEqual([]));
  it('accepts an update that keeps controllerName', () => {
    expect(validator.validateUpdate(withSpec({ description: 'shared' }), example)).toEqual([]);
  });
  it('fails when an update changes the immutable controllerName', () => {
    const out = validator.validateUpdate(withSpec({ controllerName: 'other.io/controller' }), example);
    expect(out.map((v) => `${v.checkId} ${v.field}: ${v.problem}`)).toEqual(['crd/rule spec.controllerName: Value is immutable']);
  });
});
