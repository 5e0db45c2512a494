import { describe, expect, it } from 'vitest';
import { formatViolation, HaruValidationError } from '../../lib/base/errors';
import {
  checkCelIdentifier, checkDns1123Label, checkDns1123Subdomain, checkGoDuration, checkLabelValue,
  checkQualifiedName, checkQuantity, formatGoDuration, parseGoDuration, parseQuantity,
} from '../../lib/base/validators';

describe('DNS names', () => {
  it('accepts a DNS-1123 label', () => {
    expect(checkDns1123Label('metadata.name', 'web-1')).toBeUndefined();
  });
  it('fails when a label has upper case, and suggests a fix', () => {
    const r = checkDns1123Label('metadata.name', 'Web_1');
    expect(r && formatViolation(r)).toBe(
      "metadata.name: must be a DNS-1123 label (got \"Web_1\"; allowed: lower-case a-z, 0-9 and '-', starting and ending with a letter or digit). Use e.g. \"web-1\".",
    );
  });
  it('fails when a label is 64 characters', () => {
    expect(checkDns1123Label('n', 'a'.repeat(64))?.problem).toContain('no more than 63');
  });
  it('accepts a dotted subdomain and refuses a trailing dot', () => {
    expect(checkDns1123Subdomain('n', 'gpu.nvidia.com')).toBeUndefined();
    expect(checkDns1123Subdomain('n', 'gpu.nvidia.com.')?.checkId).toBe('format/dns1123-subdomain');
  });
});

describe('qualified names and label values', () => {
  it.each(['app', 'example.com/app', 'app.kubernetes.io/name', 'A_b.c'])('accepts %s', (k) => {
    expect(checkQualifiedName('k', k)).toBeUndefined();
  });
  it.each(['', '-a', 'a/b/c', 'Example.com/x', '/x', 'x/'])('fails when the qualified name is %j', (k) => {
    expect(checkQualifiedName('k', k)).toBeDefined();
  });
  it('accepts an empty label value and refuses a non-string', () => {
    expect(checkLabelValue('v', '')).toBeUndefined();
    expect(checkLabelValue('v', true)?.fix).toContain('Quote');
  });
});

describe('quantities', () => {
  it.each([['100m', 0.1], ['1Gi', 1024 ** 3], ['2', 2], ['1e3', 1000], ['1.5G', 1.5e9], ['.5', 0.5]])('parses %s', (q, n) => {
    expect(parseQuantity(q)).toBeCloseTo(n as number);
  });
  it.each(['1GB', '10 Mi', 'abc', '', '1.2.3', 'Mi'])('fails when the quantity is %j', (q) => {
    expect(checkQuantity('resources.limits.memory', q)?.checkId).toBe('format/quantity');
  });
  it('gives the same answers from its memo, also once the memo has been cleared', () => {
    for (let round = 0; round < 2; round++) {
      expect(parseQuantity('256Mi')).toBe(256 * 1024 ** 2);
      expect(parseQuantity('512MB')).toBeUndefined();
      // more distinct values than the memo holds, so it is cleared in between
      for (let i = 0; i < 5000; i++) expect(parseQuantity(`${i}m`)).toBeCloseTo(i / 1000);
    }
  });
  it('suggests the binary suffix for "512MB"', () => {
    expect(checkQuantity('m', '512MB')?.fix).toBe('Write "512Mi"');
  });
});

describe('durations', () => {
  it('parses Go durations', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('20')).toBeUndefined();
  });
  it('fails when the duration has no unit', () => {
    expect(checkGoDuration('timeout', '3')?.checkId).toBe('format/duration');
  });
  it('formats like metav1.Duration', () => {
    expect(formatGoDuration(3000)).toBe('3s');
    expect(formatGoDuration(300_000)).toBe('5m0s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(500)).toBe('500ms');
  });
});

describe('CEL identifiers', () => {
  it('fails when the name is a reserved word', () => {
    expect(checkCelIdentifier('spec.variables[0].name', 'namespace')?.problem).toBe('must not be a CEL reserved word');
  });
  it('accepts an identifier', () => {
    expect(checkCelIdentifier('n', 'hasSidecar')).toBeUndefined();
  });
});

describe('HaruValidationError', () => {
  it('names the construct path and each violation', () => {
    const e = new HaruValidationError('chart/web', [{ checkId: 'x/y', field: 'spec.a', problem: 'is wrong', fix: 'Fix it' }]);
    expect(e.message).toBe('[chart/web] invalid input:\n  - [x/y] spec.a: is wrong. Fix it.');
  });
});
