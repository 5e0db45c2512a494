/* eslint-disable no-bitwise */ // 64-bit ranges and IP address bytes
/**
 * Runtime of the Kubernetes CEL libraries (k8s.io/apiserver pkg/cel/library): quantity,
 * IP and CIDR (ip.go, cidr.go; net/netip semantics), URL (urls.go; net/url
 * ParseRequestURI), semver (semverlib.go), regex (regex.go), format (format.go; the
 * apimachinery name validators), authz (authz.go) and jsonpatch (jsonpatch.go).
 */
import type { EvalContext, Impl } from './eval-context';
import { Quantity } from './eval-quantity';
import { chargeRegex, compileRegex } from './eval-regex';
import {
  argInt, argString, CelMap, CelOptional, celCompare, EvalErr, fail, LibValue, noOverload,
} from './eval-values';

const str = argString;
const int = argInt;
function lib<T>(v: unknown, cls: new (...a: never[]) => T): T {
  if (!(v instanceof cls)) return noOverload();
  return v;
}

// ---------------------------------------------------------------- IP addresses

/** An IP address (16 bytes for IPv6, 4 for IPv4). */
export class IPAddr implements LibValue {
  public readonly celType = 'net.IP';
  constructor(public readonly bytes: Uint8Array) {}
  public get is4(): boolean {
    return this.bytes.length === 4;
  }
  public equals(o: LibValue): boolean {
    return o instanceof IPAddr && o.bytes.length === this.bytes.length && o.bytes.every((b, i) => b === this.bytes[i]);
  }
  public toString(): string {
    if (this.is4) return [...this.bytes].join('.');
    const words: number[] = [];
    for (let i = 0; i < 16; i += 2) words.push((this.bytes[i] << 8) | this.bytes[i + 1]);
    // longest run of two or more zero words is compressed (first one on a tie)
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8;) {
      if (words[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && words[j] === 0) j++;
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
      i = j;
    }
    const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
    if (best < 0) return hex(words);
    return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
  }
}

