/**
 * `format` of string values in a CRD schema, checked as a 1.36 API server checks them.
 *
 * apiextensions-apiserver v0.36.0 `pkg/apiserver/validation/formats.go` keeps only the formats
 * it supports (`StripUnsupportedFormatsPostProcessorForVersion`: any other format, or a string
 * format on a non-string type, is dropped and never checked), and kube-openapi
 * (commit 43fb72c5454a, the one apiextensions-apiserver v0.36.0 pins) validates the rest with
 * `strfmt.Default` (`validate/formats.go` formatValidator, `validate/values.go` FormatOf). Format
 * names are compared with dashes removed (`strfmt.DefaultNameNormalizer`): `date-time` is
 * `datetime`, `k8s-short-name` is `k8sshortname`.
 *
 * Every checker below ports one Go function (named in its comment) byte for byte where the
 * Go code works on bytes; regular expressions run on the RE2 engine (lib/cel/eval-regex.ts),
 * as Go's regexp does.
 */
import { re2Compile } from '../cel/eval-regex';
import type { Re2 } from '../cel/eval-regex';

function rx(pattern: string): Re2 {
  const re = re2Compile(pattern);
  if (typeof re === 'string') throw new Error(re);
  return re;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const byteLen = (s: string): number => Buffer.byteLength(s, 'utf8');

// ---------------------------------------------------------------------------------------
// date, date-time (strfmt date.go, time.go)

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// upstream: IsDate
/** strfmt IsDate: Go `time.Parse("2006-01-02", s)`: four-digit year, two-digit month and day, a day the month has. */
export function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year);
}

const RX_DATE_TIME = rx('^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$');

// upstream: IsDateTime
/**
 * strfmt IsDateTime: lower-cased and split at every `t`, the first part a date and the
 * second `hh:mm:ss[.frac](z|±hh:mm)` with hh ≤ 23, mm ≤ 59, ss ≤ 59 (a third part is ignored).
 */
export function isDateTime(str: string): boolean {
  if (byteLen(str) < 4) return false;
  const s = str.toLowerCase().split('t');
  if (s.length < 2 || !isDate(s[0])) return false;
  if (!RX_DATE_TIME.test(s[1])) return false;
  // the pattern is anchored: the three groups are the first eight characters
  return s[1].slice(0, 2) <= '23' && s[1].slice(3, 5) <= '59' && s[1].slice(6, 8) <= '59';
}

// ---------------------------------------------------------------------------------------
// duration (Go time.ParseDuration, then strfmt duration.go ParseDuration)

const TWO63 = 2n ** 63n;
const GO_UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1000n, µs: 1000n, μs: 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};

// upstream: time.ParseDuration
/** Go `time.ParseDuration`: true when it parses (`[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`, within int64 nanoseconds). */
export function goParseDurationOk(orig: string): boolean {
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return true;
  if (s === '') return false;
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return false;
    // leadingInt
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > TWO63 / 10n) return false;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > TWO63) return false;
    }
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    let f = 0;
    let scale = 1;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      // leadingFraction
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (2 ** 63 - 1) / 10) {
          overflow = true;
          continue;
        }
        f = f * 10 + (s.charCodeAt(j) - 48);
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return false;
    let u = 0;
    for (; u < s.length; u++) if (s[u] === '.' || isDigit(s[u])) break;
    if (u === 0) return false;
    const unit = GO_UNITS[s.slice(0, u)];
    s = s.slice(u);
    if (unit === undefined) return false;
    if (v > TWO63 / unit) return false;
    v *= unit;
    if (f > 0) {
      v += BigInt(Math.floor(f * (Number(unit) / scale)));
      if (v > TWO63) return false;
    }
    d += v;
    if (d > TWO63) return false;
  }
  return neg || d <= TWO63 - 1n;
}

const TIME_UNITS: ReadonlyArray<readonly string[]> = [
  ['ns', 'nano'], ['us', '\u00b5s', 'micro'], ['ms', 'milli'], ['s', 'sec'], ['m', 'min'], ['h', 'hr', 'hour'], ['d', 'day'], ['w', 'wk', 'week'],
];
/** `((\d+)\s*([A-Za-zµ]+))`: Go's \d and \s are ASCII, as they are here. */
const DURATION_MATCHER = /(\d+)[\t\n\f\r ]*([A-Za-z\u00b5]+)/g;

