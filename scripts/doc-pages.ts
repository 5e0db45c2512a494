/**
 * The Markdown pages whose code blocks the build checks: README.md and every page under
 * docs/ (docs/**\/*.md), found by listing the folder, so a new page is checked as soon as it
 * exists. Used by test/api/readme.test.ts (runs the programs) and scripts/check-jsii-targets.ts
 * (translates every block with jsii-rosetta, which type-checks it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root. */
export const DOCS_ROOT = path.join(__dirname, '..');

/** README.md first, then docs/**\/*.md in path order; paths relative to the repository root. */
export function docPages(root: string = DOCS_ROOT): string[] {
  const docs = path.join(root, 'docs');
  const pages = fs.existsSync(docs)
    ? fs.readdirSync(docs, { recursive: true, encoding: 'utf-8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.posix.join('docs', f.split(path.sep).join('/')))
      .sort()
    : [];
  return ['README.md', ...pages];
}

/** Every ```ts block of a page. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}