function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** net/netip ParseAddr: returns bytes, zone, and whether it was written as IPv6. */
function parseAddr(s: string): { bytes: Uint8Array; zone: string; v6: boolean } | undefined {
  if (s.includes(':')) {
    let zone = '';
    const pct = s.indexOf('%');
    let a = s;
    if (pct >= 0) {
      zone = s.slice(pct + 1);
      if (zone === '') return undefined;
      a = s.slice(0, pct);
    }
    let tail: number[] = [];
    const lastColon = a.lastIndexOf(':');
    if (a.slice(lastColon + 1).includes('.')) {
      const v4 = parseIPv4(a.slice(lastColon + 1));
      if (!v4) return undefined;
      tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
      a = `${a.slice(0, lastColon + 1)}${tail.length ? '0:0' : ''}`;
      if (a.endsWith('::0:0')) a = a; // keep
    }
    const dbl = a.indexOf('::');
    if (dbl >= 0 && a.indexOf('::', dbl + 1) >= 0) return undefined;
    const parseGroups = (t: string): number[] | undefined => {
      if (t === '') return [];
      const gs = t.split(':');
      const out: number[] = [];
      for (const g of gs) {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
      return out;
    };
    let words: number[];
    if (dbl >= 0) {
      const head = parseGroups(a.slice(0, dbl));
      const rest = parseGroups(a.slice(dbl + 2));
      if (!head || !rest || head.length + rest.length > 7) return undefined;
      words = [...head, ...new Array(8 - head.length - rest.length).fill(0), ...rest];
    } else {
      const all = parseGroups(a);
      if (!all || all.length !== 8) return undefined;
      words = all;
    }
    if (tail.length) {
      words[6] = tail[0];
      words[7] = tail[1];
    }
    const bytes = new Uint8Array(16);
    words.forEach((w, i) => {
      bytes[2 * i] = w >> 8;
      bytes[2 * i + 1] = w & 0xff;
    });
    return { bytes, zone, v6: true };
  }
  const v4 = parseIPv4(s);
  return v4 ? { bytes: v4, zone: '', v6: false } : undefined;
}

function is4In6(b: Uint8Array): boolean {
  if (b.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** net/netip's reason for refusing an address (the common cases). */
function parseAddrReason(s: string): string {
  if (s === '') return 'unable to parse IP';
  if (!s.includes(':')) {
    const parts = s.split('.');
    if (parts.length > 4) return 'IPv4 address too long';
    if (parts.length < 4) return 'IPv4 address too short';
    for (const p of parts) {
      if (p === '') return 'IPv4 field must have at least one digit';
      if (p.length > 1 && p[0] === '0') return 'IPv4 field has octet with leading zero';
      if (!/^\d+$/.test(p)) return 'unexpected character';
      if (Number(p) > 255) return 'IPv4 field has value >255';
    }
    return 'unable to parse IP';
  }
  const m = /:::?/.exec(s.replace('::', '\u0000\u0000'));
  const triple = s.indexOf(':::');
  if (triple >= 0) return `each colon-separated field must have at least one digit (at ${JSON.stringify(s.slice(triple + 2))})`;
  if (m) return 'multiple :: in address';
  return 'unable to parse IP';
}

/** The Kubernetes IP parser: no zones, no IPv4-mapped IPv6. */
export function parseIP(s: string): IPAddr {
  const a = parseAddr(s);
  if (!a) throw new EvalErr(`IP Address ${JSON.stringify(s)} parse error during conversion from string: ParseAddr(${JSON.stringify(s)}): ${parseAddrReason(s)}`);
  if (a.zone) throw new EvalErr(`IP address ${JSON.stringify(s)} with zone value is not allowed`);
  if (is4In6(a.bytes)) throw new EvalErr(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return new IPAddr(a.bytes);
}

function ipTests(ip: IPAddr): Record<string, boolean> {
  const b = ip.bytes;
  if (ip.is4) {
    const unspecified = b.every((x) => x === 0);
    const loopback = b[0] === 127;
    const multicast = (b[0] & 0xf0) === 0xe0;
    const llm = b[0] === 224 && b[1] === 0 && b[2] === 0;
    const llu = b[0] === 169 && b[1] === 254;
    const broadcast = b.every((x) => x === 255);
    return {
      isUnspecified: unspecified,
      isLoopback: loopback,
      isLinkLocalMulticast: llm,
      isLinkLocalUnicast: llu,
      isGlobalUnicast: !unspecified && !loopback && !multicast && !llu && !broadcast,
    };
  }
  const unspecified = b.every((x) => x === 0);
  const loopback = b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const multicast = b[0] === 0xff;
  const llm = b[0] === 0xff && (b[1] & 0x0f) === 0x02;
  const llu = b[0] === 0xfe && (b[1] & 0xc0) === 0x80;
  return {
    isUnspecified: unspecified,
    isLoopback: loopback,
    isLinkLocalMulticast: llm,
    isLinkLocalUnicast: llu,
    isGlobalUnicast: !unspecified && !loopback && !multicast && !llu,
  };
}

/** A CIDR prefix (address as written, prefix length). */
export class CIDR implements LibValue {
  public readonly celType = 'net.CIDR';
  constructor(public readonly ip: IPAddr, public readonly bits: number) {}
  public equals(o: LibValue): boolean {
    return o instanceof CIDR && o.bits === this.bits && o.ip.equals(this.ip);
  }
  public toString(): string {
    return `${this.ip}/${this.bits}`;
  }
  public masked(): CIDR {
    const b = new Uint8Array(this.ip.bytes);
    for (let i = 0; i < b.length; i++) {
      const keep = Math.max(0, Math.min(8, this.bits - i * 8));
      b[i] &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    }
    return new CIDR(new IPAddr(b), this.bits);
  }
  public containsIP(ip: IPAddr): boolean {
    if (ip.bytes.length !== this.ip.bytes.length) return false;
    const m = this.masked().ip.bytes;
    const o = new CIDR(ip, this.bits).masked().ip.bytes;
    return m.every((x, i) => x === o[i]);
  }
  public containsCIDR(c: CIDR): boolean {
    return c.bits >= this.bits && this.containsIP(c.ip);
  }
}

/** The Kubernetes CIDR parser (net/netip ParsePrefix; no zones, no IPv4-mapped IPv6). */
export function parseCIDR(s: string): CIDR {
  const slash = s.lastIndexOf('/');
  const prefix = 'network address parse error during conversion from string: ';
  const bad = (): never => {
    const bits = slash < 0 ? '' : s.slice(slash + 1);
    const why = slash < 0 ? "no '/'" : `bad bits after slash: ${JSON.stringify(bits)}`;
    throw new EvalErr(`${prefix}${prefix}netip.ParsePrefix(${JSON.stringify(s)}): ${why}`);
  };
  if (slash < 0) return bad();
  const a = parseAddr(s.slice(0, slash));
  const bitsText = s.slice(slash + 1);
  if (!a || !/^\d{1,3}$/.test(bitsText) || (bitsText.length > 1 && bitsText[0] === '0')) return bad();
  if (a.zone) throw new EvalErr(`CIDR ${JSON.stringify(s)} with zone value is not allowed`);
  const bits = Number(bitsText);
  if (bits > a.bytes.length * 8) return bad();
  if (is4In6(a.bytes)) throw new EvalErr(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return new CIDR(new IPAddr(a.bytes), bits);
}

// ---------------------------------------------------------------- URLs

/** A URL as net/url parses it. */
export class URLValue implements LibValue {
  public readonly celType = 'kubernetes.URL';
  constructor(
    public readonly raw: string,
    public readonly scheme: string,
    public readonly host: string,
    public readonly escapedPath: string,
    public readonly rawQuery: string,
  ) {}
  public equals(o: LibValue): boolean {
    return o instanceof URLValue && o.raw === this.raw;
  }
  public toString(): string {
    return this.raw;
  }
  public hostname(): string {
    const h = this.host;
    if (h.startsWith('[')) {
      const end = h.indexOf(']');
      return end < 0 ? h : h.slice(1, end);
    }
    const colon = h.lastIndexOf(':');
    return colon >= 0 ? h.slice(0, colon) : h;
  }
  public port(): string {
    const h = this.host;
    const close = h.lastIndexOf(']');
    const colon = h.lastIndexOf(':');
    if (colon > close) return h.slice(colon + 1);
    return '';
  }
}

/** net/url ParseRequestURI (an absolute URL or an absolute path; no fragment). */
export function parseURL(s: string): URLValue {
  const fail2 = (what: string): never => {
    throw new EvalErr(`URL parse error during conversion from string: parse ${JSON.stringify(s)}: ${what}`);
  };
  if (/[\x00-\x1f\x7f ]/.test(s) && /[\x00-\x1f\x7f]/.test(s)) fail2('net/url: invalid control character in URL');
  let rest = s;
  let rawQuery = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    rawQuery = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let scheme = '';
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (sm) {
    scheme = sm[1].toLowerCase();
    rest = rest.slice(sm[0].length);
  } else if (/^[^/]*:/.test(rest) && !rest.startsWith('/')) {
    if (rest.startsWith(':')) fail2('missing protocol scheme');
    fail2('first path segment in URL cannot contain colon');
  }
  let host = '';
  if (rest.startsWith('//') && (scheme !== '' || true)) {
    const after = rest.slice(2);
    const slash = after.indexOf('/');
    const authority = slash >= 0 ? after.slice(0, slash) : after;
    rest = slash >= 0 ? after.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    host = at >= 0 ? authority.slice(at + 1) : authority;
    if (host.startsWith('[') && !host.includes(']')) fail2('missing \']\' in host');
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && colon > host.lastIndexOf(']')) {
      const port = host.slice(colon + 1);
      if (!/^\d*$/.test(port)) fail2(`invalid port ${JSON.stringify(`:${port}`)} after host`);
    }
  } else if (!rest.startsWith('/') && scheme === '') {
    fail2('invalid URI for request');
  } else if (!rest.startsWith('/') && scheme !== '' && rest !== '') {
    // opaque URL like mailto:x — ParseRequestURI keeps it with an empty host and path
    return new URLValue(s, scheme, '', '', rawQuery);
  }
  return new URLValue(s, scheme, host, rest, rawQuery);
}

function parseQuery(raw: string): CelMap {
  const m = new CelMap();
  if (raw === '') return m;
  for (const part of raw.split('&')) {
    if (part === '' || part.includes(';')) continue;
    const eq = part.indexOf('=');
    const dec = (x: string): string | undefined => {
      try {
        return decodeURIComponent(x.replace(/\+/g, ' '));
      } catch {
        return undefined;
      }
    };
    const k = dec(eq >= 0 ? part.slice(0, eq) : part);
    const v = dec(eq >= 0 ? part.slice(eq + 1) : '');
    if (k === undefined || v === undefined) continue;
    const e = m.m.get(k);
    if (e) (e[1] as string[]).push(v);
    else m.m.set(k, [k, [v]]);
  }
  return m;
}

// ---------------------------------------------------------------- semver

/** A semantic version (blang/semver v4). */
export class Semver implements LibValue {
  public readonly celType = 'kubernetes.Semver';
  constructor(
    public readonly major: bigint,
    public readonly minor: bigint,
    public readonly patch: bigint,
    public readonly pre: string[],
    public readonly build: string[],
  ) {}
  public equals(o: LibValue): boolean {
    return o instanceof Semver && this.compare(o) === 0;
  }
  public compare(o: LibValue): number {
    const b = o as Semver;
    for (const [x, y] of [[this.major, b.major], [this.minor, b.minor], [this.patch, b.patch]] as Array<[bigint, bigint]>) {
      if (x !== y) return x < y ? -1 : 1;
    }
    if (this.pre.length === 0 && b.pre.length === 0) return 0;
    if (this.pre.length === 0) return 1;
    if (b.pre.length === 0) return -1;
    for (let i = 0; i < Math.min(this.pre.length, b.pre.length); i++) {
      const x = this.pre[i];
      const y = b.pre[i];
      if (x === y) continue;
      const xn = /^\d+$/.test(x);
      const yn = /^\d+$/.test(y);
      if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
      if (xn) return -1;
      if (yn) return 1;
      return x < y ? -1 : 1;
    }
    return this.pre.length === b.pre.length ? 0 : this.pre.length < b.pre.length ? -1 : 1;
  }
  public toString(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre.length) s += `-${this.pre.join('.')}`;
    if (this.build.length) s += `+${this.build.join('.')}`;
    return s;
  }
}

/** semver(s[, normalize]) with blang/semver's strict rules (and its error messages). */
export function parseSemver(input: string, normalize: boolean): Semver {
  let s = input;
  if (normalize) {
    // Kubernetes normalisation: drop a leading v, fill in minor/patch, drop leading zeros
    if (s.startsWith('v')) s = s.slice(1);
    const m = /^([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(.*)$/.exec(s);
    if (m) {
      const strip = (x: string | undefined): string => (x === undefined ? '0' : x.replace(/^0+(?=\d)/, ''));
      s = `${strip(m[1])}.${strip(m[2])}.${strip(m[3])}${m[4]}`;
    }
  }
  const err = (msg: string): never => {
    throw new EvalErr(msg);
  };
  if (s.length === 0) return err('Version string empty');
  const parts = s.split('.');
  if (parts.length < 3) return err('No Major.Minor.Patch elements found');
  const nums: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    const p = parts[i];
    if (!/^\d+$/.test(p)) return err(`Invalid character(s) found in ${['major', 'minor'][i]} number ${JSON.stringify(p)}`);
    if (p.length > 1 && p[0] === '0') return err(`${['Major', 'Minor'][i]} number must not contain leading zeroes ${JSON.stringify(p)}`);
    nums.push(BigInt(p));
  }
  const restText = parts.slice(2).join('.');
  const pm = /^(\d+)(.*)$/.exec(restText);
  if (!pm) return err(`Invalid character(s) found in patch number ${JSON.stringify(restText.split(/[-+]/)[0])}`);
  let patchText = pm[1];
  let tail = pm[2];
  if (tail !== '' && tail[0] !== '-' && tail[0] !== '+') return err(`Invalid character(s) found in patch number ${JSON.stringify(patchText + tail.split(/[-+]/)[0])}`);
  if (patchText.length > 1 && patchText[0] === '0') return err(`Patch number must not contain leading zeroes ${JSON.stringify(patchText)}`);
  let build: string[] = [];
  const plus = tail.indexOf('+');
  if (plus >= 0) {
    build = tail.slice(plus + 1).split('.');
    tail = tail.slice(0, plus);
    for (const b of build) {
      if (b === '') return err('Build meta data is empty');
      if (!/^[0-9A-Za-z-]+$/.test(b)) return err(`Invalid character(s) found in build meta data ${JSON.stringify(b)}`);
    }
  }
  let pre: string[] = [];
  if (tail.startsWith('-')) {
    pre = tail.slice(1).split('.');
    for (const p of pre) {
      if (p === '') return err('Prerelease is empty');
      if (!/^[0-9A-Za-z-]+$/.test(p)) return err(`Invalid character(s) found in prerelease ${JSON.stringify(p)}`);
      if (/^\d+$/.test(p) && p.length > 1 && p[0] === '0') return err(`Version contains leading zeroes ${JSON.stringify(p)}`);
    }
  }
  patchText = patchText || '0';
  return new Semver(nums[0], nums[1], BigInt(patchText), pre, build);
}

// ---------------------------------------------------------------- format library

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const MSG_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MSG_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const MSG_1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const MSG_QNAME = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const MSG_LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function maxLen(n: number): string {
  return `must be no more than ${n} characters`;
}

/** The problems of `s` for a name format: too long, and not matching its pattern. */
function nameProblems(s: string, max: number, pattern: RegExp, message: string): string[] {
  const out: string[] = [];
  if (s.length > max) out.push(maxLen(max));
  if (!pattern.test(s)) out.push(message);
  return out;
}
const dnsLabel = (s: string): string[] => nameProblems(s, 63, DNS1123_LABEL, MSG_LABEL);
const dnsSubdomain = (s: string): string[] => nameProblems(s, 253, DNS1123_SUBDOMAIN, MSG_SUBDOMAIN);
const dns1035 = (s: string): string[] => nameProblems(s, 63, DNS1035_LABEL, MSG_1035);
function qualifiedName(s: string): string[] {
  const out: string[] = [];
  const parts = s.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) out.push(`prefix part ${MSG_SUBDOMAIN.replace('a lowercase RFC 1123 subdomain', 'must be non-empty').replace(/^must be non-empty.*$/, 'must be non-empty')}`);
    else for (const m of dnsSubdomain(prefix)) out.push(`prefix part ${m}`);
  } else {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) out.push('name part must be non-empty');
  else if (name.length > 63) out.push(`name part ${maxLen(63)}`);
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) out.push(MSG_QNAME);
  return out;
}
const labelValue = (s: string): string[] => nameProblems(s, 63, LABEL_VALUE, MSG_LABEL_VALUE);

const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= dim;
}

function validDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m || !validDate(m[1])) return false;
  return Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 61;
}

/** apimachinery's maskTrailingDash: a generateName prefix may end with '-'. */
function maskTrailingDash(s: string): string {
  return s.length > 1 && s.endsWith('-') ? `${s.slice(0, -2)}a` : s;
}

/** A format of the Kubernetes format library. */
export class NamedFormat implements LibValue {
  public readonly celType = 'kubernetes.NamedFormat';
  constructor(public readonly name: string, public readonly validate: (s: string) => string[]) {}
  public equals(o: LibValue): boolean {
    return o instanceof NamedFormat && o.name === this.name;
  }
  public toString(): string {
    return this.name;
  }
}

export const FORMATS: Record<string, NamedFormat> = {
  dns1123Label: new NamedFormat('DNS1123Label', dnsLabel),
  dns1123Subdomain: new NamedFormat('DNS1123Subdomain', dnsSubdomain),
  dns1035Label: new NamedFormat('DNS1035Label', dns1035),
  qualifiedName: new NamedFormat('QualifiedName', qualifiedName),
  dns1123LabelPrefix: new NamedFormat('DNS1123LabelPrefix', (s) => dnsLabel(maskTrailingDash(s))),
  dns1123SubdomainPrefix: new NamedFormat('DNS1123SubdomainPrefix', (s) => dnsSubdomain(maskTrailingDash(s))),
  dns1035LabelPrefix: new NamedFormat('DNS1035LabelPrefix', (s) => dns1035(maskTrailingDash(s))),
  labelValue: new NamedFormat('LabelValue', labelValue),
  uri: new NamedFormat('URI', (s) => {
    try {
      parseURL(s);
      return [];
    } catch (e) {
      return [(e as EvalErr).message.replace('URL parse error during conversion from string: ', '')];
    }
  }),
  uuid: new NamedFormat('uuid', (s) => (UUID.test(s) ? [] : ['does not match the UUID format'])),
  byte: new NamedFormat('byte', (s) => (BASE64.test(s) ? [] : ['invalid base64'])),
  date: new NamedFormat('date', (s) => (validDate(s) ? [] : ['invalid date'])),
  datetime: new NamedFormat('datetime', (s) => (validDateTime(s) ? [] : ['invalid datetime'])),
};

