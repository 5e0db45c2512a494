/**
 * The static cost estimator (lib/cel/estimate.ts) against apiextensions-apiserver v0.36.0
 * pkg/apiserver/schema/cel/compilation_test.go TestCostEstimation: every case, with the schema
 * generators translated to JSON schemas, the "calc" variant (no maxItems/maxLength/maxProperties)
 * and the "set" variant (with them), and upstream's expected MaxCost. As upstream's schemaChecker
 * does, an expected cost of 0 is not compared and `exceeds` only asks for more than the limit.
 */
import { describe, expect, it } from 'vitest';
import { estimateCelCost } from '../../lib/cel/check';
import { CelEnvironment } from '../../lib/cel/types';

type Gen = (max?: number) => any;
const COST_LIMIT = 100_000_000; // compilation_test.go costLimit

function ruleType(t: string): any {
  if (t === 'duration' || t === 'date' || t === 'date-time') return { type: 'string', format: t };
  if (t === 'int-or-string') return { 'x-kubernetes-int-or-string': true };
  return { type: t };
}
const m = (k: string, v?: number): any => (v === undefined ? {} : { [k]: v });
const rule = (s: any, r: string): any => ({ ...s, 'x-kubernetes-validations': [{ rule: r }] });
const genArrayWithRule = (t: string, r: string): Gen => (max) => rule({ type: 'array', items: ruleType(t), ...m('maxItems', max) }, r);
const genArrayOfArraysWithRule = (t: string, r: string): Gen => (max) => rule({ type: 'array', items: { type: 'array', items: { type: t } }, ...m('maxItems', max) }, r);
const objReqOpt = { type: 'object', properties: { required: { type: 'string' }, optional: { type: 'string' } }, required: ['required'] };
const genObjectArrayWithRule = (r: string): Gen => (max) => rule({ type: 'array', items: objReqOpt, ...m('maxItems', max) }, r);
const getMapArrayWithRule = (t: string, r: string): Gen => (max) => rule({ type: 'array', items: { type: 'object', additionalProperties: { type: t } }, ...m('maxItems', max) }, r);
const genMapWithRule = (t: string, r: string): Gen => (max) => rule({ type: 'object', additionalProperties: ruleType(t), ...m('maxProperties', max) }, r);
const genStringWithRule = (r: string): Gen => (max) => rule({ type: 'string', ...m('maxLength', max) }, r);
const genEnumWithRuleAndValues = (r: string, ...values: string[]): Gen => (max) => rule({ type: 'string', enum: values, ...m('maxLength', max) }, r);
const genBytesWithRule = (r: string): Gen => (max) => rule({ type: 'string', format: 'byte', ...m('maxLength', max) }, r);
const genNestedSpecWithRule = (r: string): Gen => (max) => rule({ type: 'object', additionalProperties: { type: 'string', ...m('maxLength', max) }, ...m('maxProperties', max) }, r);
const genAllMaxNestedSpecWithRootRule = (r: string): Gen => (max) => rule({
  type: 'array',
  items: { type: 'object', additionalProperties: { ...objReqOpt, ...m('maxProperties', max) }, ...m('maxProperties', max) },
  ...m('maxItems', max),
}, r);
const genOneMaxNestedSpecWithRootRule = (r: string): Gen => (max) => rule({
  type: 'array', items: { type: 'object', additionalProperties: objReqOpt, ...m('maxProperties', max) },
}, r);
const genObjectForMap = objReqOpt;
const genArrayForMap = { type: 'array', items: { type: 'number' } };
const genMapForMap = { type: 'object', additionalProperties: { type: 'number' } };
const genMapWithCustomItemRule = (item: any, r: string): Gen => (max) => rule({ type: 'object', additionalProperties: item, ...m('maxProperties', max) }, r);

