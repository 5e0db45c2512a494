/**
 * Writes docs/coverage.md: for every upstream validate function listed in
 * scripts/coverage/*.functions.txt, whether lib/check ports it, and where.
 *
 * A list file has `#` comment lines (the first ones name the upstream file and how the list
 * was extracted; a `# group: <name>` line names the table, else the file name does) and one
 * function per line: `FunctionName<TAB>status<TAB>reason`, status one of implemented,
 * partial, not-implemented, deliberately-not. A ported rule carries the comment
 * `// upstream: FunctionName` in lib/check (a method may be written `package.Method`, e.g.
 * `ingress.WarningsOnCreate` for the warnings of pkg/registry/networking/ingress/strategy.go).
 *
 * Cross-checks (each one fails the run): a function marked implemented or partial has a
 * marker in the code; every marker names a function of some list; a function is listed once
 * per file; not-implemented and deliberately-not rows give a reason.
 *
 * Run `npx tsx scripts/gen-coverage.ts`; `--check` exits 1 when docs/coverage.md is out of
 * date (or a cross-check fails) instead of writing it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STATUSES = ['implemented', 'partial', 'not-implemented', 'deliberately-not'] as const;
export type CoverageStatus = typeof STATUSES[number];

/** One row of a list file. */
export interface CoverageEntry {
  readonly fn: string;
  readonly status: CoverageStatus;
  readonly reason: string;
  readonly line: number;
}

/** One list file. */
export interface CoverageList {
  readonly file: string;
  readonly group: string;
  readonly header: string[];
  readonly entries: CoverageEntry[];
}

/** The result of a run: the document, and the cross-check failures (empty when consistent). */
export interface CoverageResult {
  readonly markdown: string;
  readonly errors: string[];
}

const MARKER = /\/\/ upstream: ([A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_])/g;

/** Parses one list file; problems go to `errors`. */
export function parseList(file: string, text: string, errors: string[]): CoverageList {
  const header: string[] = [];
  const entries: CoverageEntry[] = [];
  let group = path.basename(file).replace(/\.functions\.txt$/, '');
  const seen = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s*group:\s*(.+)$/.exec(line);
      if (m) group = m[1].trim();
      else header.push(line.replace(/^#\s?/, ''));
      return;
    }
    const cols = line.split('\t');
    const where = `${file}:${i + 1}`;
    const [fn, status, ...rest] = cols;
    const reason = rest.join('\t').trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_]$/.test(fn ?? '')) {
      errors.push(`${where}: "${fn}" is not a function name (expected FunctionName<TAB>status<TAB>reason)`);
      return;
    }
    if (!(STATUSES as readonly string[]).includes(status)) {
      errors.push(`${where}: ${fn}: status "${status ?? ''}" is not one of ${STATUSES.join(', ')}`);
      return;
    }
    if (seen.has(fn)) errors.push(`${where}: ${fn} is listed twice`);
    seen.add(fn);
    if ((status === 'not-implemented' || status === 'deliberately-not' || status === 'partial') && !reason) {
      errors.push(`${where}: ${fn} is ${status} but gives no reason`);
    }
    entries.push({ fn, status: status as CoverageStatus, reason, line: i + 1 });
  });
  if (header.length === 0) errors.push(`${file}: has no header comment naming the upstream file and how the list was extracted`);
  return { file, group, header, entries };
}

/** Every `// upstream: Name` marker under `dir` (*.ts), as name → files (relative to `root`). */
export function scanMarkers(root: string, dir: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.name.endsWith('.ts')) {
        const rel = path.relative(root, p).split(path.sep).join('/');
        for (const m of fs.readFileSync(p, 'utf-8').matchAll(MARKER)) {
          const files = found.get(m[1]) ?? [];
          if (!files.includes(rel)) files.push(rel);
          found.set(m[1], files);
        }
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return found;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Builds docs/coverage.md from the lists under `root`/scripts/coverage and the markers in `root`/lib/check. */
export function buildCoverage(root: string): CoverageResult {
  const errors: string[] = [];
  const listDir = path.join(root, 'scripts', 'coverage');
  const files = fs.existsSync(listDir) ? fs.readdirSync(listDir).filter((f) => f.endsWith('.functions.txt')).sort() : [];
  const lists = files.map((f) => parseList(`scripts/coverage/${f}`, fs.readFileSync(path.join(listDir, f), 'utf-8'), errors));
  const markers = scanMarkers(root, path.join(root, 'lib', 'check'));
  const listed = new Set(lists.flatMap((l) => l.entries.map((e) => e.fn)));
  for (const [fn, where] of markers) {
    if (!listed.has(fn)) errors.push(`${where.join(', ')}: marker "// upstream: ${fn}" names no function of scripts/coverage/*.functions.txt`);
  }
  for (const l of lists) {
    for (const e of l.entries) {
      if ((e.status === 'implemented' || e.status === 'partial') && !markers.has(e.fn)) {
        errors.push(`${l.file}:${e.line}: ${e.fn} is marked ${e.status} but no "// upstream: ${e.fn}" marker is in lib/check`);
      }
    }
  }

  const out: string[] = [
    '# Coverage of the upstream validation',
    '',
    '<!-- generated by scripts/gen-coverage.ts from scripts/coverage/*.functions.txt and the `// upstream:` markers in lib/check; do not edit -->',
    '',
    'Each table lists the validate functions of one upstream file of the Kubernetes 1.36 API server, and',
    'whether `cdk8s-haru check` (and every construct, which runs the same rules) ports it:',
    '',
    '- **implemented**: every rule of the function is checked;',
    '- **partial**: some of its rules are (the reason says which are not);',
    '- **not-implemented**: not yet;',
    '- **deliberately-not**: cannot or should not be checked on a manifest alone (it needs the old object, cluster state, or is server bookkeeping).',
    '',
  ];
  const total: Record<string, number> = {};
  for (const l of lists) for (const e of l.entries) total[e.status] = (total[e.status] ?? 0) + 1;
  out.push(`Totals: ${STATUSES.map((s) => `${total[s] ?? 0} ${s}`).join(', ')}.`, '');
  for (const l of lists) {
    out.push(`## ${l.group}`, '');
    for (const h of l.header) out.push(`> ${h}`);
    if (l.header.length) out.push('');
    out.push('| function | status | where | reason |', '| --- | --- | --- | --- |');
    for (const e of l.entries) {
      const where = (markers.get(e.fn) ?? []).map((f) => `\`${f}\``).join(', ');
      out.push(`| \`${e.fn}\` | ${e.status} | ${where} | ${cell(e.reason)} |`);
    }
    out.push('');
  }
  return { markdown: out.join('\n'), errors };
}

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const target = path.join(root, 'docs', 'coverage.md');
  const { markdown, errors } = buildCoverage(root);
  for (const e of errors) console.error(e);
  if (process.argv.includes('--check')) {
    const stale = !fs.existsSync(target) || fs.readFileSync(target, 'utf-8') !== markdown;
    if (stale) console.error('docs/coverage.md is out of date: run npx tsx scripts/gen-coverage.ts');
    process.exit(errors.length || stale ? 1 : 0);
  }
  if (errors.length) process.exit(1);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, markdown);
  console.log(`wrote ${path.relative(root, target)}`);
}