// ---------------------------------------------------------------- authz

/** One stage of an authorizer check being built. */
export class AuthzValue implements LibValue {
  public readonly celType: string;
  constructor(public readonly kind: 'Authorizer' | 'PathCheck' | 'GroupCheck' | 'ResourceCheck', public readonly attrs: Record<string, unknown>) {
    this.celType = `kubernetes.authorization.${kind}`;
  }
  public with(kind: AuthzValue['kind'], extra: Record<string, unknown>): AuthzValue {
    return new AuthzValue(kind, { ...this.attrs, ...extra });
  }
  public equals(o: LibValue): boolean {
    return o === this;
  }
  public field(name: string): unknown {
    if (this.kind === 'Authorizer' && name === 'requestResource' && this.attrs.requestResource) {
      return new AuthzValue('ResourceCheck', { ...this.attrs, ...(this.attrs.requestResource as Record<string, unknown>), requestResource: undefined });
    }
    return fail(`no such field: ${name}`);
  }
  public toString(): string {
    return this.celType;
  }
}

/** The outcome of an authorizer check. */
export class AuthzDecision implements LibValue {
  public readonly celType = 'kubernetes.authorization.Decision';
  constructor(public readonly decision: string, public readonly reason: string, public readonly error: string) {}
  public equals(o: LibValue): boolean {
    return o === this;
  }
  public toString(): string {
    return this.decision;
  }
}