interface Case { name: string; gen: Gen; setMax: number; calc?: number; calcExceeds?: boolean; set?: number; setExceeds?: boolean }
const cases: Case[] = [
  { name: 'number array with all', gen: genArrayWithRule('number', 'self.all(x, true)'), calc: 4718591, setMax: 10, set: 32 },
  { name: 'string array with all', gen: genArrayWithRule('string', 'self.all(x, true)'), calc: 3145727, setMax: 20, set: 62 },
  { name: 'boolean array with all', gen: genArrayWithRule('boolean', 'self.all(x, true)'), calc: 1887437, setMax: 5, set: 17 },
  { name: 'array of number arrays with all', gen: genArrayOfArraysWithRule('number', 'self.all(x, true)'), calc: 3145727, setMax: 100, set: 302 },
  { name: 'array of objects with all', gen: genObjectArrayWithRule('self.all(x, true)'), calc: 555128, setMax: 50, set: 152 },
  { name: 'map of numbers with all', gen: genMapWithRule('number', 'self.all(x, true)'), calc: 1348169, setMax: 10, set: 32 },
  { name: 'map of numbers with has', gen: genMapWithRule('number', 'has(self.x)'), calc: 0, setMax: 100, set: 0 },
  { name: 'map of strings with all', gen: genMapWithRule('string', 'self.all(x, true)'), calc: 1179647, setMax: 3, set: 11 },
  { name: 'map of strings with has', gen: genMapWithRule('string', 'has(self.x)'), calc: 0, setMax: 550, set: 0 },
  { name: 'map of booleans with all', gen: genMapWithRule('boolean', 'self.all(x, true)'), calc: 943718, setMax: 100, set: 302 },
  { name: 'map of booleans with has', gen: genMapWithRule('boolean', 'has(self.x)'), calc: 0, setMax: 1024, set: 0 },
  { name: 'string with contains', gen: genStringWithRule("self.contains('test')"), calc: 314574, setMax: 10, set: 5 },
  { name: 'string with startsWith', gen: genStringWithRule("self.startsWith('test')"), calc: 2, setMax: 15, set: 2 },
  { name: 'string with endsWith', gen: genStringWithRule("self.endsWith('test')"), calc: 2, setMax: 30, set: 2 },
  { name: 'concat string', gen: genStringWithRule('size(self + "hello") > size("hello")'), calc: 314578, setMax: 4, set: 7 },
  { name: 'index of array with numbers', gen: genArrayWithRule('number', 'self[1] == 0.0'), calc: 2, setMax: 5000, set: 2 },
  { name: 'index of array with strings', gen: genArrayWithRule('string', 'self[1] == self[1]'), calc: 314577, setMax: 8, set: 314577 },
  { name: 'O(n^2) loop with numbers', gen: genArrayWithRule('number', 'self.all(x, self.all(y, true))'), calcExceeds: true, setMax: 10, set: 352 },
  { name: 'O(n^3) loop with numbers', gen: genArrayWithRule('number', 'self.all(x, self.all(y, self.all(z, true)))'), calcExceeds: true, setMax: 10, set: 3552 },
  { name: 'regex matches simple', gen: genStringWithRule('self.matches("x")'), calc: 314574, setMax: 50, set: 22 },
  { name: 'regex matches empty string', gen: genStringWithRule('"".matches("(((((((((())))))))))[0-9]")'), calc: 7, setMax: 10, set: 7 },
  { name: 'regex matches empty regex', gen: genStringWithRule('self.matches("")'), calc: 1, setMax: 100, set: 1 },
  { name: 'map of strings with value length', gen: genNestedSpecWithRule('self.all(x, x.contains(self[x]))'), calc: 2752507, setMax: 10, set: 72 },
  { name: 'set array maxLength to zero', gen: genArrayWithRule('number', 'self[3] == 0.0'), calc: 2, setMax: 0, set: 2 },
  { name: 'set map maxLength to zero', gen: genMapWithRule('number', 'self["x"] == 0.0'), calc: 2, setMax: 0, set: 2 },
  { name: 'set string maxLength to zero', gen: genStringWithRule('self == "x"'), calc: 2, setMax: 0, set: 1 },
  { name: 'set bytes maxLength to zero', gen: genBytesWithRule('self == b"x"'), calc: 2, setMax: 0, set: 1 },
  { name: 'set maxLength greater than estimated maxLength', gen: genArrayWithRule('number', 'self.all(x, x == 0.0)'), calc: 6291454, setMax: 3 * 1024 * 2048, set: 25165826 },
  { name: 'nested types with root rule with all supporting maxLength', gen: genAllMaxNestedSpecWithRootRule('self.all(x, x["y"].required == "z")'), calc: 7340027, setMax: 10, set: 72 },
  { name: 'nested types with root rule with one supporting maxLength', gen: genOneMaxNestedSpecWithRootRule('self.all(x, x["y"].required == "z")'), calc: 7340027, setMax: 10, set: 7340027 },
  { name: 'int-or-string array with all', gen: genArrayWithRule('int-or-string', 'self.all(x, true)'), calc: 4718591, setMax: 10, set: 32 },
  { name: 'index of array with int-or-strings', gen: genArrayWithRule('int-or-string', 'self[0] == 5'), calc: 3, setMax: 10, set: 3 },
  { name: 'index of array with booleans', gen: genArrayWithRule('boolean', 'self[0] == false'), calc: 2, setMax: 25, set: 2 },
  { name: 'index of array of objects', gen: genObjectArrayWithRule('self[0] == null'), calc: 2, setMax: 422, set: 2 },
  { name: 'index of array of array of numnbers', gen: genArrayOfArraysWithRule('number', 'self[0][0] == -1.0'), calc: 3, setMax: 51, set: 3 },
  { name: 'array of number maps with all', gen: getMapArrayWithRule('number', 'self.all(x, x.y == 25.2)'), calc: 6291452, setMax: 12, set: 74 },
  { name: 'index of array of number maps', gen: getMapArrayWithRule('number', 'self[0].x > 2.0'), calc: 4, setMax: 3000, set: 4 },
  { name: 'duration array with all', gen: genArrayWithRule('duration', 'self.all(x, true)'), calc: 2359295, setMax: 5, set: 17 },
  { name: 'index of duration array', gen: genArrayWithRule('duration', 'self[0].getHours() == 2'), calc: 4, setMax: 525, set: 4 },
  { name: 'date array with all', gen: genArrayWithRule('date', 'self.all(x, true)'), calc: 725936, setMax: 15, set: 47 },
  { name: 'index of date array', gen: genArrayWithRule('date', 'self[2].getDayOfMonth() == 13'), calc: 4, setMax: 42, set: 4 },
  { name: 'date-time array with all', gen: genArrayWithRule('date-time', 'self.all(x, true)'), calc: 428963, setMax: 25, set: 77 },
  { name: 'index of date-time array', gen: genArrayWithRule('date-time', 'self[2].getMinutes() == 45'), calc: 4, setMax: 99, set: 4 },
  { name: 'map of int-or-strings with all', gen: genMapWithRule('int-or-string', 'self.all(x, true)'), calc: 1348169, setMax: 15, set: 47 },
  { name: 'map of int-or-strings with has', gen: genMapWithRule('int-or-string', 'has(self.x)'), calc: 0, setMax: 5000, set: 0 },
  { name: 'map of objects with all', gen: genMapWithCustomItemRule(genObjectForMap, 'self.all(x, true)'), calc: 428963, setMax: 20, set: 62 },
  { name: 'map of objects with has', gen: genMapWithCustomItemRule(genObjectForMap, 'has(self.x)'), calc: 0, setMax: 9001, set: 0 },
  { name: 'map of number maps with all', gen: genMapWithCustomItemRule(genMapForMap, 'self.all(x, true)'), calc: 1179647, setMax: 10, set: 32 },
  { name: 'map of number maps with has', gen: genMapWithCustomItemRule(genMapForMap, 'has(self.x)'), calc: 0, setMax: 101, set: 0 },
  { name: 'map of number arrays with all', gen: genMapWithCustomItemRule(genArrayForMap, 'self.all(x, true)'), calc: 1179647, setMax: 25, set: 77 },
  { name: 'map of number arrays with has', gen: genMapWithCustomItemRule(genArrayForMap, 'has(self.x)'), calc: 0, setMax: 40000, set: 0 },
  { name: 'map of durations with all', gen: genMapWithRule('duration', 'self.all(x, true)'), calc: 1048577, setMax: 5, set: 17 },
  { name: 'map of durations with has', gen: genMapWithRule('duration', 'has(self.x)'), calc: 0, setMax: 256, set: 0 },
  { name: 'map of dates with all', gen: genMapWithRule('date', 'self.all(x, true)'), calc: 524288, setMax: 10, set: 32 },
  { name: 'map of dates with has', gen: genMapWithRule('date', 'has(self.x)'), calc: 0, setMax: 65536, set: 0 },
  { name: 'map of date-times with all', gen: genMapWithRule('date-time', 'self.all(x, true)'), calc: 349526, setMax: 25, set: 77 },
  { name: 'map of date-times with has', gen: genMapWithRule('date-time', 'has(self.x)'), calc: 0, setMax: 490, set: 0 },
  { name: 'extended library regex find', gen: genStringWithRule("self.find('[0-9]+') == ''"), calc: 629147, setMax: 10, set: 11 },
  {
    name: 'extended library join',
    gen: (max) => rule({ type: 'array', items: { type: 'string', ...m('maxLength', max) }, ...m('maxItems', max) }, "self.join(' ') == 'aa bb'"),
    calc: 329853068905,
    setMax: 10,
    set: 43,
  },
  {
    name: 'extended library isSorted',
    gen: (max) => rule({ type: 'array', items: { type: 'string', ...m('maxLength', max) }, ...m('maxItems', max) }, 'self.isSorted() == true'),
    calc: 329854432052,
    setMax: 10,
    set: 52,
  },
  {
    name: 'extended library replace',
    gen: (max) => rule({ type: 'object', properties: { str: { type: 'string', ...m('maxLength', max) }, before: { type: 'string', maxLength: 2 }, after: { type: 'string', maxLength: 4 } } },
      "self.str.replace(self.before, self.after) == 'does not matter'"),
    calc: 629154,
    setMax: 4,
    set: 12,
  },
  {
    name: 'extended library split',
    gen: (max) => rule({ type: 'object', properties: { str: { type: 'string', ...m('maxLength', max) }, separator: { type: 'string', ...m('maxLength', max) } } }, 'self.str.split(self.separator) == []'),
    calc: 629160,
    setMax: 10,
    set: 22,
  },
  { name: 'extended library lowerAscii', gen: (max) => rule({ type: 'string', ...m('maxLength', max) }, "self.lowerAscii() == 'lower!'"), calc: 314575, setMax: 10, set: 6 },
  { name: 'check cost of size call', gen: genMapWithRule('integer', 'oldSelf.size() == self.size()'), calc: 5, setMax: 10, set: 5 },
  { name: 'check cost of timestamp comparison', gen: genMapWithRule('date-time', 'self["a"] == self["b"]'), calc: 8, setMax: 7, set: 8 },
  { name: 'check cost of duration comparison', gen: genMapWithRule('duration', 'self["c"] == self["d"]'), calc: 8, setMax: 42, set: 8 },
  { name: 'enums with maxLength equals to the longest possible value', gen: genEnumWithRuleAndValues("self.contains('A')", 'A', 'B', 'C', 'LongValue'), calc: 2, setMax: 1000, set: 401 },
  { name: 'IntOrString type with quantity rule', gen: (max) => rule({ 'x-kubernetes-int-or-string': true, ...m('maxLength', max) }, 'isQuantity(self)'), calc: 314574, setMax: 20, set: 9 },
];

