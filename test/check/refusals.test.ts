/**
 * Refusals as users meet them: readable in every jsii language through Violations (which
 * takes the error or its message), and short when nobody catches them.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { HardenedPod, Violations } from '../../lib';

const root = resolve(__dirname, '..', '..');

function refusalOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

describe('Violations', () => {
  const refuse = () => refusalOf(() => new HardenedPod(new Chart(Testing.app(), 'c'), 'pod', { containers: [{ image: 'x:1', writable_paths: ['/tmp'] } as any] }));

  it('reads the violations of a caught refusal', () => {
    const e = refuse();
    expect(Violations.isRefusal(e)).toBe(true);
    expect(Violations.whereOf(e)).toBe('c/pod');
    expect(Violations.of(e).map((v) => [v.checkId, v.field])).toEqual([['api/unknown-field', 'containers[0].writable_paths']]);
  });

  it('reads them from the message alone, as Python, Java, Go and .NET see a refusal', () => {
    const e = refuse() as Error;
    const asPython = `RuntimeError: ${e.message}`;
    expect(Violations.of(asPython)).toEqual(Violations.of(e));
    expect(Violations.whereOf(asPython)).toBe('c/pod');
  });

  it('returns nothing for other errors', () => {
    expect(Violations.of(new TypeError('x'))).toEqual([]);
    expect(Violations.of('some other message')).toEqual([]);
    expect(Violations.isRefusal(undefined)).toBe(false);
    expect(Violations.whereOf(42)).toBe('');
  });

  it('keeps the violations out of what Node prints for an uncaught refusal', () => {
    const program = "const { HardenedPod } = require('./lib'); const { Chart, App } = require('cdk8s'); new HardenedPod(new Chart(new App(), 'c'), 'pod', { containers: 42 });";
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', program], { cwd: root, encoding: 'utf8', env: { ...process.env, HARU_STACK: '' } });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n').filter((l) => !/^Node\.js v/.test(l) && l.trim() !== '');
    expect(r.stderr).toContain('[c/pod] invalid input:\n  - [api/wrong-type] containers: must be a list of objects (HardenedContainerProps)');
    expect(r.stderr).not.toContain('violations:');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(lines.length).toBeLessThanOrEqual(8);
  });
});