function runCheck(c: EvalContext, a: AuthzValue, verb: string): AuthzDecision {
  const az = c.authorizer;
  if (!az) return fail('no authorizer was given to evaluate authorizer checks');
  const req: Record<string, unknown> = { verb };
  for (const [k, v] of Object.entries(a.attrs)) if (v !== undefined && k !== 'requestResource') req[k] = v;
  const r = a.kind === 'PathCheck' ? az.checkPath(req) : az.checkResource(req);
  return new AuthzDecision(r.decision, r.reason ?? '', r.error ?? '');
}

// ---------------------------------------------------------------- tables

function quantityArg(v: unknown): Quantity {
  if (v instanceof Quantity) return v;
  if (typeof v === 'bigint') return new Quantity(v, 0, 'DecimalExponent');
  return noOverload();
}

function memberOf<T>(cls: new (...a: never[]) => T, impl: (recv: T, args: unknown[], c: EvalContext) => unknown, fallback?: Impl): Impl {
  return (c, a) => {
    if (a[0] instanceof cls) return impl(a[0] as T, a, c);
    if (fallback) return fallback(c, a);
    return noOverload();
  };
}

const QUANTITIES = new Map<string, Quantity>();

/** quantity(s): parsed values are immutable, so the parse of a text is kept. */
export function quantityOf(s: string): Quantity {
  let q = QUANTITIES.get(s);
  if (!q) {
    q = Quantity.parse(s);
    if (QUANTITIES.size >= 1000) QUANTITIES.clear();
    QUANTITIES.set(s, q);
  }
  return q;
}