function cost(schema: any): bigint | undefined {
  return estimateCelCost(schema['x-kubernetes-validations'][0].rule, CelEnvironment.CRD_VALIDATION_RULE, { selfSchema: schema })?.max;
}

/** schemaChecker: expected 0 is not compared; `exceeds` only asks for more than the limit. */
function agrees(got: bigint | undefined, expected: number | undefined, exceeds: boolean | undefined): boolean {
  if (got === undefined) return false;
  if (expected !== undefined && expected > 0 && got !== BigInt(expected)) return false;
  if (exceeds && got < BigInt(COST_LIMIT)) return false;
  return true;
}

describe('compilation_test.go TestCostEstimation (apiextensions-apiserver v0.36.0)', () => {
  const results: string[] = [];
  for (const c of cases) {
    it(`${c.name}: calc maxLength`, () => {
      const got = cost(c.gen(undefined));
      if (!agrees(got, c.calc, c.calcExceeds)) results.push(`${c.name} calc: got ${got}, upstream ${c.calc ?? '> limit'}`);
      expect(agrees(got, c.calc, c.calcExceeds), `got ${got}, upstream ${c.calc}`).toBe(true);
    });
    it(`${c.name}: set maxLength`, () => {
      const got = cost(c.gen(c.setMax));
      expect(agrees(got, c.set, c.setExceeds), `got ${got}, upstream ${c.set}`).toBe(true);
    });
  }
});

