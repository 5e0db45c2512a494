/**
 * Suppressions in `cdk8s-haru check` (every format) and `admit --check` (with --junit), run
 * through the CLI entry point; the compiled bin once, as users run it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './build';
import { expatParse } from './xml';
import { run } from '../../lib/cli/main';

const FIX = 'test/cli/fixtures/suppress';
const SUPP = `${FIX}/suppressions.yaml`;

function cli(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '', stderrIsTty: false });
  return { code, stdout, stderr };
}

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-supp-'));
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

function xmlOk(xml: string): void {
  const parsed = expatParse(xml);
  if (parsed) expect(parsed.error).toBe('ok');
}

describe('check with suppressions', () => {
  const args = ['check', '--pss', 'baseline', '--suppressions', SUPP, `${FIX}/pods.yaml`];

  it('without suppressions: both pods fail (the annotation alone suppresses one)', () => {
    const r = cli(['check', '--pss', 'baseline', `${FIX}/pods.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error [pss/privileged]');
    expect(r.stdout).not.toContain('error [pss/hostNamespaces] spec.hostNetwork: must not share the host namespace (got true; allowed: false or unset). Remove hostNetwork.\n');
    expect(r.stdout).toContain('suppressed [pss/hostNamespaces] by test/cli/fixtures/suppress/pods.yaml: doc 2 Pod monitoring/agent annotation haru.cdk8s.io/suppress.pss.hostNamespaces (until 2999-01-31): the node agent reads host metrics; OPS-7');
  });

  it('text: exits 0, lists each suppressed finding with its reason and source, and the stale suppression', () => {
    const r = cli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'test/cli/fixtures/suppress/suppressions.yaml:8: notice [suppress/stale] suppression of pss/seccompProfile for * */gone-* matched no finding (got "kept for an object that was deleted"). Remove it if what it accepted is gone, or correct its check id and patterns.',
      'test/cli/fixtures/suppress/pods.yaml:11: doc 1 (line 1) Pod shop/legacy-billing: error [pss/privileged] spec.containers[0].securityContext.privileged: must not run privileged (got true; allowed: false or unset). Set privileged to false. -- suppressed [pss/privileged] by test/cli/fixtures/suppress/suppressions.yaml:2 (until 2999-12-31): the billing agent needs a privileged container until it is rebuilt; SEC-41',
      expect.stringContaining('Pod monitoring/agent: error [pss/hostNamespaces] spec.hostNetwork: must not share the host namespace'),
      'cdk8s-haru check: 2 documents in 1 file, no findings, 2 suppressed (pss: baseline).',
      '',
    ]);
  });

  it('json: suppressed findings with their suppression, and every suppression with its status', () => {
    const j = JSON.parse(cli([...args, '--format', 'json']).stdout);
    expect(j.counts).toEqual({ error: 0, warning: 0, notice: 1 });
    expect(j.findings.map((f: any) => f.checkId)).toEqual(['suppress/stale']);
    expect(j.suppressed.map((s: any) => [s.checkId, s.name, s.suppression.form, s.suppression.reason])).toEqual([
      ['pss/privileged', 'legacy-billing', 'file', 'the billing agent needs a privileged container until it is rebuilt; SEC-41'],
      ['pss/hostNamespaces', 'agent', 'annotation', 'the node agent reads host metrics; OPS-7'],
    ]);
    expect(j.suppressions.map((s: any) => [s.check, s.status, s.matched, s.expires])).toEqual([
      ['pss/privileged', 'applied', 1, '2999-12-31'],
      ['pss/seccompProfile', 'stale', 0, null],
      ['pss/hostNamespaces', 'applied', 1, '2999-01-31'],
    ]);
  });

  it('sarif: suppressed results stay, with SARIF suppressions (external for the file, inSource for the annotation)', () => {
    const s = JSON.parse(cli([...args, '--format', 'sarif']).stdout);
    const results = s.runs[0].results;
    expect(results.map((r: any) => [r.ruleId, r.suppressions?.[0]?.kind ?? null])).toEqual([
      ['suppress/stale', null], ['pss/privileged', 'external'], ['pss/hostNamespaces', 'inSource'],
    ]);
    expect(results[1].suppressions[0]).toMatchObject({ status: 'accepted', justification: 'the billing agent needs a privileged container until it is rebuilt; SEC-41' });
  });

  it('junit: a suite per file with a skipped case per suppressed finding, and a suite of suppressions', () => {
    const r = cli([...args, '--format', 'junit']);
    expect(r.code).toBe(0);
    xmlOk(r.stdout);
    expect(r.stdout).toContain('<testsuite name="test/cli/fixtures/suppress/pods.yaml" tests="2" failures="0" errors="0" skipped="2"');
    expect(r.stdout).toContain('<skipped message="suppressed [pss/privileged] by test/cli/fixtures/suppress/suppressions.yaml:2 (until 2999-12-31): the billing agent needs a privileged container until it is rebuilt; SEC-41"/>');
    expect(r.stdout).toContain('<testsuite name="suppressions" tests="3" failures="0" errors="0" skipped="1"');
    expect(r.stdout).toContain('<skipped message="stale: kept for an object that was deleted; matched 0"/>');
  });

  it('junit without suppressions: findings at or above --fail-on fail, the others pass with their message', () => {
    const r = cli(['check', '--pss', 'baseline', '--format', 'junit', `${FIX}/pods.yaml`, 'test/cli/fixtures/clean']);
    expect(r.code).toBe(1);
    xmlOk(r.stdout);
    expect(r.stdout).toContain('<testcase name="Pod shop/legacy-billing [pss/privileged] spec.containers[0].securityContext.privileged" classname="test/cli/fixtures/suppress/pods.yaml:doc1"');
    expect(r.stdout).toContain('<failure message="spec.containers[0].securityContext.privileged: must not run privileged (got true; allowed: false or unset). Set privileged to false." type="pss/privileged">');
    // Clean files are counted as one passing case each.
    expect(r.stdout).toMatch(/<testcase name="no findings" classname="test\/cli\/fixtures\/clean\/[^"]+"/);
  });

  it('an expired suppression stops applying: the finding is back, and the expiry is reported', () => {
    const expired = tmpFile('s.yaml', 'suppressions:\n  - check: pss/privileged\n    reason: SEC-41\n    expires: "2001-01-31"\n');
    const r = cli(['check', '--pss', 'baseline', '--suppressions', expired, `${FIX}/pods.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error [pss/privileged] spec.containers[0].securityContext.privileged: must not run privileged (got true; allowed: false or unset). Set privileged to false.\n');
    expect(r.stdout).toContain(`${expired}:2: warning [suppress/expired] suppression of pss/privileged for * */* expired on 2001-01-31; its findings are reported again (1 this run) (got "SEC-41"). Fix the findings, or renew the suppression with a new expiry if the reason still holds.`);
  });

  it('an invalid annotation is an error on its object and suppresses nothing', () => {
    const f = tmpFile('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    haru.cdk8s.io/suppress.pss.privileged: ""\nspec:\n  containers:\n    - name: a\n      image: a:1\n      securityContext: {privileged: true}\n');
    const r = cli(['check', '--pss', 'baseline', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Pod p: error [suppress/invalid-annotation] metadata.annotations["haru.cdk8s.io/suppress.pss.privileged"]: needs a reason: say why the finding is accepted (got ""; allowed: a non-empty text, optionally after "expires YYYY-MM-DD: "). Write the reason (a ticket, an owner) as the annotation value.');
    expect(r.stdout).toContain('error [pss/privileged]');
  });

  it('refuses an invalid suppression file before checking anything (exit 2)', () => {
    const bad = tmpFile('s.yaml', 'suppressions:\n  - check: pss/privileged\n');
    const r = cli(['check', '--suppressions', bad, `${FIX}/pods.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`cdk8s-haru check: ${bad}:2: suppressions[0].reason: is required: say why the finding is accepted (got nothing; allowed: a non-empty text). Give the reason (a ticket, an owner) so that reviewers and auditors can judge it\n`);
  });

  it('refuses a suppression file that does not exist (exit 2)', () => {
    const r = cli(['check', '--suppressions', 'no/such.yaml', `${FIX}/pods.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-haru check: cannot read the suppression file no/such.yaml: ENOENT\n');
  });

  it('never suppresses an unreadable document: the file form refuses the id', () => {
    const bad = tmpFile('s.yaml', 'suppressions:\n  - check: yaml/parse\n    reason: r\n');
    const r = cli(['check', '--suppressions', bad, `${FIX}/pods.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('suppressions[0].check: cannot be suppressed');
  });
});

describe('admit --check with suppressions and --junit', () => {
  const VFIX = 'test/cli/fixtures/admit-vap';

  it('honours suppressions on the admitted objects and writes a JUnit report with a case per object and per finding', () => {
    const supp = tmpFile('s.yaml', 'suppressions:\n  - check: pss/\n    kind: Pod\n    namespace: shop\n    reason: the shop pods are hardened by the platform admission policies; PLAT-3\n');
    const junit = path.join(path.dirname(supp), 'report.xml');
    const r = cli(['admit', '--policies', `${VFIX}/policies.yaml`, '--check', '--suppressions', supp, '--junit', junit, `${VFIX}/pods.yaml`]);
    // nolabel is denied by the team-label policy: exit 1 for the rejection, not for the suppressed findings.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('-- suppressed [pss/');
    expect(r.stderr).toContain('PLAT-3');
    const xml = fs.readFileSync(junit, 'utf-8');
    xmlOk(xml);
    expect(xml).toContain(`<testsuite name="admit ${VFIX}/pods.yaml" tests="3" failures="1"`);
    expect(xml).toContain('<testcase name="Pod shop/nolabel (document 3)"');
    expect(xml).toMatch(/<testsuite name="check \(admitted objects\)" tests="\d+" failures="0" errors="0" skipped="[1-9]\d*"/);
    expect(xml).toContain('<testsuite name="suppressions" tests="1" failures="0" errors="0" skipped="0"');
  });

  it('refuses --suppressions without --check (exit 2)', () => {
    const r = cli(['admit', '--policies', `${VFIX}/policies.yaml`, '--suppressions', SUPP, `${VFIX}/pods.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cdk8s-haru admit: --suppressions applies to the findings of --check; add --check');
  });
});

describe('the compiled bin', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('check --format junit with suppressions writes parseable XML and exits 0', () => {
    const r = runCli(['check', '--pss', 'baseline', '--format', 'junit', '--suppressions', SUPP, `${FIX}/pods.yaml`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cdk8s-haru check"')).toBe(true);
    xmlOk(r.stdout);
  });
});
