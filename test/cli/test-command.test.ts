/**
 * `cdk8s-haru test`: declarative admission tests over a real policy set — the
 * sidecar-injection example's MutatingAdmissionPolicy and a hand-written set of
 * ValidatingAdmissionPolicies with a parameter — in every output format, with goldens and
 * --update, suppressions, and the refusals of invalid test files.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, runCli } from './build';
import { expatParse } from './xml';
import { run } from '../../lib/cli/main';
import { partialDifference } from '../../lib/cli/test';

const FIX = 'test/cli/fixtures/test/platform';
const TEST_FILE = `${FIX}/platform.haru-test.yaml`;

function cli(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(['test', ...argv], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '', stderrIsTty: false });
  return { code, stdout, stderr };
}

/** A copy of the platform fixture in a temp directory, with the test file replaced by `test` (when given). */
function workspace(test?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-test-'));
  fs.cpSync(path.join(ROOT, FIX), dir, { recursive: true });
  if (test !== undefined) fs.writeFileSync(path.join(dir, 'platform.haru-test.yaml'), test);
  return dir;
}

const HEAD = 'policies: [policies/]\nparams: [params.yaml]\nnamespaces: [namespaces.yaml]\nresources: [resources.yaml]\n';

describe('the platform policy set', () => {
  it('keeps the sidecar-injection example\'s policy as the example synthesises it', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-synth-'));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'examples/sidecar-injection/main.ts'], { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: out }, stdio: 'pipe' });
    const synthesised = fs.readFileSync(path.join(out, 'sidecar-injection.k8s.yaml'), 'utf-8');
    const fixture = fs.readFileSync(path.join(ROOT, FIX, 'policies/sidecar.yaml'), 'utf-8');
    expect(fixture.split('\n').slice(1).join('\n')).toBe(synthesised);
  }, 60_000);

  it('text: every case passes; warnings and suppressed findings are listed; exit 0', () => {
    const r = cli([TEST_FILE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      `PASS ${TEST_FILE}:10: injects the envoy sidecar into a labelled pod`,
      `PASS ${TEST_FILE}:28: denies a pod without a team label`,
      `PASS ${TEST_FILE}:34: denies an image from another registry and warns about latest`,
      "  Warning: Validation failed for ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest': do not use the latest tag",
      `PASS ${TEST_FILE}:40: the team label may not change on update`,
      `PASS ${TEST_FILE}:57: a privileged legacy pod is accepted under a suppression`,
      `  error [pss/privileged] spec.containers[0].securityContext.privileged: must not run privileged (got true; allowed: false or unset). Set privileged to false. -- suppressed [pss/privileged] by ${FIX}/suppressions.yaml:2 (until 2999-12-31): the legacy billing agent needs a privileged container until it is rebuilt; SEC-41`,
      `${FIX}/suppressions.yaml:8: notice [suppress/stale] suppression of pss/seccompProfile for * */gone-* matched no finding (got "kept for an object that was deleted"). Remove it if what it accepted is gone, or correct its check id and patterns.`,
      'cdk8s-haru test: 5 cases in 1 file: 5 passed, 0 failed, 1 finding suppressed by 1 suppression.',
      '',
    ]);
  });

  it('finds *.haru-test.yaml files below a directory operand', () => {
    const r = cli([path.dirname(FIX)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 cases in 1 file: 5 passed');
  });

  it('json: per case the verdict, failures and what the cluster answered; the suppressions with their status', () => {
    const j = JSON.parse(cli(['--format', 'json', TEST_FILE]).stdout);
    expect(j.counts).toEqual({ cases: 5, passed: 5, failed: 0 });
    const [inject, noTeam, registry, update, legacy] = j.files[0].cases;
    expect(j.files[0].name).toBe('platform policies');
    expect(inject.actual.object.spec.initContainers[0].name).toBe('sidecar-proxy');
    expect(inject.actual.auditAnnotations).toEqual({ 'require-team/team': 'web' });
    expect(noTeam.actual).toMatchObject({ admitted: false, reason: 'Forbidden', message: 'pods "no-team" is forbidden: ValidatingAdmissionPolicy \'require-team\' with binding \'require-team\' denied request: pods need a team label' });
    expect(registry.actual.warnings).toHaveLength(1);
    expect(update.actual.message).toContain('the team label may not change from web');
    expect(legacy.actual.suppressed.map((s: any) => [s.checkId, s.suppression.form])).toEqual([['pss/privileged', 'file']]);
    expect(j.suppressions.map((s: any) => [s.check, s.status])).toEqual([['pss/privileged', 'applied'], ['pss/seccompProfile', 'stale']]);
  });

  it('junit: a suite per test file, a case per test case, a suite of suppressions; parseable XML', () => {
    const r = cli(['--format', 'junit', TEST_FILE]);
    expect(r.code).toBe(0);
    const parsed = expatParse(r.stdout);
    if (parsed) expect(parsed.error).toBe('ok');
    expect(r.stdout).toContain(`<testsuite name="platform policies (${TEST_FILE})" tests="5" failures="0" errors="0" skipped="0"`);
    expect(r.stdout).toContain('<testcase name="denies a pod without a team label"');
    expect(r.stdout).toContain('<testsuite name="suppressions" tests="2" failures="0" errors="0" skipped="1"');
  });
});

describe('failing cases exit 1 and say why', () => {
  const cases = `${HEAD}cases:
  - name: wrong verdict
    object: Pod/shop/no-team
    expect: {admitted: true}
  - name: wrong message
    object: Pod/shop/no-team
    expect: {admitted: false, message: something else, reason: Invalid}
  - name: wrong regex
    object: Pod/shop/no-team
    expect: {admitted: false, messageRegex: "^nope"}
  - name: wrong warnings
    object: Pod/staging/web
    expect: {admitted: false, warnings: []}
  - name: wrong audit annotation
    object: Pod/shop/web
    expect: {admitted: true, auditAnnotations: {require-team/team: payments, other/key: x}}
  - name: wrong partial object
    object: Pod/shop/web
    expect:
      admitted: true
      object: {spec: {initContainers: [{name: sidecar-proxy, image: envoyproxy/envoy:v1.30}]}}
  - name: denied but expected admitted with a golden
    object: Pod/shop/no-team
    expect: {admitted: true, golden: golden/nope.yaml}
`;

  it('lists every difference under its FAIL line', () => {
    const dir = workspace(cases);
    const r = cli([path.join(dir, 'platform.haru-test.yaml')]);
    expect(r.code).toBe(1);
    const out = r.stdout.replace(new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), 'D');
    expect(out).toContain('FAIL D/platform.haru-test.yaml:6: wrong verdict\n  expected admitted, got denied: pods "no-team" is forbidden:');
    expect(out).toContain('  denial message does not contain "something else": got "pods \\"no-team\\" is forbidden:');
    expect(out).toContain('  expected reason Invalid, got Forbidden\n');
    expect(out).toContain('  denial message does not match /^nope/: got');
    expect(out).toContain('  expected warnings [], got ["Validation failed for ValidatingAdmissionPolicy \'no-latest\' with binding \'no-latest\': do not use the latest tag"]');
    expect(out).toContain('  audit annotation require-team/team: expected "payments", got "web"\n  audit annotation other/key: expected "x", got none\n');
    expect(out).toContain('  admitted object: spec.initContainers[0].image: expected "envoyproxy/envoy:v1.30", got "envoyproxy/envoy:v1.31"');
    expect(out).toMatch(/FAIL D\/platform.haru-test.yaml:\d+: denied but expected admitted with a golden\n {2}expected admitted, got denied/);
    expect(out).toContain('cdk8s-haru test: 7 cases in 1 file: 0 passed, 7 failed.');
  });

  it('junit: the failing cases carry <failure> with every difference', () => {
    const dir = workspace(cases);
    const r = cli(['--format', 'junit', path.join(dir, 'platform.haru-test.yaml')]);
    expect(r.code).toBe(1);
    const parsed = expatParse(r.stdout);
    if (parsed) expect(parsed.error).toBe('ok');
    expect(r.stdout).toMatch(/tests="7" failures="7"/);
    expect(r.stdout).toMatch(/<failure message="denial message does not contain &quot;something else&quot;: [^"]*" type="AdmissionTestFailure">[^<]*\nexpected reason Invalid, got Forbidden<\/failure>/);
  });

  it('fails an unsuppressed check finding on the admitted object, and an unexpected one with findings', () => {
    const dir = workspace(`${HEAD}check: {pss: baseline}\ncases:
  - name: privileged
    object: {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: shop, labels: {team: a}}, spec: {containers: [{name: a, image: registry.example.com/a:1, securityContext: {privileged: true}}]}}
    expect: {admitted: true}
  - name: privileged, expected
    object: {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: shop, labels: {team: a}}, spec: {containers: [{name: a, image: registry.example.com/a:1, securityContext: {privileged: true}}]}}
    expect: {admitted: true, findings: [pss/privileged]}
  - name: privileged, annotated
    object: {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: shop, labels: {team: a}, annotations: {haru.cdk8s.io/suppress.pss.privileged: "expires 2999-01-01: SEC-1"}}, spec: {containers: [{name: a, image: registry.example.com/a:1, securityContext: {privileged: true}}]}}
    expect: {admitted: true, findings: []}
`);
    const r = cli([path.join(dir, 'platform.haru-test.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL \S+:\d+: privileged\n {2}check findings on the admitted object: \[pss\/privileged\] spec.containers\[0\].securityContext.privileged: must not run privileged/);
    expect(r.stdout).toMatch(/PASS \S+:\d+: privileged, expected\n/);
    expect(r.stdout).toMatch(/PASS \S+:\d+: privileged, annotated\n {2}error \[pss\/privileged\] .* -- suppressed \[pss\/privileged\] by .* annotation haru.cdk8s.io\/suppress.pss.privileged \(until 2999-01-01\): SEC-1\n/);
  });
});

describe('golden files', () => {
  const golden = `${HEAD}cases:\n  - name: web\n    object: Pod/shop/web\n    expect: {admitted: true, golden: golden/out/web.yaml}\n`;

  it('fails when the golden file is missing, --update writes it, then the case passes', () => {
    const dir = workspace(golden);
    const file = path.join(dir, 'platform.haru-test.yaml');
    const missing = cli([file]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('  golden file golden/out/web.yaml does not exist; run with --update to write it\n');
    const update = cli(['--update', file]);
    expect(update.code).toBe(0);
    expect(update.stdout).toContain(': web (golden file golden/out/web.yaml written)\n');
    expect(fs.readFileSync(path.join(dir, 'golden/out/web.yaml'), 'utf-8')).toBe(fs.readFileSync(path.join(ROOT, FIX, 'golden/web.yaml'), 'utf-8'));
    const again = cli(['--update', file]);
    expect(again.stdout).not.toContain('written');
    expect(cli([file]).code).toBe(0);
  });

  it('fails when the admitted object differs from the golden file, naming the first differing line', () => {
    const dir = workspace(golden);
    fs.mkdirSync(path.join(dir, 'golden/out'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'golden/out/web.yaml'), fs.readFileSync(path.join(ROOT, FIX, 'golden/web.yaml'), 'utf-8').replace('envoyproxy/envoy:v1.31', 'envoyproxy/envoy:v1.30'));
    const r = cli([path.join(dir, 'platform.haru-test.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  admitted object differs from golden file golden/out/web.yaml (line 34: expected "      image: envoyproxy/envoy:v1.30", got "      image: envoyproxy/envoy:v1.31"); run with --update to accept it\n');
  });
});

describe('invalid test files are refused (exit 2) with file, line, field, value, what is allowed and the fix', () => {
  const refusals: Array<[string, string, string]> = [
    ['an unknown top-level field', `${HEAD}polices: []\ncases: []\n`, ':5: polices: unknown field (got string "polices"; allowed: name, policies, params, namespaces, resources, defaults, user, check, suppressions, cases). Remove it or correct its name'],
    ['no policies', 'cases: [{name: a, object: Pod/a, expect: {admitted: true}}]\n', ':1: policies: is required (got nothing; allowed: files or directories with the policies and bindings). List the policy files'],
    ['a policy path that does not exist', 'policies: [nope.yaml]\ncases: []\n', ':1: policies[0]: names no file or directory (got string "nope.yaml"; allowed: a path relative to the test file). Correct the path'],
    ['no cases', `${HEAD}cases: []\n`, ':5: cases: must be a non-empty list (got a list; allowed: a list of {name, object, expect}). Add at least one case'],
    ['a case without expect', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web}\n`, ':6: cases[0].expect: is required (got nothing; allowed: a mapping with admitted: true|false). Say what the cluster answers'],
    ['expect without admitted', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, expect: {message: x}}\n`, ':6: cases[0].expect.admitted: is required and must be true or false (got nothing; allowed: true, false). Say whether the request is admitted'],
    ['a message for an admitted request', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: true, message: x}}\n`, 'cases[0].expect.message: applies to a denied request only (got string "x"; allowed: with admitted: false). Remove message, or expect admitted: false'],
    ['a golden file for a denied request', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: false, golden: g.yaml}}\n`, 'cases[0].expect.golden: applies to an admitted request only'],
    ['an unknown field in expect', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: true, patched: {}}}\n`, 'cases[0].expect.patched: unknown field (got string "patched"; allowed: admitted, message, messageRegex, reason, warnings, auditAnnotations, object, golden, findings).'],
    ['a reference to no resource', `${HEAD}cases:\n  - {name: a, object: Pod/shop/nope, expect: {admitted: true}}\n`, 'cases[0].object: names no object of resources (got string "Pod/shop/nope"; allowed: Pod/shop/web, Pod/shop/no-team, Pod/staging/web). Add the object to a resources file, or correct the reference'],
    ['an ambiguous reference', `${HEAD}cases:\n  - {name: a, object: Pod/web, expect: {admitted: true}}\n`, 'cases[0].object: names more than one object of resources (got string "Pod/web";'],
    ['a malformed reference', `${HEAD}cases:\n  - {name: a, object: web, expect: {admitted: true}}\n`, 'cases[0].object: is not a reference to a resource (got string "web";'],
    ['an inline object without kind', `${HEAD}cases:\n  - {name: a, object: {metadata: {name: x}}, expect: {admitted: true}}\n`, 'cases[0].object.kind: an inline object needs apiVersion and kind'],
    ['an operation admission policies do not run here', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, operation: DELETE, expect: {admitted: true}}\n`, 'cases[0].operation: is not an operation admission policies run on here (got string "DELETE"; allowed: CREATE, UPDATE).'],
    ['a CREATE with an old object', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, oldObject: Pod/shop/web, operation: CREATE, expect: {admitted: true}}\n`, 'cases[0].operation: a CREATE has no old object'],
    ['two cases with one name', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: true}}\n  - {name: a, object: Pod/shop/web, expect: {admitted: true}}\n`, 'cases[1].name: is the name of an earlier case (got string "a";'],
    ['findings without check', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: true, findings: []}}\n`, 'cases[0].expect.findings: needs the check rules to run (got a list; allowed: with a top-level check: {pss: ...}).'],
    ['a bad Pod Security level', `${HEAD}check: {pss: strict}\ncases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: true}}\n`, 'check.pss: is not a Pod Security level (got string "strict"; allowed: restricted, baseline, none). Choose a level'],
    ['a bad regular expression', `${HEAD}cases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: false, messageRegex: "("}}\n`, 'cases[0].expect.messageRegex: is not a regular expression:'],
    ['a user without a name', `${HEAD}user: {groups: [dev]}\ncases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: true}}\n`, 'user.name: must be a non-empty string (got nothing; allowed: a string). Give the user name'],
    ['a non-Namespace among namespaces', 'policies: [policies/]\nnamespaces: [params.yaml]\ncases:\n  - {name: a, object: {apiVersion: v1, kind: Pod}, expect: {admitted: true}}\n', 'namespaces: holds an object that is not a Namespace'],
    ['a missing suppression file', `${HEAD}suppressions: [nope.yaml]\ncases:\n  - {name: a, object: Pod/shop/web, expect: {admitted: true}}\n`, 'suppressions[0]: names no file (got string "nope.yaml";'],
    ['invalid YAML', 'policies: [\n', ': (file): not valid YAML:'],
  ];
  it.each(refusals)('refuses %s', (_what, text, message) => {
    const dir = workspace(text);
    const r = cli([path.join(dir, 'platform.haru-test.yaml')]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cdk8s-haru test: ${path.join(dir, 'platform.haru-test.yaml')}`);
    expect(r.stderr).toContain(message);
  });

  it('refuses a suppression file a test file lists when it is invalid', () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'suppressions.yaml'), 'suppressions:\n  - check: pss/privileged\n    reason: r\n    expires: "2027-02-30"\n');
    const r = cli([path.join(dir, 'platform.haru-test.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('suppressions[0].expires: must be a day written YYYY-MM-DD (got "2027-02-30";');
  });

  it('refuses policies the API server would refuse, and runs nothing', () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'policies/broken.yaml'), 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: broken}\nspec:\n  matchConstraints: {resourceRules: [{apiGroups: [""], apiVersions: [v1], resources: [pods], operations: [CREATE]}]}\n  validations: [{expression: "objct.x"}]\n');
    const r = cli([path.join(dir, 'platform.haru-test.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('the API server would refuse these policies or bindings; nothing was run:\n  [cel/undeclared]');
  });

  it('usage errors: no operand, an unknown option, a bad format, a directory without test files', () => {
    expect(cli([]).stderr).toContain('cdk8s-haru test: no test file given');
    expect(cli(['--nope', TEST_FILE]).stderr).toContain('cdk8s-haru test: unknown option --nope');
    expect(cli(['--format', 'xml', TEST_FILE]).stderr).toContain('--format must be one of text, json, junit (got "xml")');
    expect(cli(['test/cli/fixtures/admit']).stderr).toContain('test/cli/fixtures/admit: no test files below it');
    expect(cli(['no/such']).code).toBe(2);
    expect(cli(['--help']).stdout).toContain('Usage: cdk8s-haru test');
  });
});

