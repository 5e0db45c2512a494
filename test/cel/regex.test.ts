/**
 * RE2 as Go's regexp has it, through every path that evaluates a user's pattern: CEL `matches`,
 * `find`, `findAll` (cel-go stdlib and k8s.io/apiserver pkg/cel/library/regex.go) and CRD schema
 * `pattern` (kube-openapi validate.Pattern). Tables translated from Go's src/regexp/find_test.go
 * (findTests), src/regexp/syntax/parse_test.go (invalid patterns) and the cases of issue #23.
 */
import { describe, expect, it } from 'vitest';
import { CelEnvironment, checkCel } from '../../lib/cel';
import { re2Compile, re2Problem } from '../../lib/cel/eval-regex';
import { CelProgram } from '../../lib/cel/program';
import { checkCustomResource } from '../../lib/check/crd';

const VAR = CelEnvironment.ADMISSION_VARIABLE;
/** Evaluates `expr` with `s` and `p` given as fields of `object`. */
const run = (expr: string, o: Record<string, unknown> = {}): unknown => CelProgram.compile(expr.replace(/\b([sp])\b(?=[.)])/g, 'object.$1'), VAR).evaluate({ object: o });

function re(p: string) {
  const r = re2Compile(p);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

/** Go regexp find_test.go findTests: pattern, text, n, FindAllString(text, n) (null = no match). */
const FIND_ALL: Array<[string, string, number, string[] | null]> = [
  ['', '', -1, ['']],
  ['^abcdefg', 'abcdefg', -1, ['abcdefg']],
  ['a+', 'baaab', -1, ['aaa']],
  ['a', 'bababaab', -1, ['a', 'a', 'a', 'a']],
  ['a', 'bababaab', 0, null],
  ['a', 'bababaab', 1, ['a']],
  ['a', 'bababaab', 2, ['a', 'a']],
  ['a', 'bababaab', 3, ['a', 'a', 'a']],
  ['a', 'bababaab', 5, ['a', 'a', 'a', 'a']],
  ['abcd..', 'abcdef', -1, ['abcdef']],
  ['x', 'y', -1, null],
  ['b', 'abc', -1, ['b']],
  ['.*', 'abcdef', -1, ['abcdef']],
  ['^', 'abcde', -1, ['']],
  ['$', 'abcde', -1, ['']],
  ['^abcd$', 'abcd', -1, ['abcd']],
  ["^bcd'", 'abcdef', -1, null],
  ['^abcd$', 'abcde', -1, null],
  ['a*', 'baaab', -1, ['', 'aaa', '']],
  ['[a-z]+', 'abcd', -1, ['abcd']],
  ['[^a-z]+', 'ab1234cd', -1, ['1234']],
  ['[a\\-\\]z]+', 'az]-bcz', -1, ['az]-', 'z']],
  ['[^\\n]+', 'abcd\n', -1, ['abcd']],
  ['[日本語]+', '日本語日本語', -1, ['日本語日本語']],
  ['日本語+', '日本語語語語', -1, ['日本語語語語']],
  ['(.)(.)', '日a', -1, ['日a']],
  ['((a|b|c)*(d))', 'abcd', -1, ['abcd']],
  ['\\a\\f\\n\\r\\t\\v', '\x07\f\n\r\t\v', -1, ['\x07\f\n\r\t\v']],
  ['a*(|(b))c*', 'aacc', -1, ['aacc']],
  ['/$', '/abc/', -1, ['/']],
  ['/$', '/abc', -1, null],
  ['.', 'abc', -1, ['a', 'b', 'c']],
  ['ab*', 'abbaab', -1, ['abb', 'a', 'ab']],
  ['ab$', 'cab', -1, ['ab']],
  ['axxb$', 'axxcb', -1, null],
  ['zx+', 'zzx', -1, ['zx']],
  ['(aa)*$', 'a', -1, ['']],
  ['(?:.|(?:.a))', '', -1, null],
  ['(?:A|(?:A|a))', 'a', -1, ['a']],
  ['(?-s)(?:(?:^).)', '\n', -1, null],
  ['(?s)(?:(?:^).)', '\n', -1, ['\n']],
  ['\\b', 'x y', -1, ['', '', '', '']],
  ['\\B', 'xx yy', -1, ['', '']],
  ['(|a)*', 'aa', -1, ['', '', '']],
  ['0A|0[aA]', '0a', -1, ['0a']],
  ['[a-c]*', '\u65e5', -1, ['', '']],
  ['[^\u65e5]', 'abc\u65e5def', -1, ['a', 'b', 'c', 'd', 'e', 'f']],
  ['[^\\S\\s]', 'abcd', -1, null],
  ['[^\\S[:space:]]', 'abcd', -1, null],
  ['[^\\D[:digit:]]', 'abcd', -1, null],
  ['(?i)\\W', 'k', -1, null],
  ['(?i)\\W', 's', -1, null],
  ['\\!\\"\\#\\$\\%\\&\\\'\\(\\)\\*\\+\\,\\-\\.\\/\\:\\;\\<\\=\\>\\?\\@\\[\\\\\\]\\^\\_\\{\\|\\}\\~', '!"#$%&\'()*+,-./:;<=>?@[\\]^_{|}~', -1, ['!"#$%&\'()*+,-./:;<=>?@[\\]^_{|}~']],
  ['\\`', '`', -1, ['`']],
];

/** Patterns Go's regexp refuses, with the message regexp.Compile returns (syntax/parse.go). */
const INVALID: Array<[string, string]> = [
  ['(', 'missing closing ): `(`'],
  ['(abc', 'missing closing ): `(abc`'],
  [')', 'unexpected ): `)`'],
  ['a)', 'unexpected ): `a)`'],
  ['*', 'missing argument to repetition operator: `*`'],
  ['(*)', 'missing argument to repetition operator: `*`'],
  ['a**', 'invalid nested repetition operator: `**`'],
  ['a*+', 'invalid nested repetition operator: `*+`'],
  ['x{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
  ['a{1001}', 'invalid repeat count: `{1001}`'],
  ['a{2,1}', 'invalid repeat count: `{2,1}`'],
  ['[a', 'missing closing ]: `[a`'],
  ['[z-a]', 'invalid character class range: `z-a`'],
  ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
  ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
  ['\\8', 'invalid escape sequence: `\\8`'],
  ['\\1', 'invalid escape sequence: `\\1`'],
  ['\\C', 'invalid escape sequence: `\\C`'],
  ['\\Z', 'invalid escape sequence: `\\Z`'],
  ['(?=x)', 'invalid or unsupported Perl syntax: `(?=`'],
  ['(?!x)', 'invalid or unsupported Perl syntax: `(?!`'],
  ['(?<=a)b', 'invalid named capture: `(?<=a)b`'],
  ['(?P<n>a)(?P<n>b)', 'duplicate capture group name: `n`'],
  ['(?P<>a)', 'invalid named capture: `(?P<>`'],
  ['x{1000}{2}', 'invalid nested repetition operator: `{1000}{2}`'],
];

describe('RE2 engine: Go regexp semantics (find_test.go findTests)', () => {
  for (const [pat, text, n, want] of FIND_ALL) {
    it(`FindAllString(${JSON.stringify(pat)}, ${JSON.stringify(text)}, ${n})`, () => {
      expect(re(pat).findAll(text, n)).toEqual(want ?? []);
      if (n === 0) return;
      expect(re(pat).test(text)).toBe(want !== null);
      if (want) expect(re(pat).find(text)).toBe(want[0]);
    });
  }
});

describe('RE2 engine: Go parse errors (syntax/parse_test.go)', () => {
  for (const [pat, msg] of INVALID) {
    it(`fails when compiling ${JSON.stringify(pat)}`, () => {
      expect(re2Problem(pat)).toBe(`error parsing regexp: ${msg}`);
    });
  }
});

describe('RE2 syntax JavaScript reads differently (issue #23)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['\\pL', 'é', true],
    ['\\pL', '1', false],
    ['^\\p{Cyrillic}+$', 'Жук', true],
    ['^\\p{Cyrillic}+$', 'Zuk', false],
    ['^[[:word:]]+$', 'a_1', true],
    ['^[[:word:]]+$', 'a-1', false],
    ['^\\Qa.b*\\E$', 'a.b*', true],
    ['^\\Qa.b*\\E$', 'axbb', false],
    ['\\x{263a}', '☺', true],
    ['^a(?i)b$', 'aB', true],
    ['^a(?i)b$', 'AB', false],
    ['^a{,2}$', 'a{,2}', true],
    ['^a{,2}$', 'aa', false],
    ['\\s', '\u00a0', false],
    ['\\s', '\v', false],
    ['\\s', '\u2028', false],
    ['\\s', '\t', true],
    ['\\d', '٣', false],
    ['\\w', 'é', false],
    ['(?P<name>x)(?<other>y)', 'xy', true],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'ab\n', false],
    ['(?U)a+', 'aaa', true],
    ['a{1000}', 'a'.repeat(1000), true],
  ];
  for (const [pat, text, want] of cases) {
    it(`${JSON.stringify(text)}.matches(${JSON.stringify(pat)}) is ${want}`, () => {
      expect(run('s.matches(p)', { s: text, p: pat })).toBe(want);
    });
  }

  it('fails when a repeat count is over 1000, at compile time, with Go\'s message', () => {
    const r = checkCel("object.metadata.name.matches('a{1001}')", VAR);
    expect(r.ok).toBe(false);
    expect(r.problems.map((x) => x.message).join('\n')).toContain('error parsing regexp: invalid repeat count: `{1001}`');
  });

  it('accepts a mid-pattern flag group and RE2-only escapes at compile time', () => {
    for (const p of ['a(?i)b', '\\pL', '\\p{Cyrillic}', '[[:word:]]', '\\Qa.b\\E', '\\x{263a}', 'a{,2}']) {
      expect(checkCel(`object.metadata.name.matches('${p.replace(/\\/g, '\\\\')}')`, VAR).ok).toBe(true);
    }
  });

  it('fails at evaluation with Go\'s message when a pattern from data is invalid', () => {
    expect(() => run('s.matches(p)', { s: 'x', p: '(' })).toThrow('given regex is invalid: error parsing regexp: missing closing ): `(`');
  });
});

