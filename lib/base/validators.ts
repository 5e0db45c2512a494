import { renderValue, Violation } from './errors';

/**
 * The shared value validators: the same format rules the 1.36 API server applies
 * (`k8s.io/apimachinery/pkg/util/validation`, `resource.Quantity`, `time.ParseDuration`).
 * Each returns `undefined` for a valid value or a {@link Violation} for the given field.
 */

/** A JSON object (a mapping): not null, not an array. */
export function isObject(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** `v` under another check id (and fix, when given): a shared format rule reported by a specific checker. */
export function relabel(found: Violation | undefined, checkId: string, fix?: string): Violation | undefined {
  return found ? { ...found, checkId, fix: fix ?? found.fix } : undefined;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CEL_IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/** CEL reserved words (cel-spec): not usable as variable names. */
export const CEL_RESERVED_WORDS: readonly string[] = [
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function',
  'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
];

function v(checkId: string, field: string, problem: string, got: unknown, allowed?: string, fix?: string): Violation {
  return { checkId, field, problem, got: renderValue(got), allowed, fix };
}

function isString(field: string, value: unknown, what: string): Violation | undefined {
  if (typeof value !== 'string') return v('format/type', field, `must be a string (${what})`, value);
  if (value.length === 0) return v('format/required', field, `must not be empty (${what})`, value);
  return undefined;
}

/** DNS-1123 label: at most 63 lower-case alphanumerics or '-', starting and ending alphanumeric. */
export function checkDns1123Label(field: string, value: unknown): Violation | undefined {
  const s = isString(field, value, 'DNS-1123 label');
  if (s) return s;
  const str = value as string;
  if (str.length > 63) return v('format/dns1123-label', field, `must be no more than 63 characters (is ${str.length})`, str, 'at most 63 characters', 'Shorten the name');
  if (!DNS1123_LABEL.test(str)) {
    return v('format/dns1123-label', field, 'must be a DNS-1123 label', str, "lower-case a-z, 0-9 and '-', starting and ending with a letter or digit", `Use e.g. ${renderValue(suggestName(str, 63))}`);
  }
  return undefined;
}

/** DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123 labels. */
export function checkDns1123Subdomain(field: string, value: unknown): Violation | undefined {
  const s = isString(field, value, 'DNS-1123 subdomain');
  if (s) return s;
  const str = value as string;
  if (str.length > 253) return v('format/dns1123-subdomain', field, `must be no more than 253 characters (is ${str.length})`, str, 'at most 253 characters', 'Shorten the name');
  if (!DNS1123_SUBDOMAIN.test(str)) {
    return v('format/dns1123-subdomain', field, 'must be a DNS-1123 subdomain', str, "lower-case a-z, 0-9, '-' and '.', starting and ending with a letter or digit", `Use e.g. ${renderValue(suggestName(str, 253))}`);
  }
  return undefined;
}

/** DNS-1035 label: like a DNS-1123 label but must start with a letter. */
export function checkDns1035Label(field: string, value: unknown): Violation | undefined {
  const s = isString(field, value, 'DNS-1035 label');
  if (s) return s;
  const str = value as string;
  if (str.length > 63) return v('format/dns1035-label', field, `must be no more than 63 characters (is ${str.length})`, str, 'at most 63 characters', 'Shorten the name');
  if (!DNS1035_LABEL.test(str)) {
    return v('format/dns1035-label', field, 'must be a DNS-1035 label', str, "lower-case a-z, 0-9 and '-', starting with a letter and ending with a letter or digit");
  }
  return undefined;
}

/** Qualified name (label keys, annotation keys, match condition names): `[prefix/]name`. */
export function checkQualifiedName(field: string, value: unknown): Violation | undefined {
  const s = isString(field, value, 'qualified name');
  if (s) return s;
  const str = value as string;
  const parts = str.split('/');
  let name = str;
  if (parts.length > 2) {
    return v('format/qualified-name', field, "must be a qualified name with at most one '/'", str, "[DNS-subdomain prefix '/'] name", 'Remove the extra slashes');
  }
  if (parts.length === 2) {
    const [prefix, rest] = parts;
    if (!prefix) return v('format/qualified-name', field, 'prefix part must not be empty', str);
    const p = checkDns1123Subdomain(field, prefix);
    if (p) return v('format/qualified-name', field, 'prefix part must be a DNS-1123 subdomain', str, 'e.g. example.com/name');
    name = rest;
  }
  if (name.length === 0) return v('format/qualified-name', field, 'name part must not be empty', str);
  if (name.length > 63) return v('format/qualified-name', field, `name part must be no more than 63 characters (is ${name.length})`, str, 'at most 63 characters after the prefix', 'Shorten the part after the prefix');
  if (!QUALIFIED_NAME_PART.test(name)) {
    return v('format/qualified-name', field, 'name part must consist of alphanumerics, ' + "'-', '_' or '.', starting and ending with an alphanumeric", str, 'e.g. MyName, my.name, 123-abc');
  }
  return undefined;
}

/** Label keys are qualified names. */
export function checkLabelKey(field: string, value: unknown): Violation | undefined {
  const r = checkQualifiedName(field, value);
  return r ? { ...r, checkId: 'format/label-key' } : undefined;
}

/** Label value: empty, or up to 63 alphanumerics/'-'/'_'/'.' starting and ending alphanumeric. */
export function checkLabelValue(field: string, value: unknown): Violation | undefined {
  if (typeof value !== 'string') return v('format/type', field, 'must be a string (label value)', value, undefined, 'Quote numbers and booleans, e.g. "true"');
  if (value.length > 63) return v('format/label-value', field, `must be no more than 63 characters (is ${value.length})`, value, 'at most 63 characters', 'Shorten the value, or put long text in an annotation');
  if (!LABEL_VALUE.test(value)) {
    return v('format/label-value', field, 'must be a valid label value', value, "empty, or alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric", 'Replace other characters with \'-\', or put free text in an annotation');
  }
  return undefined;
}

/** A C identifier (DRA attribute ids, env-var-like names). */
export function checkCIdentifier(field: string, value: unknown, maxLength?: number): Violation | undefined {
  const s = isString(field, value, 'C identifier');
  if (s) return s;
  const str = value as string;
  if (maxLength !== undefined && str.length > maxLength) return v('format/c-identifier', field, `must be no more than ${maxLength} characters (is ${str.length})`, str);
  if (!C_IDENTIFIER.test(str)) return v('format/c-identifier', field, 'must be a C identifier', str, '[A-Za-z_][A-Za-z0-9_]*');
  return undefined;
}

/** A CEL identifier that is not a reserved word (admission policy variable names). */
export function checkCelIdentifier(field: string, value: unknown): Violation | undefined {
  const s = isString(field, value, 'CEL identifier');
  if (s) return s;
  const str = value as string;
  if (!CEL_IDENTIFIER.test(str)) return v('format/cel-identifier', field, 'must be a CEL identifier', str, '^[_a-zA-Z][_a-zA-Z0-9]*$', 'Use letters, digits and underscores only, not starting with a digit');
  if (CEL_RESERVED_WORDS.includes(str)) {
    return v('format/cel-identifier', field, 'must not be a CEL reserved word', str, `not one of ${CEL_RESERVED_WORDS.join(', ')}`, `Rename it, e.g. ${renderValue(str + 'Value')}`);
  }
  return undefined;
}

/** A path segment name (resource names in rules, paramRef names): no '/', '%', not '.' or '..'. */
export function checkPathSegmentName(field: string, value: unknown): Violation | undefined {
  const s = isString(field, value, 'path segment name');
  if (s) return s;
  const str = value as string;
  if (str === '.' || str === '..') return v('format/path-segment', field, 'may not be "." or ".."', str);
  if (/[/%]/.test(str)) return v('format/path-segment', field, "may not contain '/' or '%'", str);
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Quantities

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const SUFFIX_FACTOR: Record<string, number> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 1024,
  'Mi': 1024 ** 2,
  'Gi': 1024 ** 3,
  'Ti': 1024 ** 4,
  'Pi': 1024 ** 5,
  'Ei': 1024 ** 6,
};

/**
 * Parses a Kubernetes quantity (`100m`, `1.5Gi`, `1e3`) to a number of base units,
 * or returns `undefined` when the text is not a quantity. Numbers are accepted as-is
 * (the API server accepts JSON numbers for quantities).
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  // Manifests repeat a handful of quantities ('100m', '256Mi') thousands of times.
  const known = QUANTITY_MEMO.get(value);
  if (known !== undefined || QUANTITY_MEMO.has(value)) return known;
  const n = parseQuantityText(value);
  if (QUANTITY_MEMO.size >= QUANTITY_MEMO_MAX) QUANTITY_MEMO.clear();
  QUANTITY_MEMO.set(value, n);
  return n;
}

const QUANTITY_MEMO = new Map<string, number | undefined>();
const QUANTITY_MEMO_MAX = 4096;

function parseQuantityText(value: string): number | undefined {
  const m = QUANTITY.exec(value);
  if (!m) return undefined;
  const [, sign, num, suffix = ''] = m;
  let factor: number;
  if (/^[eE]/.test(suffix)) factor = Math.pow(10, Number(suffix.slice(1)));
  else factor = SUFFIX_FACTOR[suffix];
  const n = Number(num) * factor;
  return sign === '-' ? -n : n;
}

/** A quantity as the API server parses it (`resource.MustParse`). */
export function checkQuantity(field: string, value: unknown, opts: { nonNegative?: boolean; positive?: boolean } = {}): Violation | undefined {
  const n = parseQuantity(value);
  if (n === undefined) {
    return v('format/quantity', field, 'must be a Kubernetes quantity', value,
      "a number with an optional suffix: n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent e.g. '100m', '512Mi', '2'",
      typeof value === 'string' && /^\d+(\.\d+)?\s*(mb|gb|kb|MB|GB|KB|mi|gi)$/.test(value.trim())
        ? `Write ${renderValue(value.trim().replace(/\s+/g, '').replace(/[mM][bB]$|mi$/, 'Mi').replace(/[gG][bB]$|gi$/, 'Gi').replace(/[kK][bB]$/, 'Ki'))}`
        : 'Use the Kubernetes quantity syntax');
  }
  if (opts.positive && !(n > 0)) return v('format/quantity', field, 'must be greater than zero', value);
  if (opts.nonNegative && n < 0) return v('format/quantity', field, 'must not be negative', value);
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Durations (Go time.ParseDuration, as used by the kube-apiserver config loader)

const DURATION_UNIT_MS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

/** Parses a Go duration (`1h30m`, `500ms`, `3s`) into milliseconds, or `undefined`. */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  let s = value;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s.length === 0) return undefined;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * DURATION_UNIT_MS[m[2]];
    pos = re.lastIndex;
  }
  return sign * total;
}

