import { describe, expect, it } from 'vitest';
import { CelEnvironment, checkCel } from '../../lib/cel';
import { lineColumn, parseCel } from '../../lib/cel/parser';

const M = CelEnvironment.ADMISSION_MATCH_CONDITION;
const V = CelEnvironment.ADMISSION_VARIABLE;

function syntax(expression: string) {
  const r = checkCel(expression, V);
  expect(r.ok).toBe(false);
  expect(r.problems[0].checkId).toBe('cel/syntax');
  return r.problems[0];
}

describe('syntax errors carry a 1-based position', () => {
  it('fails when an expression ends early, at the end', () => {
    expect(syntax("object.metadata.name == 'a' &&")).toMatchObject({ line: 1, column: 31, message: 'syntax error: expected an expression, found end of expression' });
  });

  it('fails on an unbalanced parenthesis on line 2', () => {
    expect(syntax('has(object.spec)\n  && (true')).toMatchObject({ line: 2, column: 11 });
  });

  it('fails on a single = with a hint', () => {
    expect(syntax("request.namespace = 'x'")).toMatchObject({ column: 19, hint: 'CEL compares with == and has no assignment' });
  });

  it('fails on an unterminated string', () => {
    expect(syntax("'abc")).toMatchObject({ column: 1, message: 'unterminated string literal' });
  });

  it('fails on a reserved identifier', () => {
    expect(syntax('namespace == 1').message).toBe('reserved identifier: namespace');
  });

  it('fails on a single & with a hint', () => {
    expect(syntax('true & false').hint).toBe('use && for the logical operator');
  });

  it('fails on a map literal used with a bare field name as type', () => {
    expect(syntax('{a: 1}.size() == 1 + ').line).toBe(1);
  });

  it('counts columns in code points', () => {
    expect(lineColumn('"ü" + x', 6)).toEqual({ line: 1, column: 7 });
  });

  it('agrees with cel-js on the column of syntax errors', async () => {
    // cel-js is ESM-only: load it the way a CommonJS module can
    const { parse: celJsParse } = await import('@marcbachmann/cel-js');
    // cel-js prints the source line after ">    1 | " and a caret under the error.
    for (const e of ['1 +', 'a.b(', '(a', 'a[1', 'a ? b', 'x.all(c, c > 1']) {
      let column = -1;
      try {
        celJsParse(e);
      } catch (err) {
        const caret = /\n( *)\^/.exec((err as Error).message);
        column = caret ? caret[1].length - '>    1 | '.length + 1 : -1;
      }
      expect([e, syntax(e).column]).toEqual([e, column]);
    }
  });
});

describe('grammar', () => {
  it('parses message literals with nested type names', () => {
    const n = parseCel('Object{spec: Object.spec{containers: [Object.spec.containers{name: "a"}]}}');
    expect(n.t).toBe('struct');
    if (n.t === 'struct') {
      expect(n.name).toBe('Object');
      expect(n.fields[0].name).toBe('spec');
    }
  });

  it('parses optional selection, index, list and map entries', () => {
    for (const e of ['a.?b', 'a[?0]', '[?a, 1]', '{?"k": a}', 'Object{?spec: a}']) expect(() => parseCel(e)).not.toThrow();
  });

  it('parses numbers, strings and bytes of every form', () => {
    const r = checkCel('0x1F == 31 && 1u == 1u && 1.5e3 == 1500.0 && r"\\d" == "\\\\d" && b"\\x00" != b"a" && """a\nb""" != \'\'', M);
    expect(r.problems).toEqual([]);
  });

  it('folds negative literals', () => {
    expect(parseCel('-9223372036854775808')).toMatchObject({ t: 'lit', kind: 'int' });
  });

  it('keeps operator precedence: && binds tighter than ||', () => {
    const n = parseCel('a || b && c');
    expect(n).toMatchObject({ t: 'binary', op: '||', r: { t: 'binary', op: '&&' } });
  });

  it('accepts comments', () => {
    expect(checkCel('// the name\nobject.metadata.name != "" // trailing', M).ok).toBe(true);
  });

  it('rejects pathological nesting without throwing', () => {
    const r = checkCel('('.repeat(500) + '1' + ')'.repeat(500), V);
    expect(r.ok).toBe(false);
    // cel-go v0.26 parser.go recursionListener (maxRecursionDepth 250, the default Kubernetes keeps)
    expect(r.problems[0].message).toBe('expression recursion limit exceeded: 250');
  });
});

