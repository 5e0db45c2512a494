/**
 * The compile step (`npx projen compile`): `jsii --fail-on-warnings`, then the check that
 * jsii's reserved-word reports are exactly the acknowledged ones.
 *
 * package.json sets jsii's `language-compatibility/reserved-word` diagnostic to the "message"
 * category (jsii can only re-categorise by code, not by name), so every other warning still
 * fails the compile. Messages are printed by jsii only at debug verbosity (-vv); this script
 * keeps jsii's normal output (warnings, errors, summary), drops the debug log, and compares
 * the JSII5018 messages with scripts/jsii-reserved-words.ts. Extra arguments go to jsii.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { compareReservedWords, ReservedWordReport } from './jsii-reserved-words';

const ROOT = path.resolve(__dirname, '..');

const HEADER = /^(\S+):(\d+):(\d+) - (error|warning|message|suggestion) JSII(\d+): (.*)$/;
const LOG_LINE = /^\[\d{4}-\d\d-\d\dT[\d:.]+\] \[(TRACE|DEBUG|INFO)\] /;
const RESERVED = /^"([^"]+)" is a reserved word in (.+?)\. Using this name/;

/** `Type.member`, `Type.method(param)` or `Enum.MEMBER` for the identifier at file:line:col. */
export function declarationKey(file: string, line: number, column: number, text?: string): string {
  const source = ts.createSourceFile(file, text ?? fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.Latest, true);
  const pos = source.getPositionOfLineAndCharacter(line - 1, column - 1);
  let node: ts.Node | undefined = findIdentifier(source, pos);
  if (!node) return `${path.basename(file)}:${line}:${column}`;
  const parts: string[] = [];
  const nameOf = (n: ts.Node) => ((n as any).name && ts.isIdentifier((n as any).name) ? (n as any).name.text : 'constructor');
  for (; node; node = node.parent) {
    if (ts.isParameter(node)) parts.unshift(`(${nameOf(node)})`);
    else if (ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)
      || ts.isMethodSignature(node) || ts.isGetAccessor(node) || ts.isEnumMember(node) || ts.isConstructorDeclaration(node)) {
      parts.unshift(`.${nameOf(node)}`);
    } else if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isEnumDeclaration(node)) {
      parts.unshift(node.name?.text ?? '?');
      break;
    }
  }
  return parts.join('');
}

function findIdentifier(node: ts.Node, pos: number): ts.Node | undefined {
  if (pos < node.getStart() || pos >= node.getEnd()) return undefined;
  for (const child of node.getChildren()) {
    const hit = findIdentifier(child, pos);
    if (hit) return hit;
  }
  return ts.isIdentifier(node) ? node : undefined;
}

/** Splits jsii's -vv output into what a normal run prints and the reserved-word reports. */
export function parseJsiiOutput(output: string, root: string): { printed: string[]; reports: ReservedWordReport[] } {
  const printed: string[] = [];
  const reports: ReservedWordReport[] = [];
  let inMessage = false;
  for (const line of output.split('\n')) {
    const h = HEADER.exec(line);
    if (h) {
      inMessage = h[4] === 'message' || h[4] === 'suggestion';
      const r = h[5] === '5018' ? RESERVED.exec(h[6]) : null;
      if (r) {
        const file = path.resolve(root, h[1]);
        reports.push({ key: declarationKey(file, Number(h[2]), Number(h[3])), languages: r[2].split(', '), where: `${h[1]}:${h[2]}:${h[3]}` });
      }
    } else if (LOG_LINE.test(line)) {
      continue;
    } else if (/^(✨|❌|Errors: )/.test(line)) {
      inMessage = false;
    }
    if (!inMessage) printed.push(line);
  }
  return { printed, reports };
}

if (require.main === module) {
  const jsii = path.join(ROOT, 'node_modules', '.bin', 'jsii');
  const r = spawnSync(jsii, ['--fail-on-warnings', '-vv', ...process.argv.slice(2)], { cwd: ROOT, encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  const { printed, reports } = parseJsiiOutput(`${r.stdout}${r.stderr}`, ROOT);
  console.log(printed.join('\n').replace(/\n{3,}/g, '\n\n').trim());
  if (r.status !== 0) process.exit(r.status ?? 1);
  const problems = compareReservedWords(reports);
  if (problems.length) {
    console.error(`jsii reserved words do not match scripts/jsii-reserved-words.ts:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`jsii reserved words: ${reports.length} reported, all acknowledged in scripts/jsii-reserved-words.ts`);
  // The jsii kernel runs bin scripts directly (Python's `cdk8s-haru` console script) from the
  // packed tarball, which keeps the file mode; tsc writes 0644.
  fs.chmodSync(path.join(ROOT, 'out', 'cli', 'main.js'), 0o755);
}
