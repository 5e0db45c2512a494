import { PSS_OPTIONS, PssOption } from './core';

/** A command line the CLI cannot run: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/**
 * Walks a command line: operands (`-` included, and everything after `--`) go to `operand`,
 * each option to `option` with a getter for its value (`--name=value` or the next argument).
 */
export function scanArgs(argv: readonly string[], operand: (arg: string) => void, option: (name: string, value: () => string) => void): void {
  let onlyOperands = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (onlyOperands || raw === '-' || !raw.startsWith('-')) {
      operand(raw);
      continue;
    }
    if (raw === '--') {
      onlyOperands = true;
      continue;
    }
    const eq = raw.indexOf('=');
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    option(name, () => {
      if (eq > 0) return raw.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    });
  }
}

/** The value of `--pss`, refused unless it names a level. */
export function pssOption(v: string): PssOption {
  if (!PSS_OPTIONS.includes(v as PssOption)) throw new UsageError(`--pss must be one of ${PSS_OPTIONS.join(', ')} (got ${JSON.stringify(v)})`);
  return v as PssOption;
}

/** The value of `--format` for the commands that write text or JSON only. */
export function textOrJsonOption(v: string): 'text' | 'json' {
  if (v !== 'text' && v !== 'json') throw new UsageError(`--format must be text or json (got ${JSON.stringify(v)})`);
  return v;
}
