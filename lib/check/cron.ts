/**
 * The CronJob schedule syntax as the API server parses it: `cron.ParseStandard` of
 * github.com/robfig/cron/v3 (five fields, names for months and weekdays, `*`, `?`, ranges,
 * steps and lists, the `@yearly`...`@hourly` descriptors and `@every <duration>`, an optional
 * `TZ=`/`CRON_TZ=` prefix). Returns the parser's error text, or `undefined` when it parses.
 */
import { parseGoDuration } from '../base/validators';

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOW: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** minute, hour, day of month, month, day of week. */
const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DOW },
];

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Go `strconv.Atoi` on a field part: an optional sign and decimal digits, nothing else. */
function atoi(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined;
}

/** `parseIntOrName`: a name of the field (case-insensitive) or a non-negative integer. */
function intOrName(expr: string, names: Readonly<Record<string, number>> | undefined): number | string {
  if (names) {
    const n = names[expr.toLowerCase()];
    if (n !== undefined) return n;
  }
  const n = atoi(expr);
  if (n === undefined) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`;
  if (n < 0) return `negative number (${n}) not allowed: ${expr}`;
  return n;
}

/** `getRange`: one comma-separated part of a field. */
function range(expr: string, b: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
  } else {
    const s = intOrName(lowAndHigh[0], b.names);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) {
      end = start;
    } else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1], b.names);
      if (typeof e === 'string') return e;
      end = e;
    } else {
      return `too many hyphens: ${expr}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const st = atoi(rangeAndStep[1]);
    if (st === undefined) return `failed to parse int from ${rangeAndStep[1]}: strconv.Atoi: parsing ${JSON.stringify(rangeAndStep[1])}: invalid syntax`;
    if (st < 0) return `negative number (${st}) not allowed: ${rangeAndStep[1]}`;
    step = st;
    // "N/step" means "N-max/step".
    if (singleDigit) end = b.max;
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < b.min) return `beginning of range (${start}) below minimum (${b.min}): ${expr}`;
  if (end > b.max) return `end of range (${end}) above maximum (${b.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

/** `getField`: a comma-separated list of ranges. */
function fieldError(field: string, b: Bounds): string | undefined {
  for (const part of field.split(',')) {
    const err = range(part, b);
    if (err) return err;
  }
  return undefined;
}

/**
 * The error `cron.ParseStandard(spec)` returns for `spec`, or `undefined` when it parses.
 * @see https://pkg.go.dev/github.com/robfig/cron/v3#ParseStandard
 */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  let rest = spec;
  // Extract the time zone prefix, as the parser does (the API server then refuses it).
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const i = rest.indexOf(' ');
    const eq = rest.indexOf('=');
    const tz = i < 0 ? rest.slice(eq + 1) : rest.slice(eq + 1, i);
    if (!isKnownTimeZone(tz)) return `provided bad location ${tz}: unknown time zone ${tz}`;
    rest = i < 0 ? '' : rest.slice(i).trim();
  }
  if (rest.startsWith('@')) {
    if (DESCRIPTORS.includes(rest)) return undefined;
    if (rest.startsWith('@every ')) {
      const d = rest.slice('@every '.length);
      return parseGoDuration(d) === undefined ? `failed to parse duration ${rest}: time: invalid duration ${JSON.stringify(d)}` : undefined;
    }
    return `unrecognized descriptor: ${rest}`;
  }
  const fields = rest.split(/[ \t\n\r\f\v]+/).filter((x) => x !== '');
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const err = fieldError(fields[i], FIELDS[i]);
    if (err) return err;
  }
  return undefined;
}

/**
 * True when `name` is an IANA time zone the runtime knows (`time.LoadLocation` on the API
 * server reads the same database). `UTC` is always known.
 */
export function isKnownTimeZone(name: string): boolean {
  if (name === 'UTC' || name === '') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