/** Whether `parse` returns rather than failing with an evaluation error (the is*() functions). */
function succeeds(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch (e) {
    if (e instanceof EvalErr) return false;
    throw e;
  }
}

/** Global functions of the Kubernetes libraries. */
export const K8S_GLOBALS: Record<string, Impl> = {
  'quantity': (_c, a) => quantityOf(str(a[0])),
  'isQuantity': (_c, a) => succeeds(() => Quantity.parse(str(a[0]))),
  'sign': (_c, a) => BigInt(lib(a[0], Quantity).sign()),
  'ip': (_c, a) => parseIP(str(a[0])),
  'isIP': (_c, a) => {
    const p = parseAddr(str(a[0]));
    return !!p && !p.zone && !is4In6(p.bytes);
  },
  'ip.isCanonical': (_c, a) => {
    const s = str(a[0]);
    return parseIP(s).toString() === s;
  },
  'cidr': (_c, a) => parseCIDR(str(a[0])),
  'isCIDR': (_c, a) => succeeds(() => parseCIDR(str(a[0]))),
  'url': (_c, a) => parseURL(str(a[0])),
  'isURL': (_c, a) => succeeds(() => parseURL(str(a[0]))),
  'semver': (_c, a) => parseSemver(str(a[0]), a.length === 2 ? a[1] === true : false),
  'isSemver': (_c, a) => succeeds(() => parseSemver(str(a[0]), a.length === 2 ? a[1] === true : false)),
  'format.named': (_c, a) => {
    const name = str(a[0]);
    const f = Object.prototype.hasOwnProperty.call(FORMATS, name) ? FORMATS[name] : undefined;
    return f ? new CelOptional(true, f) : CelOptional.NONE;
  },
  ...Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [`format.${name}`, (() => f) as Impl])),
  'jsonpatch.escapeKey': (_c, a) => str(a[0]).replace(/~/g, '~0').replace(/\//g, '~1'),
};