/**
 * DRA selectors: dynamic-resource-allocation v0.36.0 cel/compile_test.go `testcases` (expectCost is
 * compared with CompilationResult.MaxCost), every case that does not need the alpha
 * DRAListTypeAttributes gate.
 */
describe('DRA selector estimates (dynamic-resource-allocation v0.36.0 cel/compile_test.go)', () => {
  const all = `
device.capacity["dra.example.com"].quantity.isGreaterThan(quantity("1Ki")) &&
device.attributes["dra.example.com"].bool &&
device.attributes["dra.example.com"].int > 0 &&
device.attributes["dra.example.com"].string == "fish" &&
device.attributes["dra.example.com"].version.isGreaterThan(semver("0.0.1")) &&
device.capacity["dra.example.com"]["quantity"].isGreaterThan(quantity("1Ki")) &&
device.attributes["dra.example.com"]["bool"] &&
device.attributes["dra.example.com"]["int"] > 0 &&
device.attributes["dra.example.com"]["string"] == "fish" &&
device.attributes["dra.example.com"]["version"].isGreaterThan(semver("0.0.1"))
`;
  const expensive = '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(x, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(y, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(z, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(z2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(z3, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(z4, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].all(z5, int(\'1\'.find(\'[0-9]*\')) < 100)))))))';
  const table: Array<[string, number]> = [
    ['device.attributes["no-such-domain"].noSuchAttr.isGreaterThan(quantity("0"))', 6],
    ['device.attributes["no-such-domain"]["noSuchAttr"].isGreaterThan(quantity("0"))', 6],
    ['"no-such-domain" in device.attributes', 3],
    ['"dra.example.com" in device.attributes', 3],
    ['device.driver == ""', 2],
    ['device.driver == "dra.example.com"', 4],
    ['device.attributes["dra.example.com"].name', 4],
    ['device.attributes["dra.example.com"]["name"]', 4],
    ['cel.bind(dra, device.attributes["dra.example.com"], dra.name)', 15],
    ['device.attributes["other.example.com"].name', 4],
    ['device.attributes["dra.example.com"].name > 0', 5],
    ['device.attributes["dra.example.com"].name == "fish"', 5],
    ['device.attributes["dra.example.com"].name.isGreaterThan(semver("0.0.1"))', 6],
    ['device.attributes["dra.example.com"].name.isGreaterThan(semver("v0.0.1", true)) && isSemver("v1.0.0", true)', 7],
    ['device.capacity["dra.example.com"].name.isGreaterThan(quantity("1Ki"))', 6],
    ['"name" in device.capacity["dra.example.com"] && device.capacity["dra.example.com"].name.isGreaterThan(quantity("1Ki"))', 10],
    ['!("name" in device.capacity["dra.example.com"]) || device.capacity["dra.example.com"].name.isGreaterThan(quantity("1Ki"))', 11],
    [all, 52],
    ['device.attributes["dra.example.com"].a && device.attributes["dra.example.com"].b && device.attributes["dra.example.com"].c', 12],
    ['device.attributes.exists_one(x, x == "dra.example.com")', 164],
    ['device.attributes["dra.example.com"].exists_one(x, x == "services")', 133],
    ['device.attributes["dra.example.com"].services.split("example").size() >= 2', 19],
    ['device.attributes["dra.example.com"].services.matches("[^a]?sym")', 18],
    ['device.capacity.exists_one(x, x == "dra.example.com")', 164],
    ['device.capacity["dra.example.com"].exists_one(x, x == "memory")', 133],
    [expensive, 85555551],
    ['device.allowMultipleAllocations == true', 3],
    ['device.allowMultipleAllocations == false', 3],
  ];
  for (const [expression, expected] of table) {
    it(`${expression.trim().slice(0, 90)} → ${expected}`, () => {
      expect(estimateCelCost(expression, CelEnvironment.DRA_DEVICE_SELECTOR)?.max).toBe(BigInt(expected));
    });
  }
});
