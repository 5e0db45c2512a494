/**
 * `require('cdk8s-haru')` must not load cdk8s-plus-33: only a cdk8s-plus workload passed in
 * (or a HardenedPod used as a cdk8s-plus NetworkPolicy peer) needs it. Modules import its
 * types with `import type`; lib/render/cdk8s-plus.ts is the one place that loads it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('cdk8s-plus-33 is loaded only when used', () => {
  it('no module of lib/ imports cdk8s-plus-33 as a value, except the lazy loader', () => {
    const offenders = tsFiles(join(root, 'lib'))
      .filter((f) => !f.endsWith(join('render', 'cdk8s-plus.ts')))
      .filter((f) => /^import\s+(?!type\b)[^;]*from\s+'cdk8s-plus-33'/m.test(readFileSync(f, 'utf8')) || /require\('cdk8s-plus-33'\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('require of the library loads no cdk8s-plus-33 module, and a cdk8s-plus workload still hardens (instanceof works)', () => {
    const script = `
      const lib = require('./lib');
      const before = Object.keys(require.cache).filter((k) => k.includes('cdk8s-plus-33')).length;
      const { App, Chart } = require('cdk8s');
      const kplus = require('cdk8s-plus-33');
      const app = new App();
      const sts = new kplus.StatefulSet(new Chart(app, 'c'), 's', { containers: [{ image: 'x:1', portNumber: 8080 }] });
      lib.WorkloadHardening.apply(sts, { volumeClaimTemplates: [{ name: 'data', storage: '1Gi' }] });
      const yaml = app.synthYaml();
      console.log(JSON.stringify({ before, claimTemplates: /volumeClaimTemplates/.test(yaml) }));`;
    const out = execFileSync(join(root, 'node_modules', '.bin', 'tsx'), ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ before: 0, claimTemplates: true });
  }, 120_000);
});