// upstream: IsDuration
// upstream: ParseDuration
/**
 * strfmt IsDuration: Go's `time.ParseDuration`, or else at least one `<digits> <unit>` pair
 * anywhere in the string whose unit is one of ns/us/µs/ms/s/m/h/d/w, their long forms
 * (nano, micro, milli, sec, min, hr, hour, day, wk, week), or starts with the longest form
 * (`45 weeks`, `12 hours`); digits that overflow an int64 make it invalid.
 */
export function isDuration(cand: string): boolean {
  if (goParseDurationOk(cand)) return true;
  let ok = false;
  for (const match of cand.matchAll(DURATION_MATCHER)) {
    const digits = match[1].replace(/^0+/, '');
    if (digits.length > 19 || BigInt(digits || '0') > TWO63 - 1n) return false; // strconv.Atoi fails
    const unit = match[2].toLowerCase();
    for (const variants of TIME_UNITS) {
      const last = variants.length - 1;
      variants.forEach((variant, i) => {
        if ((last === i && unit.startsWith(variant)) || variant.toLowerCase() === unit) ok = true;
      });
    }
  }
  return ok;
}

// ---------------------------------------------------------------------------------------
// IP addresses: Go 1.16 net.ParseIP as k8s.io/utils/net ParseIPSloppy keeps it, and the
// current netip.ParseAddr that net.ParseIP uses.

const BIG = 0xffffff;

/** Go 1.16 net dtoi: decimal digits, characters consumed, success. */
function dtoi(s: string): [number, number, boolean] {
  let n = 0;
  let i = 0;
  for (; i < s.length && isDigit(s[i]); i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return [BIG, i, false];
  }
  return i === 0 ? [0, 0, false] : [n, i, true];
}

/** Go 1.16 net xtoi: hexadecimal digits, characters consumed, success. */
function xtoi(s: string): [number, number, boolean] {
  let n = 0;
  let i = 0;
  for (; i < s.length && isHex(s[i]); i++) {
    n = n * 16 + parseInt(s[i], 16);
    if (n >= BIG) return [0, i, false];
  }
  return i === 0 ? [0, i, false] : [n, i, true];
}

// upstream: netutils.parseIPv4
function sloppyIPv4(str: string): boolean {
  let s = str;
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return false;
    if (i > 0) {
      if (s[0] !== '.') return false;
      s = s.slice(1);
    }
    const [n, c, ok] = dtoi(s);
    if (!ok || n > 0xff) return false;
    s = s.slice(c);
  }
  return s.length === 0;
}

// upstream: netutils.parseIPv6
function sloppyIPv6(str: string): boolean {
  let s = str;
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return true;
  }
  let i = 0;
  while (i < 16) {
    const [n, c, ok] = xtoi(s);
    if (!ok || n > 0xffff) return false;
    if (c < s.length && s[c] === '.') {
      if (ellipsis < 0 && i !== 12) return false;
      if (i + 4 > 16) return false;
      if (!sloppyIPv4(s)) return false;
      i += 4;
      s = '';
      break;
    }
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return false;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return false;
  if (i < 16) return ellipsis >= 0;
  return ellipsis < 0;
}

// upstream: ParseIPSloppy
function parseIPSloppyOk(s: string): boolean {
  for (const c of s) {
    if (c === '.') return sloppyIPv4(s);
    if (c === ':') return sloppyIPv6(s);
  }
  return false;
}

/** netip.ParseAddr's result: the family, with or without a zone; undefined when it fails. */
interface NetipAddr { readonly is4: boolean; readonly is4In6: boolean; readonly zone: boolean }

// upstream: netip.parseIPv4Fields
function netipIPv4Fields(s: string): number[] | undefined {
  const fields: number[] = [];
  let val = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    if (isDigit(s[i])) {
      if (digLen === 1 && val === 0) return undefined; // leading zero
      val = val * 10 + (s.charCodeAt(i) - 48);
      digLen++;
      if (val > 255) return undefined;
    } else if (s[i] === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') return undefined;
      if (fields.length === 3) return undefined;
      fields.push(val);
      val = 0;
      digLen = 0;
    } else {
      return undefined;
    }
  }
  if (fields.length < 3) return undefined;
  fields.push(val);
  return fields;
}