function sameOrdered(a: unknown, b: unknown): boolean {
  return (a instanceof Quantity && b instanceof Quantity) || (a instanceof Semver && b instanceof Semver);
}

function ipMember(name: string): Impl {
  return memberOf(IPAddr, (ip) => ipTests(ip)[name]);
}

/** Member functions of the Kubernetes libraries (dispatched on the receiver's type). */
export const K8S_MEMBERS: Record<string, Impl> = {
  // quantity
  isInteger: memberOf(Quantity, (q) => q.asInt64() !== undefined),
  asInteger: memberOf(Quantity, (q) => {
    const v = q.asInt64();
    if (v === undefined) return fail('cannot convert value to integer');
    return v;
  }),
  asApproximateFloat: memberOf(Quantity, (q) => q.asApproximateFloat()),
  add: memberOf(Quantity, (q, a) => q.add(quantityArg(a[1]))),
  sub: memberOf(Quantity, (q, a) => q.sub(quantityArg(a[1]))),
  mul: memberOf(Quantity, (q, a) => q.mul(int(a[1]))),
  div: memberOf(Quantity, (q, a) => {
    const d = int(a[1]);
    if (d === 0n) return fail('division by zero error');
    if (a.length === 3) {
      const r = int(a[2]);
      if (r > 10n || r < 0n) return fail(`the valid range for roundVal is 0 to 10 but ${r} was passed`);
      return q.quoRound(d, Number(r));
    }
    return q.quoRound(d, 4);
  }),
  divInt: memberOf(Quantity, (q, a) => {
    const d = int(a[1]);
    if (d === 0n) return fail('division by zero error');
    return q.quoInt(d);
  }),
  compareTo: (_c, a) => {
    if (sameOrdered(a[0], a[1])) {
      return BigInt(celCompare(a[0], a[1]));
    }
    return noOverload();
  },
  isGreaterThan: (_c, a) => {
    if (sameOrdered(a[0], a[1])) return celCompare(a[0], a[1]) > 0;
    return noOverload();
  },
  isLessThan: (_c, a) => {
    if (sameOrdered(a[0], a[1])) return celCompare(a[0], a[1]) < 0;
    return noOverload();
  },
  // semver
  major: memberOf(Semver, (s) => s.major),
  minor: memberOf(Semver, (s) => s.minor),
  patch: memberOf(Semver, (s) => s.patch),
  // IP / CIDR
  family: memberOf(IPAddr, (ip) => (ip.is4 ? 4n : 6n)),
  isUnspecified: ipMember('isUnspecified'),
  isLoopback: ipMember('isLoopback'),
  isLinkLocalMulticast: ipMember('isLinkLocalMulticast'),
  isLinkLocalUnicast: ipMember('isLinkLocalUnicast'),
  isGlobalUnicast: ipMember('isGlobalUnicast'),
  containsIP: memberOf(CIDR, (c, a) => c.containsIP(a[1] instanceof IPAddr ? a[1] : parseIP(str(a[1])))),
  containsCIDR: memberOf(CIDR, (c, a) => c.containsCIDR(a[1] instanceof CIDR ? a[1] : parseCIDR(str(a[1])))),
  ip: memberOf(CIDR, (c) => c.ip),
  masked: memberOf(CIDR, (c) => c.masked()),
  prefixLength: memberOf(CIDR, (c) => BigInt(c.bits)),
  // URL
  getScheme: memberOf(URLValue, (u) => u.scheme),
  getHost: memberOf(URLValue, (u) => u.host),
  getHostname: memberOf(URLValue, (u) => u.hostname()),
  getPort: memberOf(URLValue, (u) => u.port()),
  getEscapedPath: memberOf(URLValue, (u) => u.escapedPath),
  getQuery: memberOf(URLValue, (u) => parseQuery(u.rawQuery)),
  // regex
  find: (c, a) => {
    const s = str(a[0]);
    const re = str(a[1]);
    chargeRegex(c, s, re);
    return compileRegex(re).find(s);
  },
  findAll: (c, a) => {
    const s = str(a[0]);
    const re = str(a[1]);
    chargeRegex(c, s, re);
    const n = a.length === 3 ? int(a[2]) : -1n;
    // Go's FindAllString takes an int; a count beyond the input's matches means all of them
    return compileRegex(re).findAll(s, n < 0n ? -1 : n > 0x7fffffffn ? -1 : Number(n));
  },
  // format
  validate: memberOf(NamedFormat, (f, a) => {
    const errs = f.validate(str(a[1]));
    return errs.length ? new CelOptional(true, errs) : CelOptional.NONE;
  }),
  // authz
  path: memberOf(AuthzValue, (z, a) => z.with('PathCheck', { path: str(a[1]) })),
  group: memberOf(AuthzValue, (z, a) => z.with('GroupCheck', { group: str(a[1]) })),
  serviceAccount: memberOf(AuthzValue, (z, a) => z.with('Authorizer', { user: `system:serviceaccount:${str(a[1])}:${str(a[2])}` })),
  resource: memberOf(AuthzValue, (z, a) => z.with('ResourceCheck', { resource: str(a[1]) })),
  subresource: memberOf(AuthzValue, (z, a) => z.with('ResourceCheck', { subresource: str(a[1]) })),
  namespace: memberOf(AuthzValue, (z, a) => z.with('ResourceCheck', { namespace: str(a[1]) })),
  name: memberOf(AuthzValue, (z, a) => z.with('ResourceCheck', { name: str(a[1]) })),
  fieldSelector: memberOf(AuthzValue, (z, a) => z.with('ResourceCheck', { fieldSelector: str(a[1]) })),
  labelSelector: memberOf(AuthzValue, (z, a) => z.with('ResourceCheck', { labelSelector: str(a[1]) })),
  check: memberOf(AuthzValue, (z, a, c) => runCheck(c, z, str(a[1]))),
  allowed: memberOf(AuthzDecision, (d) => d.decision === 'allowed'),
  reason: memberOf(AuthzDecision, (d) => d.reason),
  errored: memberOf(AuthzDecision, (d) => d.error !== ''),
  error: memberOf(AuthzDecision, (d) => d.error),
};

