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
  } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) {
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
  public declare readonly violations: Violation[];
  /** Construct path (or file/document locator) the violations belong to. */
  public declare readonly where: string;

  constructor(where: string, violations: Violation[]) {
    const lines = violations.map((v) => `  - [${v.checkId}] ${formatViolation(v)}`);
    super(`${where ? `[${where}] ` : ''}${violations.length === 1 ? 'invalid input' : `${violations.length} problems`}:\n${lines.join('\n')}`);
    this.name = 'HaruValidationError';
    // Not enumerable: Node prints an uncaught error with its own enumerable properties, and the
    // message already lists every violation once.
    Object.defineProperty(this, 'violations', { value: violations, enumerable: false, writable: false, configurable: true });
    Object.defineProperty(this, 'where', { value: where, enumerable: false, writable: false, configurable: true });
    // The message names the construct and the field; the library's own stack frames say nothing
    // to the user, so an uncaught refusal prints the message only (HARU_STACK=1 keeps them).
    if (!process.env.HARU_STACK) Object.defineProperty(this, 'stack', { value: `${this.name}: ${this.message}`, enumerable: false, writable: true, configurable: true });
    rememberRefusal(this);
  }
}

/** The most recent refusals, so that a jsii language (which sees only the message) can read them back. */
const recentRefusals: HaruValidationError[] = [];
const RECENT_REFUSALS = 64;

function rememberRefusal(e: HaruValidationError): void {
  recentRefusals.push(e);
  if (recentRefusals.length > RECENT_REFUSALS) recentRefusals.shift();
}

/**
 * Reads the violations of a refusal in any language. TypeScript and JavaScript pass the
 * caught error; Python, Java, Go and .NET see a refusal as their runtime's exception with the
 * same message, and pass that message (`str(e)` in Python, `e.getMessage()` in Java).
 */
export class Violations {
  /**
   * The violations of a refusal: `refusal` is the caught error or its message.
   * Returns an empty list for anything that is not a refusal of this library (or one older
   * than the last 64 refusals, when given by message).
   */
  public static of(refusal: any): Violation[] {
    if (isHaruValidationError(refusal)) return [...refusal.violations];
    const found = Violations.find(refusal);
    return found ? [...found.violations] : [];
  }

  /**
   * The construct path (or function, or file) a refusal names; empty for anything that is
   * not a refusal of this library.
   */
  public static whereOf(refusal: any): string {
    if (isHaruValidationError(refusal)) return refusal.where;
    return Violations.find(refusal)?.where ?? '';
  }

  /** True when `refusal` (a caught error or its message) is a refusal of this library. */
  public static isRefusal(refusal: any): boolean {
    return isHaruValidationError(refusal) || Violations.find(refusal) !== undefined;
  }

  private static find(error: unknown): HaruValidationError | undefined {
    const text = typeof error === 'string' ? error : typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : undefined;
    if (!text) return undefined;
    for (let i = recentRefusals.length - 1; i >= 0; i--) {
      if (text.includes(recentRefusals[i].message)) return recentRefusals[i];
    }
    return undefined;
  }

  private constructor() {}
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
