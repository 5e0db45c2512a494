/**
 * IP and CIDR parsing as the 1.36 API server does it for the "legacy" fields
 * (apimachinery pkg/util/validation/ip.go IsValidIPForLegacyField / IsValidCIDRForLegacyField
 * with StrictIPCIDRValidation, on by default in 1.36): accepted by the sloppy parser, then
 * refused for leading zeros, IPv4-mapped IPv6, and (CIDRs) bits set beyond the prefix length.
 */

/** IPv4 bytes; `strict` refuses leading zeros (netip.ParseAddr), else ParseIPSloppy reads them as decimal. */
function v4(s: string, strict: boolean): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (strict && p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** IPv6 as 16 bytes (one `::`, optional IPv4 tail, no zone). */
function v6(s: string, strict: boolean): number[] | undefined {
  if (s.includes('%')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const b = v4(p, strict);
        if (!b) return undefined;
        out.push(b[0] * 256 + b[1], b[2] * 256 + b[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return undefined;
    all = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    all = head;
  }
  return all.flatMap((g) => [Math.floor(g / 256), g % 256]);
}

function parseAddr(s: string, strict: boolean): number[] | undefined {
  if (s.includes(':')) return v6(s, strict);
  return v4(s, strict);
}

const is4in6 = (b: number[]) => b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255;

/** Why `value` is not a valid IP for a legacy field, or undefined. */
export function legacyIpProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !parseAddr(value, false)) return 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
  const b = parseAddr(value, true);
  if (!b) return 'must not have leading 0s';
  if (is4in6(b)) return 'must not be an IPv4-mapped IPv6 address';
  return undefined;
}

/** A parsed CIDR: its network bytes and prefix length. */
export interface Cidr {
  readonly bytes: number[];
  readonly prefix: number;
}

/** Parses a CIDR as the sloppy parser does (masked), or undefined. */
export function parseCidr(value: unknown): Cidr | undefined {
  if (typeof value !== 'string') return undefined;
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const bytes = parseAddr(value.slice(0, slash), false);
  const len = value.slice(slash + 1);
  if (!bytes || !/^[0-9]+$/.test(len)) return undefined;
  const prefix = Number(len);
  if (prefix > bytes.length * 8) return undefined;
  return { bytes: mask(bytes, prefix), prefix };
}

function mask(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    const block = 2 ** (8 - bits);
    return Math.floor(b / block) * block;
  });
}

/** Why `value` is not a valid CIDR for a legacy field (strict validation on), or undefined. */
export function legacyCidrProblem(value: unknown): string | undefined {
  const sloppy = parseCidr(value);
  if (!sloppy) return 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
  const s = value as string;
  const slash = s.indexOf('/');
  const len = s.slice(slash + 1);
  const strict = parseAddr(s.slice(0, slash), true);
  if (!strict || (len.length > 1 && len[0] === '0')) return 'must not have leading 0s in IP or prefix length';
  if (is4in6(strict)) return 'must not have an IPv4-mapped IPv6 address';
  if (mask(strict, sloppy.prefix).some((b, i) => b !== strict[i])) return 'must not have bits set beyond the prefix length';
  return undefined;
}

/** True when `inner` is a strict subset of `outer` (same family, longer prefix, inside). */
export function cidrStrictlyInside(inner: Cidr, outer: Cidr): boolean {
  if (inner.bytes.length !== outer.bytes.length || inner.prefix <= outer.prefix) return false;
  const m = mask(inner.bytes, outer.prefix);
  return m.every((b, i) => b === outer.bytes[i]);
}

/** The address family of an IP string: 4, 6, or undefined. */
export function ipFamily(value: unknown): 4 | 6 | undefined {
  if (typeof value !== 'string') return undefined;
  const b = parseAddr(value, false);
  if (!b) return undefined;
  return b.length === 4 || is4in6(b) ? 4 : 6;
}