// upstream: netip.parseIPv6
function netipIPv6(input: string): NetipAddr | undefined {
  let s = input;
  let zone = false;
  const pct = s.indexOf('%');
  if (pct !== -1) {
    if (pct === s.length - 1) return undefined; // zone must be a non-empty string
    s = s.slice(0, pct);
    zone = true;
  }
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { is4: false, is4In6: false, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length && isHex(s[off]); off++) {
      acc = acc * 16 + parseInt(s[off], 16);
      if (off > 3) return undefined; // at most 4 hex digits
      if (acc > 0xffff) return undefined;
    }
    if (off === 0) return undefined;
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const f = netipIPv4Fields(s);
      if (!f) return undefined;
      f.forEach((b, k) => { ip[i + k] = b; });
      i += 4;
      s = '';
      break;
    }
    ip[i] = Math.floor(acc / 256);
    ip[i + 1] = acc % 256;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined;
  }
  const is4In6 = ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  return { is4: false, is4In6, zone };
}

// upstream: netip.ParseAddr
export function netipParseAddr(s: string): NetipAddr | undefined {
  for (const c of s) {
    if (c === '.') return netipIPv4Fields(s) ? { is4: true, is4In6: false, zone: false } : undefined;
    if (c === ':') return netipIPv6(s);
    if (c === '%') return undefined;
  }
  return undefined;
}

// upstream: net.ParseIP
/** Go's net.ParseIP (netip.ParseAddr without a zone). */
function netParseIP(s: string): NetipAddr | undefined {
  const a = netipParseAddr(s);
  return a && !a.zone ? a : undefined;
}

// upstream: isIPv4
/** strfmt isIPv4: ParseIPSloppy (leading zeros allowed) and a dot in the string. */
export function isIPv4(s: string): boolean {
  return parseIPSloppyOk(s) && s.includes('.');
}

// upstream: IsIPv6
/** govalidator IsIPv6: net.ParseIP and a colon in the string. */
export function isIPv6(s: string): boolean {
  return netParseIP(s) !== undefined && s.includes(':');
}

// upstream: isCIDR
// upstream: ParseCIDRSloppy
/** strfmt isCIDR: ParseCIDRSloppy, prefix length at most 32 (IPv4) or 128 (IPv6). */
export function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  let iplen = 4;
  let ok = sloppyIPv4(addr);
  if (!ok) {
    iplen = 16;
    ok = sloppyIPv6(addr);
  }
  const [n, i, good] = dtoi(mask);
  return ok && good && i === mask.length && n >= 0 && n <= 8 * iplen;
}

// upstream: IsMAC
// upstream: net.ParseMAC
/** govalidator IsMAC: Go net.ParseMAC (6, 8 or 20 bytes, `:`/`-` pairs or `.` quads). */
export function isMAC(s: string): boolean {
  const xtoi2 = (t: string, e: string | undefined): boolean => {
    if (t.length > 2 && t[2] !== e) return false;
    return isHex(t[0]) && isHex(t[1]);
  };
  if (s.length < 14) return false;
  if (s[2] === ':' || s[2] === '-') {
    if ((s.length + 1) % 3 !== 0) return false;
    const n = (s.length + 1) / 3;
    if (n !== 6 && n !== 8 && n !== 20) return false;
    for (let x = 0, i = 0; i < n; i++, x += 3) if (!xtoi2(s.slice(x), s[2])) return false;
    return true;
  }
  if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0) return false;
    const n = (2 * (s.length + 1)) / 5;
    if (n !== 6 && n !== 8 && n !== 20) return false;
    for (let x = 0, i = 0; i < n; i += 2, x += 5) {
      if (!xtoi2(s.slice(x, x + 2), undefined) || !xtoi2(s.slice(x + 2), s[4])) return false;
    }
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// hostname, uuid, k8s names (strfmt default.go, kubernetes-extensions.go)

const RX_HOSTNAME = rx('^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$');

// upstream: IsHostname
/** strfmt IsHostname: the RFC 1034 pattern (letters and symbols of any script), at most 255 bytes, labels of at most 63 bytes. */
export function isHostname(s: string): boolean {
  if (!RX_HOSTNAME.test(s)) return false;
  if (byteLen(s) > 255) return false;
  return s.split('.').every((p) => byteLen(p) <= 63);
}