describe('partial objects', () => {
  it('compares only the fields given; lists item by item; null means absent', () => {
    expect(partialDifference({ a: { b: 1 } }, { a: { b: 1, c: 2 }, d: 3 })).toBeUndefined();
    expect(partialDifference({ a: [{ n: 'x' }] }, { a: [{ n: 'x', v: 1 }] })).toBeUndefined();
    expect(partialDifference({ a: [{ n: 'x' }] }, { a: [{ n: 'x' }, { n: 'y' }] })).toBe('a: expected 1 items, got 2');
    expect(partialDifference({ a: null }, {})).toBeUndefined();
    expect(partialDifference({ a: null }, { a: 1 })).toBe('a: expected no value, got 1');
    expect(partialDifference({ a: { b: 1 } }, {})).toBe('a: expected a mapping, got nothing');
  });
});

describe('the compiled bin', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('runs the platform tests: exit 0, and JUnit XML that parses', () => {
    const r = runCli(['test', TEST_FILE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 passed, 0 failed');
    const j = runCli(['test', '--format', 'junit', TEST_FILE]);
    expect(j.code).toBe(0);
    const parsed = expatParse(j.stdout);
    if (parsed) expect(parsed.error).toBe('ok');
  });

  it('exits 1 on a failing case and 2 on an invalid test file', () => {
    const dir = workspace(`${HEAD}cases:\n  - {name: a, object: Pod/shop/no-team, expect: {admitted: true}}\n`);
    expect(runCli(['test', path.join(dir, 'platform.haru-test.yaml')]).code).toBe(1);
    fs.writeFileSync(path.join(dir, 'platform.haru-test.yaml'), `${HEAD}cases: 3\n`);
    expect(runCli(['test', path.join(dir, 'platform.haru-test.yaml')]).code).toBe(2);
  });
});

describe('the platform-policies example\'s own test file (the README\'s CI example)', () => {
  it('passes every case against the policies the example synthesises', () => {
    // the same layout as the repository: examples/platform-policies/ beside manifests/platform-policies/
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-platform-'));
    const outdir = path.join(root, 'manifests', 'platform-policies');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'examples/platform-policies/main.ts'], { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: 'pipe' });
    const ex = path.join(root, 'examples', 'platform-policies');
    fs.mkdirSync(ex, { recursive: true });
    for (const f of ['platform.haru-test.yaml', 'workloads.yaml']) fs.copyFileSync(path.join(ROOT, 'examples', 'platform-policies', f), path.join(ex, f));
    const r = cli([ex]);
    expect(r.stdout + r.stderr).toContain('5 cases in 1 file: 5 passed, 0 failed');
    expect(r.code).toBe(0);
  });
});
