/**
 * Turns the command-line operands (files, directories, `-`) into texts to check.
 * Anything that cannot be read is an {@link InputError} (exit code 2), never a finding:
 * a CI job that points the check at the wrong path must not pass.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Extensions picked up when walking a directory. */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** An operand that cannot be read. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** One input to check: its label in findings and how to get its text. */
export interface Input {
  /** Label used in findings: the path as given (joined for files found in a directory), or `-`. */
  readonly file: string;
  /** Reads the text; throws {@link InputError} when it cannot. */
  readonly read: () => string;
}

/** How directories are walked. */
export interface WalkOptions {
  /**
   * Also walk directories whose name starts with `.` and `node_modules` directories
   * (`kubectl apply -R` reads them too). Without it they are skipped and listed in `skipped`.
   */
  readonly includeHidden?: boolean;
  /** Receives every directory skipped below an operand (never the operand itself). */
  readonly skipped?: string[];
}

/** True for a directory the walk leaves out unless told otherwise: hidden ones and `node_modules`. */
export function isSkippedDirectoryName(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/**
 * Expands operands into inputs, in the order given; directories are walked recursively in
 * name order. A directory named as an operand is always walked, hidden or not; below it,
 * hidden directories and `node_modules` are skipped (and reported through `opts.skipped`)
 * unless `opts.includeHidden` is set. Symbolic links to directories are not followed, as
 * `kubectl apply -R` does not follow them.
 */
export function expandOperands(operands: readonly string[], readStdin: () => string, opts: WalkOptions = {}): Input[] {
  const out: Input[] = [];
  let stdinUsed = false;
  for (const op of operands) {
    if (op === '-') {
      if (stdinUsed) throw new InputError("'-' (standard input) may be given only once");
      stdinUsed = true;
      out.push({
        file: '-',
        read: () => {
          const text = readStdin();
          // Like an empty directory, empty input is a mistake in the pipeline, not a clean run.
          if (text.trim() === '') throw new InputError("standard input ('-') is empty: nothing to read; pipe YAML into it or name files or directories");
          return text;
        },
      });
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(op);
    } catch (e) {
      throw new InputError(`cannot read ${op}: ${reason(e)}`);
    }
    if (st.isDirectory()) {
      const skipped: string[] = [];
      const files = walk(op, opts.includeHidden === true, skipped);
      opts.skipped?.push(...skipped);
      if (files.length === 0) {
        const hint = skipped.length > 0 ? ` outside the skipped directories ${skipped.map((d) => JSON.stringify(d)).join(', ')} (pass --include-hidden to read them)` : '';
        throw new InputError(`${op} holds no ${MANIFEST_EXTENSIONS.map((x) => `*${x}`).join(', ')} files${hint}`);
      }
      for (const f of files) out.push({ file: f, read: () => readTextFile(f) });
    } else {
      out.push({ file: op, read: () => readTextFile(op) });
    }
  }
  return out;
}

function walk(dir: string, includeHidden: boolean, skipped: string[]): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`cannot read directory ${dir}: ${reason(e)}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!includeHidden && isSkippedDirectoryName(e.name)) {
        skipped.push(p);
        continue;
      }
      out.push(...walk(p, includeHidden, skipped));
    } else if ((e.isFile() || e.isSymbolicLink()) && MANIFEST_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) {
      out.push(p);
    }
  }
  return out;
}

/** Reads a file as UTF-8 text; binary content is an {@link InputError}. */
export function readTextFile(file: string): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${reason(e)}`);
  }
  return decodeText(buf, file);
}

/** Decodes UTF-8 input; refuses binary data (NUL bytes or invalid UTF-8). */
export function decodeText(buf: Buffer, label: string): string {
  if (buf.includes(0)) throw new InputError(`${label} is not a text file (it contains NUL bytes)`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new InputError(`${label} is not UTF-8 text`);
  }
}

function reason(e: unknown): string {
  const code = (e as { code?: string })?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}
