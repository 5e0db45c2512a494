/**
 * The TypeScript programs of the README and of every page under docs/ are the documentation
 * users copy first, so they must run: every ```ts block that builds an App is written next to
 * the sources (with the package import pointed at lib/), run in its own process, and its
 * output checked by the oracle. A renamed prop or a broken example fails here, not in a
 * user's terminal. A program that says what it prints (a `// prints: <text>` line) must print
 * exactly that line. (Fragments without an App are type-checked by jsii-rosetta in
 * scripts/check-jsii-targets.ts.) The pages are listed by scripts/doc-pages.ts, so a new
 * docs page is picked up without a change here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { docPages, tsBlocks } from '../../scripts/doc-pages';
import { expectValid } from '../support/oracle';

const root = resolve(__dirname, '..', '..');
const pages = docPages(root);
const programs = pages.flatMap((page) => tsBlocks(readFileSync(join(root, page), 'utf8'))
  .filter((code) => code.includes('new App(') && code.includes('app.synth()'))
  .map((code, i) => ({ page, i, code })));

describe('README and docs/ programs', () => {
  it('has at least the quick start', () => {
    expect(programs.filter((p) => p.page === 'README.md').length).toBeGreaterThan(0);
  });

  programs.forEach(({ page, i, code }) => {
    it(`${page} program ${i + 1} runs and synthesises valid objects`, async () => {
      const file = join(root, 'test', 'api', `.readme-program-${page.replace(/\W/g, '-')}-${i}.ts`);
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

describe('README and docs/ links', () => {
  const linksOf = (page: string) => [...readFileSync(join(root, page), 'utf8').replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((href) => !/^[a-z]+:/.test(href) && !href.startsWith('#'));

  it.each(pages)('%s links only to files that exist', (page) => {
    const missing = linksOf(page).filter((href) => !existsSync(join(root, dirname(page), href.split('#')[0])));
    expect(missing).toEqual([]);
  });

  it('every docs/ page is linked from docs/index.md, and docs/index.md from the README', () => {
    const fromIndex = linksOf('docs/index.md').map((href) => join('docs', href.split('#')[0]));
    expect(pages.filter((p) => p.startsWith('docs/') && p !== 'docs/index.md' && !fromIndex.includes(p))).toEqual([]);
    expect(linksOf('README.md')).toContain('docs/index.md');
  });
});
