/**
 * The README's TypeScript programs are part of the documentation users copy first, so they
 * must run: every ```ts block that builds an App is written next to the sources (with the
 * package import pointed at lib/), run in its own process, and its output checked by the
 * oracle. A renamed prop or a broken example fails here, not in a user's terminal. A program
 * that says what it prints (a `// prints: <text>` line) must print exactly that line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { expectValid } from '../support/oracle';

const root = resolve(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const programs = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1])
  .filter((code) => code.includes('new App(') && code.includes('app.synth()'));

describe('README programs', () => {
  it('has at least the quick start', () => {
    expect(programs.length).toBeGreaterThan(0);
  });

  programs.forEach((code, i) => {
    it(`program ${i + 1} runs and synthesises valid objects`, async () => {
      const file = join(root, 'test', 'api', `.readme-program-${i}.ts`);
      const outdir = mkdtempSync(join(tmpdir(), 'haru-readme-'));
      try {
        writeFileSync(file, code.replace(/from 'cdk8s-haru'/g, "from '../../lib'"));
        const stdout = execFileSync(join(root, 'node_modules', '.bin', 'tsx'), [file], {
          cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8',
        });
        for (const [, line] of code.matchAll(/^\/\/ prints: (.*)$/gm)) {
          expect(stdout.split('\n')).toContain(line);
        }
        const objs = readdirSync(outdir)
          .filter((f) => f.endsWith('.yaml'))
          .flatMap((f) => parseAllDocuments(readFileSync(join(outdir, f), 'utf8')).map((d) => d.toJSON()))
          .filter((o) => o);
        await expectValid(objs);
      } finally {
        rmSync(file, { force: true });
        rmSync(outdir, { recursive: true, force: true });
      }
    }, 60_000);
  });
});
