/* eslint-disable no-bitwise */ // 64-bit ranges and IP address bytes
/**
 * Kubernetes resource quantities (k8s.io/apimachinery pkg/api/resource) for the CEL quantity
 * library (k8s.io/apiserver pkg/cel/library/quantity.go): exact decimal values, the three
 * formats (DecimalSI, BinarySI, DecimalExponent), canonical string forms and rounding up to
 * nano precision on parse.
 */
import { EvalErr, LibValue } from './eval-values';

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const DECIMAL_SUFFIX: Record<string, number> = { 'n': -9, 'u': -6, 'm': -3, '': 0, 'k': 3, 'M': 6, 'G': 9, 'T': 12, 'P': 15, 'E': 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXP: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_BY_EXP: Record<number, string> = { 0: '', 10: 'Ki', 20: 'Mi', 30: 'Gi', 40: 'Ti', 50: 'Pi', 60: 'Ei' };

const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Both values at a common scale. */
function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const s = Math.min(a.scale, b.scale);
  return [a.num * pow10(a.scale - s), b.num * pow10(b.scale - s), s];
}

/** A quantity: `num × 10^scale`, scale >= -9. */
export class Quantity implements LibValue {

  /** Parses like resource.ParseQuantity; throws an EvalErr with its message. */
  public static parse(s: string): Quantity {
    if (s.length === 0) throw new EvalErr('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
    const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(s);
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) throw new EvalErr(FORMAT_WRONG);
    const [, sign, whole, frac = '', suffix] = m;
    if (s.indexOf('.') !== s.lastIndexOf('.')) throw new EvalErr(FORMAT_WRONG);
    let format: Format;
    let exp10 = 0;
    let exp2 = 0;
    if (suffix in DECIMAL_SUFFIX) {
      format = 'DecimalSI';
      exp10 = DECIMAL_SUFFIX[suffix];
    } else if (suffix in BINARY_SUFFIX) {
      format = 'BinarySI';
      exp2 = BINARY_SUFFIX[suffix];
    } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
      format = 'DecimalExponent';
      exp10 = Number(suffix.slice(1));
    } else if (/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) {
      throw new EvalErr("unable to parse quantity's suffix");
    } else {
      throw new EvalErr(FORMAT_WRONG);
    }
    let num = BigInt((whole || '0') + frac);
    let scale = exp10 - frac.length;
    if (exp2) num *= 1n << BigInt(exp2);
    if (sign === '-') num = -num;
    const q = new Quantity(num, scale, format);
    return q.roundUpToNano();
  }

  public readonly celType = 'kubernetes.Quantity';
  constructor(public readonly num: bigint, public readonly scale: number, public readonly format: Format) {}

  private roundUpToNano(): Quantity {
    if (this.scale >= -9) return this;
    const d = pow10(-9 - this.scale);
    let q = this.num / d;
    if (this.num % d !== 0n) q += this.num > 0n ? 1n : -1n;
    return new Quantity(q, -9, this.format);
  }

  public cmp(o: Quantity): number {
    const [x, y] = align(this, o);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  public equals(o: LibValue): boolean {
    return o instanceof Quantity && this.cmp(o) === 0;
  }
  public compare(o: LibValue): number {
    return this.cmp(o as Quantity);
  }
  public sign(): number {
    return this.num > 0n ? 1 : this.num < 0n ? -1 : 0;
  }
  public add(o: Quantity): Quantity {
    const [x, y, s] = align(this, o);
    return new Quantity(x + y, s, this.num === 0n && this.scale === 0 ? o.format : this.format);
  }
  public sub(o: Quantity): Quantity {
    const [x, y, s] = align(this, o);
    return new Quantity(x - y, s, this.num === 0n && this.scale === 0 ? o.format : this.format);
  }
  public mul(n: bigint): Quantity {
    return new Quantity(this.num * n, this.scale, this.format);
  }

  /** Divides by `n` and rounds half up (away from zero) to `places` decimal places. */
  public quoRound(n: bigint, places: number): Quantity {
    const target = -places;
    // value = num * 10^scale / n at scale `target`
    let numer = this.num;
    let denom = n;
    const shift = this.scale - target;
    if (shift >= 0) numer *= pow10(shift);
    else denom *= pow10(-shift);
    const neg = (numer < 0n) !== (denom < 0n);
    const an = numer < 0n ? -numer : numer;
    const ad = denom < 0n ? -denom : denom;
    let q = an / ad;
    if ((an % ad) * 2n >= ad) q += 1n;
    return new Quantity(neg ? -q : q, target, this.format).roundUpToNano();
  }

  /** Integer division of the value (truncating). */
  public quoInt(n: bigint): Quantity {
    const [x, y] = align(this, new Quantity(n, 0, this.format));
    return new Quantity(x / y, 0, this.format);
  }

  /** The value as an int64 when it is an integer in range. */
  public asInt64(): bigint | undefined {
    let v: bigint;
    if (this.scale >= 0) {
      if (this.scale > 19) return this.num === 0n ? 0n : undefined;
      v = this.num * pow10(this.scale);
    } else {
      const d = pow10(-this.scale);
      if (this.num % d !== 0n) return undefined;
      v = this.num / d;
    }
    if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
    return v;
  }

  public asApproximateFloat(): number {
    return Number(this.num) * 10 ** this.scale;
  }

  /** resource.Quantity.String(): the canonical form. */
  public toString(): string {
    if (this.num === 0n) return '0';
    let format = this.format;
    const neg = this.num < 0n;
    const abs = neg ? -this.num : this.num;
    if (format === 'BinarySI') {
      const int = this.asInt64();
      if (int === undefined || (int > -1024n && int < 1024n)) {
        format = 'DecimalSI';
      } else {
        let v = int < 0n ? -int : int;
        let e = 0;
        while (e < 60 && v % 1024n === 0n) {
          v /= 1024n;
          e += 10;
        }
        return `${neg ? '-' : ''}${v}${BINARY_BY_EXP[e]}`;
      }
    }
    // decimal: mantissa × 10^exp with exp a multiple of 3, mantissa an integer, as large an exp as possible
    let m = abs;
    let e = this.scale;
    while (m % 10n === 0n) {
      m /= 10n;
      e++;
    }
    // bring e down to a multiple of 3
    let r = ((e % 3) + 3) % 3;
    while (r > 0) {
      m *= 10n;
      e--;
      r--;
    }
    if (format === 'DecimalExponent') {
      return `${neg ? '-' : ''}${m}${e === 0 ? '' : `e${e}`}`;
    }
    if (e > 18) {
      m *= pow10(e - 18);
      e = 18;
    }
    if (e < -9) {
      // cannot happen after rounding to nano precision
      e = -9;
    }
    return `${neg ? '-' : ''}${m}${DECIMAL_BY_EXP[e]}`;
  }
}
