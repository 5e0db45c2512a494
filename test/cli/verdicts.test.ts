/**
 * `cdk8s-haru check` severities: warnings print but pass unless --fail-on warning, custom
 * resources are "not checked" notices until their CRD is given with --crd.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/main';

const FIX = 'test/cli/fixtures/verdicts';

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '', stderrIsTty: false });
  return { code, stdout, stderr };
}

describe('severities in check', () => {
  it('prints a warning and a not-checked notice and exits 0 (pss baseline: only the deprecated annotation)', () => {
    const r = cli(['check', '--pss', 'baseline', `${FIX}/warn.yaml`]);
    expect(r.stdout).toBe([
      `${FIX}/warn.yaml:6: doc 1 (line 1) Pod legacy: warning [pod/deprecated] metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]: is deprecated since v1.30 (got "runtime/default"). Set securityContext.appArmorProfile (e.g. type: RuntimeDefault) of container "app" instead.`,
      `${FIX}/warn.yaml:12: doc 2 (line 12) Widget w: notice [cli/not-checked] not checked: example.com/v1 Widget is not a Kubernetes 1.36 kind (a custom resource or a configuration file kind) and no CustomResourceDefinition for it was given. Pass its CustomResourceDefinition with --crd (or among the inputs) to check it.`,
      'cdk8s-haru check: 1 warning in 1 file (2 documents in 1 file, 1 not checked, pss: baseline).',
      '',
    ].join('\n'));
    expect(r.code).toBe(0);
  });

  it('fails on the warning with --fail-on warning', () => {
    expect(cli(['check', '--pss', 'baseline', '--fail-on', 'warning', `${FIX}/warn.yaml`]).code).toBe(1);
  });

  it('fails when --fail-on is not a severity', () => {
    const r = cli(['check', '--fail-on', 'notice', `${FIX}/warn.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('cdk8s-haru: --fail-on must be one of error, warning (got "notice")');
  });

  it('checks the custom resource against the CRD given with --crd, and fails on its error', () => {
    const r = cli(['check', '--pss', 'baseline', '--crd', `${FIX}/crd.yaml`, `${FIX}/warn.yaml`]);
    expect(r.stdout).toContain(`${FIX}/warn.yaml:17: doc 2 (line 12) Widget w: error [crd/bounds] spec.size: must be greater than or equal to 1 (got 0). Raise the value.`);
    expect(r.stdout).not.toContain('not checked');
    expect(r.code).toBe(1);
  });

  it('uses CRDs found among the inputs', () => {
    const r = cli(['check', '--pss', 'baseline', `${FIX}/crd.yaml`, `${FIX}/warn.yaml`]);
    expect(r.stdout).toContain('error [crd/bounds] spec.size');
    expect(r.code).toBe(1);
  });

  it('carries severities in JSON and SARIF (level warning, note)', () => {
    const json = JSON.parse(cli(['check', '--pss', 'baseline', '--format', 'json', `${FIX}/warn.yaml`]).stdout);
    expect(json.findings.map((f: any) => [f.checkId, f.severity])).toEqual([['pod/deprecated', 'warning'], ['cli/not-checked', 'notice']]);
    expect(json.counts).toEqual({ error: 0, warning: 1, notice: 1 });
    expect(json.unchecked).toBe(1);
    const sarif = JSON.parse(cli(['check', '--pss', 'baseline', '--format', 'sarif', `${FIX}/warn.yaml`]).stdout);
    expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.level])).toEqual([['pod/deprecated', 'warning'], ['cli/not-checked', 'note']]);
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => [r.id, r.defaultConfiguration.level])).toEqual([['cli/not-checked', 'note'], ['pod/deprecated', 'warning']]);
  });
});
