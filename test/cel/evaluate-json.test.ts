/**
 * CelProgram.evaluateJson: the value mapping for the jsii languages, which cannot receive
 * bigint, Map, NaN or the library's value objects ("Unable to serialize value as any").
 */
import { describe, expect, it } from 'vitest';
import { CelEnvironment, CelProgram } from '../../lib';

const json = (expr: string, vars: any = {}) => CelProgram.compile(expr, CelEnvironment.ADMISSION_VARIABLE).evaluateJson(vars);

describe('CelProgram.evaluateJson', () => {
  it('gives ints and uints beyond 2^53 as decimal strings and smaller ones as numbers', () => {
    expect(json('9223372036854775807')).toBe('9223372036854775807');
    expect(json('18446744073709551615u')).toBe('18446744073709551615');
    expect(json('-9007199254740991')).toBe(-9007199254740991);
    expect(json('42u')).toBe(42);
  });

  it('gives NaN and infinities as strings', () => {
    expect(json('2.0/0.0')).toBe('Infinity');
    expect(json('-2.0/0.0')).toBe('-Infinity');
    expect(json('0.0/0.0')).toBe('NaN');
    expect(json('1.5')).toBe(1.5);
  });

  it('gives int-keyed maps string keys and bytes as base64', () => {
    expect(json('{1: "a", 2: "b"}')).toEqual({ 1: 'a', 2: 'b' });
    expect(json('{true: 1}')).toEqual({ true: 1 });
    expect(json('b"hi"')).toBe('aGk=');
  });

  it('gives timestamps, durations and the Kubernetes library values their string form', () => {
    expect(json('timestamp("2024-01-02T03:04:05Z")')).toBe('2024-01-02T03:04:05Z');
    expect(json('duration("1m30s")')).toBe('90s');
    expect(json('quantity("1.5Gi")')).toBe('1536Mi');
    expect(json('ip("10.0.0.1")')).toBe('10.0.0.1');
    expect(json('cidr("10.0.0.0/8")')).toBe('10.0.0.0/8');
    expect(json('url("https://example.com/a")')).toBe('https://example.com/a');
  });

  it('leaves evaluate() as it was for TypeScript (bigint, Map)', () => {
    expect(CelProgram.compile('9223372036854775807', CelEnvironment.ADMISSION_VARIABLE).evaluate()).toBe(9223372036854775807n);
  });
});
