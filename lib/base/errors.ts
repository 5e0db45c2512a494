/**
 * One finding of a check: what is wrong, where, and how to fix it.
 *
 * Every rule in this library reports through this shape, whether it runs in a
 * construct constructor, in a chart-wide validation or in the `cdk8s-haru check` CLI,
 * so that one rule always produces one message.
 */
export interface Violation {
  /** Stable identifier of the rule, e.g. `schema/unknown-field` or `pss/privileged`. */
  readonly checkId: string;
  /** Field path inside the object, e.g. `spec.containers[0].image`. Empty for the whole object. */
  readonly field: string;
  /** What is wrong, as a short clause ("must be a DNS-1123 label"). */
  readonly problem: string;
  /**
   * The offending value, rendered with {@link renderValue}.
   * @default - no value is shown (the problem is an absence)
   */
  readonly got?: string;
  /**
   * The accepted values or shape, e.g. `Fail, Ignore`.
   * @default - not shown
   */
  readonly allowed?: string;
  /**
   * One sentence telling the user what to change.
   * @default - no fix is suggested
   */
  readonly fix?: string;
}

/** Renders a value for a message: strings quoted, long values shortened, never a stack. */
export function renderValue(value: unknown): string {
  let text: string;
  if (value === undefined) {
    text = 'undefined';
  } else if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    text = String(value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Formats a violation in the library's message shape:
 * `<field>: <problem> (got <value>; allowed: <...>). <fix>`
 */
export function formatViolation(v: Violation): string {
  const details: string[] = [];
  if (v.got !== undefined) details.push(`got ${v.got}`);
  if (v.allowed !== undefined) details.push(`allowed: ${v.allowed}`);
  const head = v.field ? `${v.field}: ${v.problem}` : v.problem;
  const paren = details.length ? ` (${details.join('; ')})` : '';
  const fix = v.fix ? ` ${/[.!?]$/.test(v.fix) ? v.fix : v.fix + '.'}` : '';
  const end = paren || !/[.!?]$/.test(head) ? '.' : '';
  return `${head}${paren}${end}${fix}`;
}

/**
 * The error thrown at synth time when input cannot become a valid 1.36 object.
 * It names the construct path and every violation found, one per line.
 */
export class HaruValidationError extends Error {
  /** The violations that caused the error. */
  public readonly violations: Violation[];
  /** Construct path (or file/document locator) the violations belong to. */
  public readonly where: string;

  constructor(where: string, violations: Violation[]) {
    const lines = violations.map((v) => `  - [${v.checkId}] ${formatViolation(v)}`);
    super(`${where ? `[${where}] ` : ''}${violations.length === 1 ? 'invalid input' : `${violations.length} problems`}:\n${lines.join('\n')}`);
    this.name = 'HaruValidationError';
    this.violations = violations;
    this.where = where;
  }
}

/** True when `e` is an error raised by this library's validation. */
export function isHaruValidationError(e: unknown): e is HaruValidationError {
  return e instanceof Error && (e as { name?: string }).name === 'HaruValidationError' && Array.isArray((e as HaruValidationError).violations);
}

/** Throws when `violations` is non-empty. */
export function throwIfAny(where: string, violations: readonly Violation[]): void {
  if (violations.length > 0) throw new HaruValidationError(where, [...violations]);
}

/**
 * Collects violations while walking an input, with a field prefix.
 * Checkers take one of these so that nested helpers report full paths.
 */
export class Report {
  public readonly violations: Violation[] = [];

  /** Adds a violation (field relative to nothing: pass the full path). */
  public add(v: Violation): void {
    this.violations.push(v);
  }

  /** True when nothing was reported. */
  public get ok(): boolean {
    return this.violations.length === 0;
  }

  /** Throws a {@link HaruValidationError} for `where` when anything was reported. */
  public throwIfAny(where: string): void {
    throwIfAny(where, this.violations);
  }
}

/** Joins a parent field path and a child key (`a.b`, `a[0]`). */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (!parent) return safe.startsWith('[') ? safe : safe;
  return safe.startsWith('[') ? `${parent}${safe}` : `${parent}.${safe}`;
}
