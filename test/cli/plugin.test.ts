/**
 * The cdk8s validation plugin: loaded by cdk8s-cli from `validations:` in cdk8s.yaml, it
 * makes `cdk8s synth` fail on findings. Tested in-process with cdk8s-cli's own
 * ValidationContext, and end to end with `cdk8s synth` in a temporary project that names
 * this package by its local path (cdk8s-cli loads local paths without npm).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './build';
import { HaruValidationPlugin } from '../../lib/cli';

const PLAIN_POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
const HARDENED_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: {
    hostUsers: false,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'web',
      image: 'registry.example/web:1.0.0',
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    }],
  },
};

function manifestFile(objs: unknown[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-plugin-'));
  const file = path.join(dir, 'chart.k8s.yaml');
  fs.writeFileSync(file, objs.map((o) => JSON.stringify(o)).join('\n---\n'));
  return file;
}

describe('HaruValidationPlugin with cdk8s-cli ValidationContext', () => {
  it('submits a failing report with one violation per check id, naming resource, file and line', async () => {
    const file = manifestFile([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } }, PLAIN_POD]);
    const context = new ValidationContext([file], 'cdk8s-haru', '0.0.0', { web: { path: 'chart/web' } });
    await new HaruValidationPlugin({}).validate(context as any);
    expect(context.report.success).toBe(false);
    const json = context.report.toJson();
    expect(json.summary.metadata).toEqual({ 'Pod Security level': 'restricted', 'Documents checked': '2', 'Findings': '4', 'Errors': '4', 'Warnings': '0' });
    expect(json.violations.map((v) => v.ruleName)).toEqual(['pss/allowPrivilegeEscalation', 'pss/capabilities_restricted', 'pss/runAsNonRoot', 'pss/seccompProfile_restricted']);
    const v = json.violations.find((x) => x.ruleName === 'pss/runAsNonRoot')!;
    expect(v.recommendation).toMatch(/^error: Pod Security/);
    expect(v.fix).toBe('Set spec.securityContext.runAsNonRoot: true, or run the pod in its own user namespace (spec.hostUsers: false)');
    expect(v.violatingConstructs).toEqual([{
      resourceName: 'web',
      constructPath: 'chart/web',
      manifestPath: file,
      locations: [expect.stringMatching(/^line 3: spec\.containers\[0\]\.securityContext\.runAsNonRoot: must be true here or at pod level/)],
    }]);
  });

  it('honours haru.cdk8s.io/suppress.* annotations and lists what they suppressed in the report', async () => {
    const annotations = { 'haru.cdk8s.io/suppress.pss': 'expires 2999-01-01: a vendor pod, hardened by the platform policies; PLAT-9' };
    const file = manifestFile([{ ...PLAIN_POD, metadata: { name: 'web', annotations } }]);
    const context = new ValidationContext([file], 'cdk8s-haru', '0.0.0');
    await new HaruValidationPlugin({}).validate(context as any);
    expect(context.report.success).toBe(true);
    const json = context.report.toJson();
    expect(json.violations).toEqual([]);
    expect(json.summary.metadata!.Findings).toBe('0');
    expect(json.summary.metadata!.Suppressed.split('\n')).toHaveLength(4);
    expect(json.summary.metadata!.Suppressed).toContain('[pss/runAsNonRoot] Pod web: suppressed [pss/] by');
    expect(json.summary.metadata!.Suppressed).toContain('(until 2999-01-01): a vendor pod, hardened by the platform policies; PLAT-9');
  });

  it('submits a successful report for clean manifests', async () => {
    const context = new ValidationContext([manifestFile([HARDENED_POD])], 'cdk8s-haru', '0.0.0');
    await new HaruValidationPlugin({ pss: 'restricted' }).validate(context as any);
    expect(context.report.success).toBe(true);
    expect(context.report.toJson().violations).toEqual([]);
  });

  it('reports warnings without failing synth, unless failOn is warning', async () => {
    const namespaced = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', namespace: 'default' } };
    const file = manifestFile([namespaced]);
    const lenient = new ValidationContext([file], 'cdk8s-haru', '0.0.0');
    await new HaruValidationPlugin({}).validate(lenient as any);
    expect(lenient.report.success).toBe(true);
    const json = lenient.report.toJson();
    expect(json.violations.map((v) => [v.ruleName, v.recommendation])).toEqual([
      ['meta/cluster-scoped-namespace', 'warning: A cluster-scoped object carries metadata.namespace, which the API server ignores.'],
    ]);
    const strict = new ValidationContext([file], 'cdk8s-haru', '0.0.0');
    await new HaruValidationPlugin({ failOn: 'warning' }).validate(strict as any);
    expect(strict.report.success).toBe(false);
  });

  it('fails when failOn is not a severity', () => {
    expect(() => new HaruValidationPlugin({ failOn: 'notice' })).toThrow('properties.failOn: is not a severity (got "notice"; allowed: error, warning). Set properties.failOn in cdk8s.yaml to error or warning.');
  });

  it('applies the pss and skip properties', async () => {
    const file = manifestFile([PLAIN_POD]);
    const baseline = new ValidationContext([file], 'cdk8s-haru', '0.0.0');
    await new HaruValidationPlugin({ pss: 'baseline' }).validate(baseline as any);
    expect(baseline.report.success).toBe(true);
    const skipped = new ValidationContext([file], 'cdk8s-haru', '0.0.0');
    const plugin = new HaruValidationPlugin({ skip: ['pss/'] });
    await plugin.validate(skipped as any);
    expect(skipped.report.success).toBe(true);
    expect(plugin.skip).toEqual(['pss/']);
    expect(plugin.pss).toBe('restricted');
  });

  it('fails when the pss property is not a level', () => {
    expect(() => new HaruValidationPlugin({ pss: 'strict' })).toThrow(
      '[HaruValidationPlugin] invalid input:\n  - [cli/plugin-properties] properties.pss: is not a Pod Security level (got "strict"; allowed: restricted, baseline, none). Set properties.pss in cdk8s.yaml to restricted, baseline or none.');
  });

  it('fails when the skip property is not a list', () => {
    expect(() => new HaruValidationPlugin({ skip: 'pss/' as any })).toThrow('properties.skip: must be a list of check ids (got "pss/")');
  });
});

describe('cdk8s synth with the plugin listed in cdk8s.yaml', () => {
  let project: string;

  beforeAll(() => {
    ensureBuilt();
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-synth-'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(project, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node main.js',
      'validations:',
      `  - package: ${ROOT}`,
      '    version: 0.0.0',
      '    class: HaruValidationPlugin',
      '    properties:',
      '      pss: restricted',
      '',
    ].join('\n'));
  }, 180_000);

  function synth(pod: unknown) {
    fs.writeFileSync(path.join(project, 'main.js'), [
      "const { App, Chart, ApiObject } = require('cdk8s');",
      'const app = new App();',
      "const chart = new Chart(app, 'web');",
      `new ApiObject(chart, 'pod', ${JSON.stringify(pod)});`,
      'app.synth();',
      '',
    ].join('\n'));
    return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth'], {
      cwd: project,
      encoding: 'utf-8',
      timeout: 120_000,
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
    });
  }

  it('fails synth on a chart whose pod breaks PSS restricted', () => {
    const r = synth(PLAIN_POD);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('Validation Report');
    expect(r.stdout).toMatch(/Status\s+│ failure/);
    expect(r.stdout).toContain('pss/runAsNonRoot (1 occurrences)');
    expect(r.stdout).toContain('- Construct Path: web/pod');
    expect(r.stdout).toContain('> line 7: spec.containers[0].securityContext.allowPrivilegeEscalation: must be set to false');
    expect(r.stderr).toContain('Validation failed');
  });

  it('passes synth on a clean chart', () => {
    const r = synth(HARDENED_POD);
    expect(r.stderr).not.toContain('Validation failed');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Status\s+│ success/);
    expect(r.stdout).toContain('Validations ended succesfully');
    expect(fs.readFileSync(path.join(project, 'dist', 'web.k8s.yaml'), 'utf-8')).toContain('hostUsers: false');
  });
});