/** A Go duration string (`3s`, `5m`). */
export function checkGoDuration(field: string, value: unknown): Violation | undefined {
  if (parseGoDuration(value) === undefined) {
    return v('format/duration', field, 'must be a Go duration', value, "e.g. '500ms', '3s', '5m', '1h30m'", 'Use a number followed by a unit: ns, us, ms, s, m or h');
  }
  return undefined;
}

/** Formats milliseconds as a canonical Go duration string the way `metav1.Duration` marshals it. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let rest = Math.abs(ms);
  let out = '';
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = rest / 1000;
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  if (ms < 1000 && h === 0 && m === 0) {
    out = Number.isInteger(rest) ? `${rest}ms` : `${Math.round(rest * 1000)}us`;
  } else {
    out += `${Number(sec.toFixed(9))}s`;
  }
  return (neg ? '-' : '') + out;
}

// ---------------------------------------------------------------------------------------

/** Suggests a DNS-compatible spelling of `name` for messages. */
export function suggestName(name: string, max: number): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, max)
    .replace(/[^a-z0-9]+$/, '');
  return s || 'name';
}

/** Checks that `values` has no duplicates; returns the duplicates' indexes and values. */
export function findDuplicates<T>(values: readonly T[], key: (t: T) => string = (t) => String(t)): Array<{ index: number; key: string }> {
  const seen = new Set<string>();
  const dups: Array<{ index: number; key: string }> = [];
  values.forEach((t, index) => {
    const k = key(t);
    if (seen.has(k)) dups.push({ index, key: k });
    seen.add(k);
  });
  return dups;
}

/** Edit distance between `a` and `b`, bounded: returns `max + 1` as soon as it exceeds `max`. */
function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The known name closest to `unknown` for "did you mean" hints (field names, functions,
 * variables), or `undefined` when none is a likely typo. Case is ignored; a candidate within
 * an edit distance of about a third of its length wins, and a shared prefix of at least three
 * characters (`objectSelectors` → `objectSelector`) counts as close.
 */
export function closestName(unknown: string, candidates: Iterable<string>): string | undefined {
  const lower = unknown.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of candidates) {
    const kl = k.toLowerCase();
    if (kl === lower) return k;
    const max = Math.max(1, Math.min(3, Math.floor(Math.max(k.length, unknown.length) / 3)));
    let d = boundedDistance(lower, kl, max);
    if (d > max && (kl.startsWith(lower) || lower.startsWith(kl)) && Math.min(kl.length, lower.length) >= 3) d = max + 0.5;
    if (d <= max + 0.5 && d < bestScore) {
      best = k;
      bestScore = d;
    }
  }
  return best;
}