const RX_UUID = rx('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$');
const RX_UUID3 = rx('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$');
const RX_UUID4 = rx('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$');
const RX_UUID5 = rx('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$');

const SHORT_NAME = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const RX_SHORT_NAME = rx(`^${SHORT_NAME}$`);
const RX_LONG_NAME = rx(`^${SHORT_NAME}(\\.${SHORT_NAME})*$`);

// upstream: IsShortName
function isShortName(s: string): boolean {
  return byteLen(s) <= 63 && RX_SHORT_NAME.test(s);
}

// upstream: IsLongName
function isLongName(s: string): boolean {
  return byteLen(s) <= 253 && RX_LONG_NAME.test(s);
}

// upstream: IsBSONObjectID
/** strfmt IsBSONObjectID: bson ObjectIDFromHex, 24 hexadecimal digits. */
function isBSONObjectID(s: string): boolean {
  return /^[0-9a-fA-F]{24}$/.test(s);
}

// ---------------------------------------------------------------------------------------
// govalidator (kube-openapi pkg/internal/third_party/govalidator)

const RX_CREDIT_CARD = rx('^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11})$');
const RX_ISBN10 = rx('^(?:[0-9]{9}X|[0-9]{10})$');
const RX_ISBN13 = rx('^(?:[0-9]{13})$');
const RX_HEXCOLOR = rx('^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$');
const RX_RGBCOLOR = rx('^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$');
const RX_BASE64 = rx('^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{4})$');
const RX_SSN = rx('^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$');

// upstream: IsCreditCard
function isCreditCard(str: string): boolean {
  const sanitized = str.replace(/[^0-9]+/g, '');
  if (!RX_CREDIT_CARD.test(sanitized)) return false;
  let sum = 0;
  let shouldDouble = false;
  for (let i = sanitized.length - 1; i >= 0; i--) {
    let n = sanitized.charCodeAt(i) - 48;
    if (shouldDouble) {
      n *= 2;
      sum += n >= 10 ? (n % 10) + 1 : n;
    } else {
      sum += n;
    }
    shouldDouble = !shouldDouble;
  }
  return sum % 10 === 0;
}

// upstream: IsISBN
function isISBN(str: string, version: 10 | 13): boolean {
  const sanitized = str.replace(/[\t\n\f\r -]+/g, '');
  const d = (i: number) => sanitized.charCodeAt(i) - 48;
  if (version === 10) {
    if (!RX_ISBN10.test(sanitized)) return false;
    let checksum = 0;
    for (let i = 0; i < 9; i++) checksum += (i + 1) * d(i);
    checksum += sanitized[9] === 'X' ? 100 : 10 * d(9);
    return checksum % 11 === 0;
  }
  if (!RX_ISBN13.test(sanitized)) return false;
  let checksum = 0;
  for (let i = 0; i < 12; i++) checksum += (i % 2 === 0 ? 1 : 3) * d(i);
  return d(12) - ((10 - (checksum % 10)) % 10) === 0;
}

// upstream: IsSSN
function isSSN(s: string): boolean {
  return byteLen(s) === 11 && RX_SSN.test(s);
}

// ---------------------------------------------------------------------------------------
// uri: Go net/url ParseRequestURI (url.go parse with viaRequest)

type Mode = 'path' | 'host' | 'zone' | 'userPassword';

// upstream: url.shouldEscape
function shouldEscape(c: string, mode: Mode): boolean {
  if (/^[a-zA-Z0-9]$/.test(c)) return false;
  if (mode === 'host' || mode === 'zone') {
    if ("!$&'()*+,;=:[]<>\"".includes(c)) return false;
  }
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    if (mode === 'userPassword') return c === '@' || c === '/' || c === '?' || c === ':';
    if (mode === 'path') return c === '?';
    return false;
  }
  return true;
}

// upstream: url.unescape
/** Whether Go's url.unescape accepts `s` in `mode` (only the checks, not the result). */
function unescapeOk(s: string, mode: Mode): boolean {
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return false;
      if (mode === 'host' && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') return false;
      if (mode === 'zone') {
        const v = parseInt(s.slice(i + 1, i + 3), 16);
        if (s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(String.fromCharCode(v), 'host')) return false;
      }
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) return false;
      i++;
    }
  }
  return true;
}

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// upstream: url.validOptionalPort
function validOptionalPort(port: string): boolean {
  if (port === '') return true;
  return port[0] === ':' && /^[0-9]*$/.test(port.slice(1));
}

