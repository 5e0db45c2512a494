/**
 * `cdk8s-haru check` as users run it: the compiled bin as a subprocess, on fixture files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, runCli } from './build';

const FIX = 'test/cli/fixtures';

beforeAll(() => ensureBuilt(), 180_000);

describe('clean input', () => {
  it('exits 0 on a directory of clean manifests (walked recursively, YAML and JSON)', () => {
    const r = runCli(['check', `${FIX}/clean`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('cdk8s-haru check: 4 documents in 3 files, no findings (pss: restricted).\n');
  });

  it('exits 0 on a single clean file given by path', () => {
    const r = runCli(['check', `${FIX}/clean/flowcontrol.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 document in 1 file, no findings');
  });
});

describe('findings exit 1 and name file, line, document, object, check id and field', () => {
  const cases: Array<[string, string, string]> = [
    ['schema: unknown field', 'schema-unknown-field.yaml',
      `${FIX}/findings/schema-unknown-field.yaml:16: doc 2 (line 8) Service web: error [schema/unknown-field] spec.ports[0].targetPortt: unknown field "targetPortt" in ServicePort`],
    ['PSS restricted violation', 'pss-restricted.yaml',
      `${FIX}/findings/pss-restricted.yaml:15: doc 1 (line 1) Pod root-pod: error [pss/runAsUser] spec.containers[0].securityContext.runAsUser: must not be 0 (got 0;`],
    ['DRA rule', 'dra-count.yaml',
      `${FIX}/findings/dra-count.yaml:13: doc 1 (line 1) ResourceClaim ml/all-gpus: error [dra/count] spec.devices.requests[0].exactly.count: must not be specified when allocationMode is 'All' (got 2;`],
    ['APF shuffle-sharding entropy', 'apf-entropy.yaml',
      `${FIX}/findings/apf-entropy.yaml:13: doc 1 (line 1) PriorityLevelConfiguration wide-hands: error [flowcontrol/entropy] spec.limited.limitResponse.queuing.handSize: required entropy bits of deckSize 128 and handSize 40 should not be greater than 60`],
    // An undeclared variable fails to compile on the server too (object itself is dynamic there:
    // a misspelt field of object is only the admission/type-check warning).
    ['CEL error in a MutatingAdmissionPolicy', 'map-cel.yaml',
      `${FIX}/findings/map-cel.yaml:17: doc 1 (line 1) MutatingAdmissionPolicy add-team-label: error [cel/undeclared] spec.mutations[0].applyConfiguration.expression: undeclared reference to 'objct'`],
    ['strict AuthorizationConfiguration shape', 'authz-metadata.yaml',
      `${FIX}/findings/authz-metadata.yaml:3: doc 1 (line 1) AuthorizationConfiguration authz: error [authz/unknown-field] metadata: unknown field in AuthorizationConfiguration`],
  ];
  it.each(cases)('reports a %s', (_what, file, line) => {
    const r = runCli(['check', `${FIX}/findings/${file}`]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith(line)).toBe(true);
    expect(lines[1]).toMatch(/^cdk8s-haru check: 1 error in 1 file \(\d+ documents? in 1 file, pss: restricted\)\.$/);
  });

  it('reports unparseable YAML as a finding with its line and still checks the other documents', () => {
    const r = runCli(['check', `${FIX}/findings/broken.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${FIX}/findings/broken.yaml:9: doc 2 (line 6): error [yaml/parse] not valid YAML: Nested mappings are not allowed in compact mappings. Fix the YAML syntax; the document was not checked.`);
    expect(r.stdout).toContain('1 error in 1 file (2 documents in 1 file');
  });

  it('reports every file of a run, in operand order, with one summary', () => {
    const r = runCli(['check', `${FIX}/findings/dra-count.yaml`, `${FIX}/clean`, `${FIX}/findings/apf-entropy.yaml`]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual([`${FIX}/findings/dra-count.yaml`, `${FIX}/findings/apf-entropy.yaml`, 'cdk8s-haru check']);
    expect(lines[2]).toBe('cdk8s-haru check: 2 errors in 2 files (6 documents in 5 files, pss: restricted).');
  });

  it('prints only the findings with --quiet', () => {
    const r = runCli(['check', '-q', `${FIX}/findings/dra-count.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('--pss and --skip', () => {
  it('passes a pod that runs as UID 0 at --pss baseline (runAsUser is a restricted check)', () => {
    const r = runCli(['check', '--pss', 'baseline', `${FIX}/findings/pss-restricted.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no findings (pss: baseline)');
  });

  it('reports a privileged container at --pss baseline', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext: {privileged: true}\n';
    const r = runCli(['check', '--pss=baseline', '-'], { input: pod });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('-:8: doc 1 (line 1) Pod p: error [pss/privileged] spec.containers[0].securityContext.privileged:');
  });

  it('runs no Pod Security check with --pss none', () => {
    const r = runCli(['check', '--pss', 'none', `${FIX}/findings/pss-restricted.yaml`]);
    expect(r.code).toBe(0);
  });

  it('drops the findings of a skipped check id, and of a skipped area', () => {
    expect(runCli(['check', '--skip', 'pss/runAsUser', `${FIX}/findings/pss-restricted.yaml`]).code).toBe(0);
    expect(runCli(['check', '--skip', 'flowcontrol/,dra/', `${FIX}/findings/apf-entropy.yaml`, `${FIX}/findings/dra-count.yaml`]).code).toBe(0);
  });

  it('accepts a PSS violation the object explains with a recorded opt-out', () => {
    const src = fs.readFileSync(path.join(ROOT, FIX, 'findings/pss-restricted.yaml'), 'utf-8')
      .replace('runAsUser: 0', 'runAsUser: 10001')
      .replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true');
    const unexplained = runCli(['check', '-'], { input: src });
    expect(unexplained.code).toBe(1);
    expect(unexplained.stdout).toContain('[pss/allowPrivilegeEscalation]');
    const explained = src.replace('  name: root-pod\n', '  name: root-pod\n  annotations:\n    haru.cdk8s.io/opt-out.privilege-escalation: "setuid helper"\n');
    const r = runCli(['check', '-'], { input: explained });
    expect(r.stdout).toContain('no findings');
    expect(r.code).toBe(0);
  });
});

describe('standard input', () => {
  it('checks documents piped to -', () => {
    const r = runCli(['check', '-'], { input: fs.readFileSync(path.join(ROOT, FIX, 'findings/dra-count.yaml'), 'utf-8') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^-:13: doc 1 \(line 1\) ResourceClaim ml\/all-gpus: error \[dra\/count\]/);
  });

  it('exits 0 on clean input from a pipe', () => {
    const r = runCli(['check', '-'], { input: fs.readFileSync(path.join(ROOT, FIX, 'clean/workloads.yaml'), 'utf-8') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 documents in 1 file, no findings');
  });
});

describe('usage errors and unreadable input exit 2 with a message', () => {
  it('fails when a file does not exist', () => {
    const r = runCli(['check', `${FIX}/clean`, 'no/such/file.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-haru check: cannot read no/such/file.yaml: no such file or directory\n');
    expect(r.stdout).toBe('');
  });

  it('fails when a file is binary', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-cli-'));
    fs.writeFileSync(path.join(dir, 'garbage.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]));
    const r = runCli(['check', path.join(dir, 'garbage.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk8s-haru check: ${path.join(dir, 'garbage.yaml')} is not a text file (it contains NUL bytes)\n`);
  });

  it('fails when standard input is not UTF-8 text', () => {
    const r = runCli(['check', '-'], { input: Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xc3, 0x28, 0x0a]) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-haru check: standard input is not UTF-8 text\n');
  });

  it('fails when a directory holds no manifests', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-cli-'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    const r = runCli(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk8s-haru check: ${dir} holds no *.yaml, *.yml, *.json files\n`);
  });

  it.skipIf(process.getuid?.() === 0)('fails when a directory cannot be read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-cli-'));
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o000);
    try {
      const r = runCli(['check', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`cdk8s-haru check: cannot read directory ${locked}: permission denied\n`);
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });

  it.each([
    [['check'], 'cdk8s-haru check: no input given; name files, directories or - for standard input'],
    [[], 'cdk8s-haru: missing command; the command is "check"'],
    [['lint', 'x.yaml'], 'cdk8s-haru: unknown command "lint"; the command is "check"'],
    [['check', '--pss', 'strict', 'x.yaml'], 'cdk8s-haru: --pss must be one of restricted, baseline, none (got "strict")'],
    [['check', '--format', 'xml', 'x.yaml'], 'cdk8s-haru: --format must be one of text, json, sarif, junit (got "xml")'],
    [['check', '--colour', 'x.yaml'], 'cdk8s-haru: unknown option --colour'],
    [['check', 'x.yaml', '--pss'], 'cdk8s-haru: --pss needs a value'],
    [['check', '-', '-'], "cdk8s-haru check: '-' (standard input) may be given only once"],
  ])('fails on the command line %j', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.stdout).toBe('');
  });
});

describe('--help and --version', () => {
  it('prints the usage with --help and exits 0', () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-haru check [options] <file|dir|->...');
    expect(r.stdout).toContain('--pss <level>');
    expect(r.stdout).toContain('Exit status: 0 nothing at or above --fail-on, 1 findings that are, 2 usage error or');
  });

  it('prints the package version with --version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });
});

describe('--format json', () => {
  it('prints a JSON report with every finding located', () => {
    const r = runCli(['check', '--format', 'json', `${FIX}/findings/schema-unknown-field.yaml`, `${FIX}/findings/broken.yaml`]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ tool: 'cdk8s-haru', pss: 'restricted', files: 2, documents: 4 });
    expect(report.findings).toHaveLength(2);
    expect(report.findings[0]).toEqual({
      file: `${FIX}/findings/schema-unknown-field.yaml`,
      document: 2,
      documentLine: 8,
      line: 16,
      kind: 'Service',
      namespace: null,
      name: 'web',
      field: 'spec.ports[0].targetPortt',
      checkId: 'schema/unknown-field',
      severity: 'error',
      message: expect.stringContaining('spec.ports[0].targetPortt: unknown field "targetPortt"'),
      problem: expect.stringContaining('unknown field'),
      got: null,
      allowed: expect.stringContaining('targetPort'),
      fix: 'Rename it to "targetPort"',
    });
    expect(report.findings[1]).toMatchObject({ file: `${FIX}/findings/broken.yaml`, document: 2, line: 9, checkId: 'yaml/parse', kind: null, name: null, field: '' });
  });

  it('prints an empty findings list for clean input', () => {
    const r = runCli(['check', '--format', 'json', `${FIX}/clean`]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: 3, documents: 4, findings: [] });
  });
});

describe('--format sarif', () => {
  it('prints a SARIF 2.1.0 log with the rules that fired and one located result per finding', () => {
    const r = runCli(['check', '--format', 'sarif', `${FIX}/findings/pss-restricted.yaml`, `${FIX}/findings/apf-entropy.yaml`]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('cdk8s-haru');
    expect(driver.rules.map((x: any) => x.id)).toEqual(['flowcontrol/entropy', 'pss/runAsUser']);
    for (const rule of driver.rules) expect(rule.shortDescription.text).toMatch(/\S/);
    const results = log.runs[0].results;
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      ruleId: 'pss/runAsUser',
      ruleIndex: 1,
      level: 'error',
      message: { text: expect.stringContaining('Pod root-pod: spec.containers[0].securityContext.runAsUser: must not be 0') },
      locations: [{ physicalLocation: { artifactLocation: { uri: `${FIX}/findings/pss-restricted.yaml` }, region: { startLine: 15 } } }],
    });
    expect(results[1]).toMatchObject({ ruleId: 'flowcontrol/entropy', ruleIndex: 0, locations: [{ physicalLocation: { region: { startLine: 13 } } }] });
  });

  it('names standard input "stdin" in the artifact location', () => {
    const r = runCli(['check', '--format=sarif', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndatta: {}\n' });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.runs[0].results).toHaveLength(1);
    expect(log.runs[0].results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'stdin' }, region: { startLine: 4 } });
  });

  it('has no rules and no results for clean input', () => {
    const r = runCli(['check', '--format=sarif', `${FIX}/clean`]);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
  });
});
