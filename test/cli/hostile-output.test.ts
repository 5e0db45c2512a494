/**
 * Output a pull request cannot steer, and runs that end cleanly when their output cannot be
 * written: the classes of hostile input that target the CI log rather than the checker.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, runCli } from './build';
import { escapeUntrusted, hasUnsafeCharacters } from '../../lib/cli/escape';
import { internalErrorMessage, outputErrorExit } from '../../lib/cli/main';

beforeAll(() => ensureBuilt(), 180_000);

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'haru-hostile-'));
}

/** A privileged pod (so it has findings) whose name and namespace carry `text`. */
function podNamed(name: string, namespace = 'default'): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${JSON.stringify(name)}`,
    `  namespace: ${JSON.stringify(namespace)}`,
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: nginx:1.27',
    '    securityContext:',
    '      privileged: true',
    '',
  ].join('\n');
}

// Every character class that can start a new line, move the cursor or reorder text.
const FORGERIES: Array<[string, string]> = [
  ['a newline followed by a GitHub Actions workflow command', 'x\n::error file=a.yaml,line=1::forged'],
  ['a stop-commands line', 'x\n::stop-commands::pwned'],
  ['a carriage return and an erase-line escape', 'x\r\u001b[2Kcdk8s-haru check: 1 document in 1 file, no findings (pss: restricted).'],
  ['a CRLF pair', 'x\r\n::warning::forged'],
  ['a vertical tab and a form feed', 'x\u000b\u000cy'],
  ['a backspace run', 'abc\b\b\bxyz'],
  ['a C1 control (CSI)', 'x\u009b2Ky'],
  ['the Unicode line separator', 'x\u2028::error::forged'],
  ['the Unicode paragraph separator', 'x\u2029::error::forged'],
  ['a right-to-left override', 'x\u202egnp.exe'],
  ['a bidi isolate', 'x\u2066y\u2069'],
  ['a NUL', 'x\u0000y'],
  ['DEL', 'x\u007fy'],
];

describe('escapeUntrusted', () => {
  it.each(FORGERIES)('leaves no raw control character for %s', (_label, text) => {
    const out = escapeUntrusted(text);
    expect(hasUnsafeCharacters(out)).toBe(false);
    expect(out).not.toMatch(/[\r\n]/);
  });

  it('shows what was there as a readable escape', () => {
    expect(escapeUntrusted('a\nb\r\tc\u001b[2K\u2028\u0000')).toBe('a\\nb\\r\\tc\\x1b[2K\\u2028\\0');
  });

  it('leaves ordinary text, quotes and non-Latin scripts alone', () => {
    const text = 'spec.containers[0].image: must not be "latest" — 名前 ünïcödé 🚀';
    expect(escapeUntrusted(text)).toBe(text);
  });
});

describe('check: one finding is one line, whatever the names hold', () => {
  it.each(FORGERIES)('a pod name with %s', (_label, name) => {
    const dir = tmpdir();
    const file = path.join(dir, 'pod.yaml');
    fs.writeFileSync(file, podNamed(name, name));
    const r = runCli(['check', file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    // Every line is either a finding for our file or the summary; nothing the name forged.
    for (const line of lines) {
      expect(line.startsWith(`${file}:`) || line.startsWith('cdk8s-haru check: ')).toBe(true);
      expect(hasUnsafeCharacters(line)).toBe(false);
    }
    expect(lines.filter((l) => l.startsWith('cdk8s-haru check: '))).toHaveLength(1);
    expect(r.stdout).not.toMatch(/^::/m);
  });

  it('a file name with a newline is escaped too', () => {
    const dir = tmpdir();
    const file = path.join(dir, 'evil\n::error::forged.yaml');
    fs.writeFileSync(file, podNamed('web'));
    const r = runCli(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^::/m);
    expect(r.stdout).toContain('evil\\n::error::forged.yaml');
  });

  it('JSON output keeps the exact name (escaped by JSON itself)', () => {
    const dir = tmpdir();
    const file = path.join(dir, 'pod.yaml');
    fs.writeFileSync(file, podNamed('x\n::error::forged'));
    const r = runCli(['check', '--format', 'json', file]);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.findings[0].name).toBe('x\n::error::forged');
  });
});

describe('admit: rejection lines cannot be forged', () => {
  it('escapes the object name in the rejection message', () => {
    const dir = tmpdir();
    const policies = path.join(dir, 'policies.yaml');
    // A policy whose patch fails at run time (removing a key that is not there), so that the
    // object is rejected under failurePolicy Fail.
    fs.writeFileSync(policies, [
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: MutatingAdmissionPolicy',
      'metadata: {name: breaks}',
      'spec:',
      '  failurePolicy: Fail',
      '  reinvocationPolicy: Never',
      '  matchConstraints:',
      '    resourceRules:',
      '    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}',
      '  mutations:',
      '  - patchType: JSONPatch',
      '    jsonPatch:',
      '      expression: >-',
      '        [JSONPatch{op: "remove", path: "/metadata/annotations/absent"}]',
      '---',
      'apiVersion: admissionregistration.k8s.io/v1',
      'kind: MutatingAdmissionPolicyBinding',
      'metadata: {name: breaks}',
      'spec: {policyName: breaks}',
      '',
    ].join('\n'));
    const pod = path.join(dir, 'pod.yaml');
    fs.writeFileSync(pod, podNamed('x\n::error::forged\r\u001b[2K'));
    const r = runCli(['admit', '--policies', policies, pod]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rejected');
    expect(r.stderr).not.toMatch(/^::/m);
    expect(hasUnsafeCharacters(r.stderr.replace(/\n/g, ''))).toBe(false);
  });
});

describe('output that cannot be written', () => {
  function shell(script: string): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf-8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('`| head -1` ends quietly with the exit code of the run (findings: 1)', () => {
    const dir = tmpdir();
    const file = path.join(dir, 'pods.yaml');
    // Enough findings that the output does not fit one pipe buffer.
    fs.writeFileSync(file, Array.from({ length: 400 }, (_, i) => podNamed(`web-${i}`)).join('---\n'));
    const r = shell(`"${process.execPath}" "${BIN}" check "${file}" | head -1 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('exit=1');
  });

  it('`| head -1` on a clean run keeps exit code 0', () => {
    const dir = tmpdir();
    const file = path.join(dir, 'ok.yaml');
    const ok = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n';
    fs.writeFileSync(file, Array.from({ length: 3000 }, () => ok).join('---\n'));
    const r = shell(`"${process.execPath}" "${BIN}" check --format json "${file}" | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('exit=0');
  });

  it.skipIf(!fs.existsSync('/dev/full'))('a full device gives one line on stderr and exit 2, no stack trace', () => {
    const dir = tmpdir();
    const file = path.join(dir, 'pod.yaml');
    fs.writeFileSync(file, podNamed('web'));
    const r = shell(`"${process.execPath}" "${BIN}" check "${file}" > /dev/full; echo "exit=$?"`);
    expect(r.stdout.trim()).toBe('exit=2');
    expect(r.stderr).toBe('cdk8s-haru: cannot write the output: no space left on device\n');
  });

  it('outputErrorExit maps EPIPE to the run code and other errors to 2', () => {
    expect(outputErrorExit(Object.assign(new Error('x'), { code: 'EPIPE' }), 1)).toEqual({ exitCode: 1 });
    expect(outputErrorExit(Object.assign(new Error('x'), { code: 'EPIPE' }), undefined)).toEqual({ exitCode: 0 });
    expect(outputErrorExit(Object.assign(new Error('x'), { code: 'EBADF' }), 0).exitCode).toBe(2);
  });

  it('an internal error names the error without a stack unless CDK8S_HARU_DEBUG is set', () => {
    const err = new RangeError('Maximum call stack size exceeded\n    at forged (evil.js:1:1)');
    const quiet = internalErrorMessage(err, {});
    expect(quiet.split('\n').some((l) => l.startsWith('    at '))).toBe(false);
    expect(quiet.split('\n').filter(Boolean)).toHaveLength(2);
    expect(internalErrorMessage(err, { CDK8S_HARU_DEBUG: '1' })).toContain(err.stack!.split('\n')[1]);
  });
});

describe('no directory is skipped without a word', () => {
  function tree(): string {
    const dir = tmpdir();
    const ok = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n';
    fs.writeFileSync(path.join(dir, 'a.yaml'), ok);
    fs.mkdirSync(path.join(dir, '.github'));
    fs.writeFileSync(path.join(dir, '.github', 'pod.yaml'), podNamed('hidden'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'pod.yaml'), podNamed('vendored'));
    return dir;
  }

  it('lists hidden and node_modules directories as cli/skipped-directory notices (exit 0)', () => {
    const dir = tree();
    const r = runCli(['check', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${path.join(dir, '.github')}: notice [cli/skipped-directory]`);
    expect(r.stdout).toContain(`${path.join(dir, 'node_modules')}: notice [cli/skipped-directory]`);
    expect(r.stdout).toContain('--include-hidden');
  });

  it('reports them in JSON and SARIF too', () => {
    const dir = tree();
    const json = JSON.parse(runCli(['check', '--format', 'json', dir]).stdout);
    expect(json.findings.filter((f: any) => f.checkId === 'cli/skipped-directory')).toHaveLength(2);
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif', dir]).stdout);
    const results = sarif.runs[0].results.filter((x: any) => x.ruleId === 'cli/skipped-directory');
    expect(results).toHaveLength(2);
    expect(results[0].level).toBe('note');
  });

  it('--include-hidden reads them (and finds the privileged pods)', () => {
    const dir = tree();
    const r = runCli(['check', '--include-hidden', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Pod default/hidden');
    expect(r.stdout).toContain('Pod default/vendored');
    expect(r.stdout).not.toContain('cli/skipped-directory');
  });

  it('a hidden directory named as an operand is read', () => {
    const dir = tree();
    const r = runCli(['check', path.join(dir, '.github')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Pod default/hidden');
  });

  it('a directory with manifests only in skipped directories is an input error that says so', () => {
    const dir = tree();
    fs.rmSync(path.join(dir, 'a.yaml'));
    const r = runCli(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('skipped directories');
    expect(r.stderr).toContain('--include-hidden');
  });

  it('admit says which directories it skipped', () => {
    const dir = tree();
    const policies = tmpdir();
    fs.writeFileSync(path.join(policies, 'none.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p}\n');
    const r = runCli(['admit', '--policies', policies, dir]);
    expect(r.stderr).toContain(`skipped directory ${path.join(dir, '.github')}`);
    expect(r.stderr).toContain(`skipped directory ${path.join(dir, 'node_modules')}`);
  });
});