// upstream: url.parseHost
function parseHostOk(scheme: string, host: string): boolean {
  const open = host.lastIndexOf('[');
  if (open > 0) return false;
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return false;
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort) || !unescapeOk(colonPort, 'host')) return false;
    const hostname = host.slice(1, close);
    const zoneIdx = hostname.indexOf('%25');
    let unescaped: string;
    if (zoneIdx >= 0) {
      if (!unescapeOk(hostname.slice(0, zoneIdx), 'host') || !unescapeOk(hostname.slice(zoneIdx), 'zone')) return false;
      unescaped = percentDecode(hostname.slice(0, zoneIdx)) + percentDecode(hostname.slice(zoneIdx));
    } else {
      if (!unescapeOk(hostname, 'host')) return false;
      unescaped = percentDecode(hostname);
    }
    const addr = netipParseAddr(unescaped);
    return addr !== undefined && !addr.is4;
  }
  let i = host.indexOf(':');
  if (i !== -1) {
    const last = host.lastIndexOf(':');
    if (last !== i && scheme !== 'http' && scheme !== 'https') i = last;
    if (!validOptionalPort(host.slice(i))) return false;
  }
  return unescapeOk(host, 'host');
}

// upstream: url.validUserinfo
function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

// upstream: url.parseAuthority
function parseAuthorityOk(scheme: string, authority: string): boolean {
  const at = authority.lastIndexOf('@');
  if (!parseHostOk(scheme, at < 0 ? authority : authority.slice(at + 1))) return false;
  if (at < 0) return true;
  const userinfo = authority.slice(0, at);
  if (!validUserinfo(userinfo)) return false;
  const colon = userinfo.indexOf(':');
  if (colon < 0) return unescapeOk(userinfo, 'userPassword');
  return unescapeOk(userinfo.slice(0, colon), 'userPassword') && unescapeOk(userinfo.slice(colon + 1), 'userPassword');
}

// upstream: url.getScheme
function getScheme(raw: string): [string, string] | undefined {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/^[a-zA-Z]$/.test(c)) continue;
    if (/^[0-9+\-.]$/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) return undefined; // missing protocol scheme
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

// upstream: IsRequestURI
// upstream: url.ParseRequestURI
/** govalidator IsRequestURI: Go url.ParseRequestURI (an absolute URI, or an absolute path). */
export function isRequestURI(raw: string): boolean {
  // stringContainsCTLByte
  for (let i = 0; i < raw.length; i++) {
    const b = raw.charCodeAt(i);
    if (b < 0x20 || b === 0x7f) return false;
  }
  if (raw === '') return false;
  if (raw === '*') return true;
  const sch = getScheme(raw);
  if (!sch) return false;
  const scheme = sch[0].toLowerCase();
  let rest = sch[1];
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  if (!rest.startsWith('/')) {
    // a scheme and a rootless path: opaque; no scheme: "invalid URI for request"
    return scheme !== '';
  }
  if (scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    if (!parseAuthorityOk(scheme, authority)) return false;
  }
  return unescapeOk(rest, 'path');
}

// ---------------------------------------------------------------------------------------
// email: Go net/mail ParseAddress (message.go addrParser)

const RX_ENCODED_WORD = /^=\?([^?]+)\?([bBqQ])\?([^?]*)\?=$/;
const isVchar = (c: string): boolean => (c >= '!' && c <= '~') || c.codePointAt(0)! >= 0x80;
const isWSP = (c: string): boolean => c === ' ' || c === '\t';
const isAtext = (c: string, dot: boolean): boolean => {
  if (c === '.') return dot;
  if ('()<>[]:;@\\,"'.includes(c)) return false;
  return isVchar(c);
};
const isQtext = (c: string): boolean => c !== '\\' && c !== '"' && isVchar(c);
const isDtext = (c: string): boolean => c !== '[' && c !== ']' && c !== '\\' && isVchar(c);

class MailError extends Error {}

/** net/mail addrParser: only what ParseAddress needs to accept or refuse. */
class AddrParser {
  constructor(public s: string) {}

