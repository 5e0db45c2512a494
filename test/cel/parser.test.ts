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
    expect(r.problems[0].message).toBe('expression is nested too deeply');
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