// cel-go v0.26 parser/parser.go limits as Kubernetes runs them (apiserver pkg/cel/environment sets
// no parser option): apiextensions-apiserver validation_test.go TestCELMaxRecursionDepth
// (maxValidDepth = 250), parser_test.go recursion cases, and the 100,000 code-point limit.
describe('parser limits (cel-go NewParser defaults)', () => {
  const S = { selfSchema: { type: 'object', properties: { val1: { type: 'boolean' } } } };
  const C = CelEnvironment.CRD_VALIDATION_RULE;
  const first = (e: string): string => {
    const r = checkCel(e, C, S);
    return r.ok ? 'ok' : r.problems[0].message;
  };

  it('a chain of 249 == compiles; 250 is refused with cel-go\'s message', () => {
    expect(first('self.val1 == '.repeat(249) + 'self.val1')).toBe('ok');
    expect(first('self.val1 == '.repeat(250) + 'self.val1')).toBe('max recursion depth exceeded');
  });

  it('selections, indexes and arithmetic count towards the depth', () => {
    const sel = 'self' + '.val1'.repeat(251);
    expect(first(sel)).toBe('max recursion depth exceeded');
    expect(first('1' + ' + 1'.repeat(250) + ' > 0')).toBe('max recursion depth exceeded');
    expect(first('[1]' + '[0]'.repeat(251) + ' == 1')).toBe('max recursion depth exceeded');
  });

  it('nested lists, calls and parentheses stop at 250 levels', () => {
    expect(first('['.repeat(300) + ']'.repeat(300) + '.size() == 0')).toBe('expression recursion limit exceeded: 250');
    expect(first('('.repeat(90_000) + ')')).toBe('expression recursion limit exceeded: 250');
  });

  it('a long && chain is balanced: no stack overflow, it type-checks', () => {
    expect(first('self.val1 && '.repeat(7000) + 'self.val1')).toBe('ok');
    const n = parseCel('a && b && c && d');
    expect(n).toMatchObject({ t: 'binary', op: '&&', l: { op: '&&' }, r: { op: '&&' } });
  });

  it('more than 100,000 code points is refused', () => {
    expect(first('x'.repeat(100_001))).toBe('expression code point size exceeds limit: size: 100001, limit 100000');
    expect(first('"' + '€'.repeat(99_990) + '" != ""')).toBe('ok');
  });

  it('hostile nesting returns an error, never a RangeError', () => {
    for (const e of ['!('.repeat(50_000), '-['.repeat(40_000), 'a.b'.repeat(30_000), '{'.repeat(60_000), 'f('.repeat(45_000)]) {
      expect(() => checkCel(e, C, S)).not.toThrow();
      expect(checkCel(e, C, S).ok).toBe(false);
    }
  });
});

// cel-go CEL.g4 `unary: member | ('!')+ member | ('-')+ member` and parser.go
// VisitLogicalNot / VisitNegate: a run of one operator is a single rule; an even count yields
// the member unchanged, an odd count one call. So the run costs no recursion and `!!x` is `x`.
describe('runs of unary operators (cel-go VisitLogicalNot / VisitNegate)', () => {
  const env = CelEnvironment.ADMISSION_VARIABLE;

  it('ten thousand ! or - parse without exhausting the stack', () => {
    expect(checkCel('!'.repeat(10_000) + 'true', env)).toMatchObject({ ok: true, resultType: 'bool' });
    expect(checkCel('!'.repeat(10_001) + 'true', env)).toMatchObject({ ok: true, resultType: 'bool' });
    expect(checkCel('-'.repeat(10_000) + ' 1', env)).toMatchObject({ ok: true, resultType: 'int' });
  });

  it('an even run is the operand itself, whatever its type', () => {
    expect(checkCel('!!1', env)).toMatchObject({ ok: true, resultType: 'int' });
    expect(checkCel('--"a"', env)).toMatchObject({ ok: true, resultType: 'string' });
  });

  it('an odd run is one operator and is type-checked as such', () => {
    expect(checkCel('!!!1', env).ok).toBe(false);
    expect(checkCel('---1', env)).toMatchObject({ ok: true, resultType: 'int' });
  });

  it('the two operators do not mix, except a sign written on a number', () => {
    expect(checkCel('!-object.spec', env).problems[0]).toMatchObject({ checkId: 'cel/syntax' });
    expect(checkCel('-!true', env).problems[0]).toMatchObject({ checkId: 'cel/syntax' });
    expect(checkCel('-9223372036854775808 < 0', env)).toMatchObject({ ok: true });
  });
});