  public empty(): boolean { return this.s.length === 0; }
  public peek(): string { return this.s[0]; }
  public consume(c: string): boolean {
    if (this.empty() || this.peek() !== c) return false;
    this.s = this.s.slice(1);
    return true;
  }
  public skipSpace(): void { this.s = this.s.replace(/^[ \t]+/, ''); }

  // upstream: mail.skipCFWS
  public skipCFWS(): boolean {
    this.skipSpace();
    while (this.consume('(')) {
      if (!this.consumeComment()[1]) return false;
      this.skipSpace();
    }
    return true;
  }

  // upstream: mail.consumeComment
  public consumeComment(): [string, boolean] {
    let depth = 1;
    let comment = '';
    while (!this.empty() && depth !== 0) {
      if (this.peek() === '\\' && this.s.length > 1) this.s = this.s.slice(1);
      else if (this.peek() === '(') depth++;
      else if (this.peek() === ')') depth--;
      if (depth > 0) comment += this.s[0];
      this.s = this.s.slice(1);
    }
    return [comment, depth === 0];
  }

  // upstream: mail.parseSingleAddress
  public parseSingleAddress(): void {
    const addrs = this.parseAddress(true);
    if (!this.skipCFWS()) throw new MailError('misformatted parenthetical comment');
    if (!this.empty()) throw new MailError('expected single address');
    if (addrs === 0) throw new MailError('empty group');
    if (addrs > 1) throw new MailError('group with multiple addresses');
  }

  // upstream: mail.parseAddress
  /** The number of addresses parsed. */
  public parseAddress(handleGroup: boolean): number {
    this.skipSpace();
    if (this.empty()) throw new MailError('no address');
    const spec = this.tryAddrSpec();
    if (spec) {
      this.skipSpace();
      if (!this.empty() && this.peek() === '(') this.consumeDisplayNameComment();
      return 1;
    }
    let displayName = '';
    if (this.peek() !== '<') displayName = this.consumePhrase();
    this.skipSpace();
    if (handleGroup && this.consume(':')) return this.consumeGroupList();
    if (!this.consume('<')) throw new MailError(displayName === '' ? 'no angle-addr' : 'missing @ or angle-addr');
    this.consumeAddrSpec();
    if (!this.consume('>')) throw new MailError('unclosed angle-addr');
    return 1;
  }

  // upstream: mail.consumeGroupList
  public consumeGroupList(): number {
    let n = 0;
    this.skipSpace();
    if (this.consume(';')) {
      if (!this.skipCFWS()) throw new MailError('misformatted parenthetical comment');
      return 0;
    }
    for (;;) {
      this.skipSpace();
      n += this.parseAddress(false);
      if (!this.skipCFWS()) throw new MailError('misformatted parenthetical comment');
      if (this.consume(';')) {
        if (!this.skipCFWS()) throw new MailError('misformatted parenthetical comment');
        return n;
      }
      if (!this.consume(',')) throw new MailError('expected comma');
    }
  }

  /** consumeAddrSpec, restoring the input when it fails. */
  public tryAddrSpec(): boolean {
    const orig = this.s;
    try {
      this.consumeAddrSpec();
      return true;
    } catch (e) {
      if (!(e instanceof MailError)) throw e;
      this.s = orig;
      return false;
    }
  }

  // upstream: mail.consumeAddrSpec
  public consumeAddrSpec(): void {
    const orig = this.s;
    try {
      this.skipSpace();
      if (this.empty()) throw new MailError('no addr-spec');
      if (this.peek() === '"') {
        if (this.consumeQuotedString() === '') throw new MailError('empty quoted string in addr-spec');
      } else {
        this.consumeAtom(true, false);
      }
      if (!this.consume('@')) throw new MailError('missing @ in addr-spec');
      this.skipSpace();
      if (this.empty()) throw new MailError('no domain in addr-spec');
      if (this.peek() === '[') this.consumeDomainLiteral();
      else this.consumeAtom(true, false);
    } catch (e) {
      this.s = orig;
      throw e;
    }
  }

  // upstream: mail.consumePhrase
  public consumePhrase(): string {
    const words: string[] = [];
    let err: MailError | undefined;
    for (;;) {
      if (words.length > 0 && !this.skipCFWS()) throw new MailError('misformatted parenthetical comment');
      this.skipSpace();
      if (this.empty()) break;
      try {
        if (this.peek() === '"') {
          words.push(this.consumeQuotedString());
        } else {
          const word = this.consumeAtom(true, true);
          decodeRFC2047Word(word);
          words.push(word);
        }
      } catch (e) {
        if (!(e instanceof MailError)) throw e;
        err = e;
        break;
      }
    }
    if (err && words.length === 0) throw new MailError(`missing word in phrase: ${err.message}`);
    return words.join(' ');
  }

