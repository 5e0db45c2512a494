import * as fs from 'fs';
import * as path from 'path';
import { Construct, IConstruct } from 'constructs';
import { HaruValidationError, renderValue, Violation } from '../base/errors';

/**
 * Shared mechanics of the kube-apiserver configuration files this library writes
 * (AuthorizationConfiguration, audit Policy). Internal: not part of the public API.
 *
 * cdk8s writes one manifest file per Chart and gives every ApiObject a `metadata` block;
 * kube-apiserver files must have neither. So these constructs are plain constructs that
 * contribute no ApiObject to any chart, and write their own file from a validation hook:
 * cdk8s runs every construct's validations at the start of `app.synth()` (after creating
 * the output directory) and whenever a chart is rendered (`chart.toJson()`,
 * `Testing.synth(chart)`), so the file lands in the App's `outdir` on every synth path.
 * Writing is idempotent: the same bytes are written each time.
 */

const CONFIG_FILE = Symbol.for('cdk8s-haru.config-file');
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface Outdir {
  readonly outdir: string;
  readonly outputFileExtension?: string;
}

function appOf(scope: IConstruct): Outdir | undefined {
  const root = scope.node.root as unknown as Partial<Outdir>;
  return typeof root.outdir === 'string' ? (root as Outdir) : undefined;
}

/** Problems with a user-chosen output file name (a bare file name in the App's outdir). */
export function fileNameViolations(scope: IConstruct, fileName: string, checkId: string): Violation[] {
  const out: Violation[] = [];
  if (typeof fileName !== 'string' || !FILE_NAME.test(fileName) || fileName.includes('..')) {
    out.push({
      checkId,
      field: 'fileName',
      problem: 'must be a plain file name (no directory, no leading dot)',
      got: renderValue(fileName),
      allowed: "letters, digits, '.', '_' and '-', e.g. authorization-config.yaml",
      fix: 'Pass only the file name; the file is written into the App output directory',
    });
    return out;
  }
  if (Buffer.byteLength(fileName, 'utf8') > 255) {
    // NAME_MAX of every common file system; writing it would fail with ENAMETOOLONG.
    out.push({ checkId, field: 'fileName', problem: 'must be at most 255 bytes long', got: renderValue(fileName), allowed: '1 to 255 bytes', fix: 'Use a shorter name such as authorization-config.yaml' });
    return out;
  }
  const ext = appOf(scope)?.outputFileExtension;
  if (ext && fileName.endsWith(ext)) {
    out.push({
      checkId,
      field: 'fileName',
      problem: `must not end with the App's manifest extension ${renderValue(ext)}`,
      got: renderValue(fileName),
      fix: `That suffix marks chart manifests meant for kubectl apply; use e.g. ${renderValue(fileName.slice(0, -ext.length) + '.yaml')}`,
    });
  }
  for (const other of scope.node.root.node.findAll()) {
    const taken = (other as unknown as Record<symbol, string | undefined>)[CONFIG_FILE];
    if (other !== scope && taken === fileName) {
      out.push({
        checkId,
        field: 'fileName',
        problem: `is already used by ${other.node.path}`,
        got: renderValue(fileName),
        fix: 'Give every kube-apiserver file its own name',
      });
    }
  }
  return out;
}

/**
 * Registers `scope` as the writer of `fileName` and installs the synth-time hook that
 * checks the rendered object and writes `render()` into the App's outdir.
 */
export function attachConfigFile(scope: Construct, fileName: string, check: () => Violation[], render: () => string): void {
  Object.defineProperty(scope, CONFIG_FILE, { value: fileName, enumerable: false });
  // cdk8s validates the whole app once per chart during app.synth(); the content fully
  // determines the result, so an unchanged file already checked and written is skipped.
  let done: { target: string; content: string } | undefined;
  scope.node.addValidation({
    validate: () => {
      const content = render();
      const app = appOf(scope);
      const target = app ? path.join(app.outdir, fileName) : '';
      if (done && done.content === content && done.target === target && (!target || fs.existsSync(target))) return [];
      const violations = check();
      if (violations.length > 0) throw new HaruValidationError(scope.node.path, violations);
      if (app) {
        fs.mkdirSync(app.outdir, { recursive: true });
        fs.writeFileSync(target, content, { encoding: 'utf8' });
      }
      done = { target, content };
      return [];
    },
  });
}

/** Makes a free-text reason safe for a one-line YAML comment. */
export function commentLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Problems with an opt-out reason (must say something). */
export function reasonViolations(field: string, reason: string | undefined, checkId: string): Violation[] {
  if (reason === undefined) return [];
  if (typeof reason !== 'string' || reason.trim().length === 0) {
    return [{ checkId, field, problem: 'an opt-out needs a reason', got: renderValue(reason), fix: 'Say why the secure default does not fit; it is recorded in the file header' }];
  }
  return [];
}