describe('Linear time on catastrophic-backtracking patterns', () => {
  const hostile = 'a'.repeat(30) + '!';

  it('answers ^(a+)+$ on 30 a\'s and a \'!\' in CEL matches, find and findAll', () => {
    const t0 = Date.now();
    expect(run('s.matches(\'^(a+)+$\')', { s: hostile })).toBe(false);
    expect(run('s.find(\'^(a+)+$\')', { s: hostile })).toBe('');
    expect(run('s.findAll(\'(a|aa)+b\')', { s: hostile })).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('answers it on a 100 000-character input well under a second', () => {
    const big = 'a'.repeat(100_000) + '!';
    const t0 = Date.now();
    expect(re('^(a+)+$').test(big)).toBe(false);
    expect(re('(x+x+)+y').test('x'.repeat(100_000))).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('answers it in a CRD schema pattern', () => {
    const crd = { crd: 'things.example.com', namespaced: true, schema: { type: 'object', properties: { v: { type: 'string', pattern: '^(a+)+$' } } } };
    const t0 = Date.now();
    const out = checkCustomResource({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x', namespace: 'd' }, v: hostile }, crd);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(out.map((v) => v.checkId)).toContain('crd/pattern');
  });

  it('reads a CRD schema pattern with RE2 syntax (\\pL, \\z)', () => {
    const crd = { crd: 'things.example.com', namespaced: true, schema: { type: 'object', properties: { v: { type: 'string', pattern: '^\\pL+\\z' } } } };
    const obj = (v: string) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x', namespace: 'd' }, v });
    expect(checkCustomResource(obj('Über'), crd).filter((v) => v.checkId === 'crd/pattern')).toEqual([]);
    expect(checkCustomResource(obj('a1'), crd).map((v) => v.checkId)).toContain('crd/pattern');
  });
});

describe('Runtime cost of regex functions as cel-go and the apiserver charge it', () => {
  it('charges ceil((1+len(s))*0.1) * ceil(len(re)*0.25) for matches (runtimecost.go MatchesString)', () => {
    const p = CelProgram.compile('object.s.matches(object.p)', VAR);
    p.evaluate({ object: { s: 'x'.repeat(99), p: 'x'.repeat(8) } });
    // object twice and two selections: 4; the call: ceil(100 * 0.1) * ceil(8 * 0.25) = 10 * 2
    expect(p.cost).toBe(4 + 20);
  });

  it('stops a long match at the per-call limit', () => {
    const p = CelProgram.compile('object.s.matches(\'^(a+)+$\')', VAR, { costLimit: 1000 });
    expect(() => p.evaluate({ object: { s: 'a'.repeat(10_000) } })).toThrow('operation cancelled: actual cost limit exceeded');
  });
});