  // upstream: mail.consumeQuotedString
  public consumeQuotedString(): string {
    // rune by rune from the opening quote, without copying the rest of the input
    let i = 1;
    let out = '';
    let escaped = false;
    for (;;) {
      const cp = this.s.codePointAt(i);
      if (cp === undefined) throw new MailError('unclosed quoted-string');
      const r = String.fromCodePoint(cp);
      if (escaped) {
        if (!isVchar(r) && !isWSP(r)) throw new MailError('bad character in quoted-string');
        out += r;
        escaped = false;
      } else if (isQtext(r) || isWSP(r)) {
        out += r;
      } else if (r === '"') {
        break;
      } else if (r === '\\') {
        escaped = true;
      } else {
        throw new MailError('bad character in quoted-string');
      }
      i += r.length;
    }
    this.s = this.s.slice(i + 1);
    return out;
  }

  // upstream: mail.consumeAtom
  public consumeAtom(dot: boolean, permissive: boolean): string {
    let i = 0;
    for (;;) {
      const cp = this.s.codePointAt(i);
      if (cp === undefined) break;
      const r = String.fromCodePoint(cp);
      if (!isAtext(r, dot)) break;
      i += r.length;
    }
    if (i === 0) throw new MailError('invalid string');
    const atom = this.s.slice(0, i);
    this.s = this.s.slice(i);
    if (!permissive && (atom.startsWith('.') || atom.includes('..') || atom.endsWith('.'))) throw new MailError('bad dot in atom');
    return atom;
  }

  // upstream: mail.consumeDomainLiteral
  public consumeDomainLiteral(): void {
    if (!this.consume('[')) throw new MailError('missing "[" in domain-literal');
    let dtext = '';
    for (;;) {
      if (this.empty()) throw new MailError('unclosed domain-literal');
      if (this.peek() === ']') break;
      const r = String.fromCodePoint(this.s.codePointAt(0)!);
      if (!isDtext(r)) throw new MailError('bad character in domain-literal');
      dtext += r;
      this.s = this.s.slice(r.length);
    }
    this.consume(']');
    if (dtext.startsWith('IPv6:')) {
      if (!netParseIP(dtext.slice(5))) throw new MailError('invalid IPv6 address in domain-literal');
    } else {
      const ip = netParseIP(dtext);
      if (!ip || !(ip.is4 || ip.is4In6)) throw new MailError('invalid IP address in domain-literal');
    }
  }

  // upstream: mail.consumeDisplayNameComment
  public consumeDisplayNameComment(): void {
    if (!this.consume('(')) throw new MailError('comment does not start with (');
    const [comment, ok] = this.consumeComment();
    if (!ok) throw new MailError('misformatted parenthetical comment');
    for (const word of comment.split(/[ \t]+/).filter((w) => w !== '')) decodeRFC2047Word(word);
  }
}

// upstream: mail.decodeRFC2047Word
/**
 * An RFC 2047 encoded word in a charset Go's mime.WordDecoder does not know (it knows
 * utf-8, us-ascii and iso-8859-1) is an error; other words pass.
 */
function decodeRFC2047Word(word: string): void {
  const m = RX_ENCODED_WORD.exec(word);
  if (!m) return;
  const charset = m[1].toLowerCase();
  if (charset === 'utf-8' || charset === 'us-ascii' || charset === 'iso-8859-1') return;
  // the word must decode before the charset is consulted
  if (/^[bB]$/.test(m[2]) && !/^[A-Za-z0-9+/]*={0,2}$/.test(m[3])) return;
  throw new MailError(`charset not supported: ${JSON.stringify(m[1])}`);
}

// upstream: IsEmail
/** strfmt IsEmail: Go net/mail.ParseAddress accepts it (a display name and comments may surround the address). */
export function isEmail(s: string): boolean {
  try {
    new AddrParser(s).parseSingleAddress();
    return true;
  } catch (e) {
    if (e instanceof MailError) return false;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// the registry

/** strfmt.Default, by normalised name (dashes removed), as apiextensions-apiserver v0.36 supports it at 1.36. */
const VALIDATORS: Readonly<Record<string, (s: string) => boolean>> = {
  bsonobjectid: isBSONObjectID,
  uri: isRequestURI,
  email: isEmail,
  hostname: isHostname,
  ipv4: isIPv4,
  ipv6: isIPv6,
  cidr: isCIDR,
  mac: isMAC,
  uuid: (s) => RX_UUID.test(s),
  uuid3: (s) => RX_UUID3.test(s),
  uuid4: (s) => RX_UUID4.test(s),
  uuid5: (s) => RX_UUID5.test(s),
  isbn: (s) => isISBN(s, 10) || isISBN(s, 13),
  isbn10: (s) => isISBN(s, 10),
  isbn13: (s) => isISBN(s, 13),
  creditcard: isCreditCard,
  ssn: isSSN,
  hexcolor: (s) => RX_HEXCOLOR.test(s),
  rgbcolor: (s) => RX_RGBCOLOR.test(s),
  byte: (s) => RX_BASE64.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
  k8sshortname: isShortName,
  k8slongname: isLongName,
};

// upstream: StripUnsupportedFormatsPostProcessorForVersion
/**
 * The validator the API server applies to string values of a schema node, or undefined when
 * it checks no format there: the format is unknown (ignored, as upstream), or set on a
 * `type` other than string (an `integer`/`number` format is never checked on strings).
 */
export function stringFormatValidator(schema: Record<string, any>): ((s: string) => boolean) | undefined {
  const format = schema.format;
  if (typeof format !== 'string' || format === '') return undefined;
  const type = schema['x-kubernetes-int-or-string'] === true ? '' : schema.type ?? '';
  if (type !== '' && type !== 'string') return undefined;
  const v = VALIDATORS[format.replace(/-/g, '')];
  return v;
}

// upstream: FormatOf
/**
 * kube-openapi FormatOf: the message of a string that is not of its schema's format
 * (`<path> in body must be of type <format>: "<value>"`), or undefined when it is.
 */
export function formatProblem(schema: Record<string, any>, path: string, value: string): string | undefined {
  const v = stringFormatValidator(schema);
  if (!v || v(value)) return undefined;
  return `${path === '' ? '.' : path} in body must be of type ${schema.format}: ${JSON.stringify(value)}`;
}

// upstream: IsValueValidAgainstRange
/**
 * kube-openapi numberValidator's range check ("Checked value must be of type integer with
 * format int32"): an `integer` must fit its format (int32, else int64), a `number` with
 * format `float` must not overflow a float32. apiextensions-apiserver keeps only int32/int64
 * on integers and float/double on numbers; others are dropped (an integer is then int64).
 * Returns the upstream message, or undefined.
 */
export function numberFormatProblem(schema: Record<string, any>, path: string, exact: number | bigint): string | undefined {
  const type = schema.type;
  const format = typeof schema.format === 'string' ? schema.format : '';
  if (type === 'integer' && typeof exact === 'bigint') {
    // an integer read exactly (beyond 2^53): int64 bounds compared without rounding
    const f = format === 'int32' || format === 'int64' ? format : '';
    const bits = f === 'int32' ? 31n : 63n;
    if (exact >= -(2n ** bits) && exact <= 2n ** bits - 1n) return undefined;
    return f !== '' ? `Checked value must be of type integer with format ${f} in ${path}` : `Checked value must be of type integer (default format) in ${path}`;
  }
  const v = Number(exact);
  if (type === 'integer') {
    const f = format === 'int32' || format === 'int64' ? format : '';
    const [lo, hi] = f === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [-(2 ** 63), 2 ** 63 - 1];
    // 2^63 - 1 (the int64 maximum) reads as the number 2^63: that one is accepted, the next
    // number up (2^63 + 2048) is not
    const outside = f === 'int32' ? v < lo || v > hi : v < lo || v > 2 ** 63;
    if (!outside) return undefined;
    return f !== '' ? `Checked value must be of type integer with format ${f} in ${path}` : `Checked value must be of type integer (default format) in ${path}`;
  }
  if (type === 'number' && format === 'float' && Number.isFinite(v) && !Number.isFinite(Math.fround(v))) {
    return `Checked value must be of type number with format float in ${path}`;
  }
  return undefined;
}
