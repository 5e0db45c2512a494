import { HaruValidationError } from '../base/errors';
import { checkCelIdentifier, checkQuantity } from '../base/validators';

/** @internal Renders a CEL string literal. */
export function celString(s: string): string {
  return JSON.stringify(s);
}

const IDENT = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/**
 * A value computed by CEL at admission time, for places where a mutation would otherwise take
 * a constant. Inside a typed ApplyConfiguration or JSONPatch value, plain strings are always
 * rendered as CEL string literals; only a `CelValue` becomes raw CEL.
 *
 * @see https://kubernetes.io/docs/reference/using-api/cel/
 */
export class CelValue {
  /** A raw CEL expression, e.g. `object.metadata.name + "-proxy"`. */
  public static expression(expression: string): CelValue {
    if (typeof expression !== 'string' || expression.trim() === '') {
      throw new HaruValidationError('CelValue.expression', [{ checkId: 'admission/cel-value', field: 'expression', problem: 'must be a non-empty CEL expression', got: JSON.stringify(expression) }]);
    }
    return new CelValue(expression, undefined, /\bparams\b/.test(expression));
  }

  /** A constant string (rendered as a CEL string literal). */
  public static stringLiteral(value: string): CelValue {
    return new CelValue(celString(value), value, false);
  }

  /** A constant Kubernetes quantity such as `100m` or `512Mi`, checked now. */
  public static quantity(value: string): CelValue {
    const v = checkQuantity('quantity', value, { nonNegative: true });
    if (v) throw new HaruValidationError('CelValue.quantity', [{ ...v, checkId: 'admission/cel-value' }]);
    return new CelValue(celString(value), value, false);
  }

  /**
   * A key of a ConfigMap parameter (`params.data[key]`). With `fallback`, a missing key (or a
   * ConfigMap without data) gives the fallback instead of a runtime error. Needs
   * `paramKind: ParamKind.configMap()` on the policy.
   */
  public static configMapData(key: string, fallback?: string): CelValue {
    const k = celString(key);
    const expr = fallback === undefined
      ? `params.data[${k}]`
      : `(has(params.data) && ${k} in params.data ? params.data[${k}] : ${celString(fallback)})`;
    return new CelValue(expr, undefined, true);
  }

  /** A field of the parameter object, e.g. `param('spec', 'image')` → `params.spec.image`. */
  public static param(...path: string[]): CelValue {
    const bad = path.filter((p) => !IDENT.test(p));
    if (path.length === 0 || bad.length > 0) {
      throw new HaruValidationError('CelValue.param', [{
        checkId: 'admission/cel-value',
        field: 'path',
        problem: 'must be one or more CEL identifiers',
        got: JSON.stringify(path),
        fix: 'Use CelValue.expression for map keys that are not identifiers, e.g. params.data["a.b"]',
      }]);
    }
    return new CelValue(`params.${path.join('.')}`, undefined, true);
  }

  /** A policy variable (`variables.<name>`). */
  public static variable(name: string): CelValue {
    const v = checkCelIdentifier('name', name);
    if (v) throw new HaruValidationError('CelValue.variable', [{ ...v, checkId: 'admission/cel-value' }]);
    return new CelValue(`variables.${name}`, undefined, false);
  }

  /** The CEL text this value renders to. */
  public readonly source: string;
  /** The constant string, when the value is a constant. */
  public readonly constant?: string;
  /** Whether the expression reads `params` (the policy then needs a paramKind). */
  public readonly usesParams: boolean;

  private constructor(expression: string, constant: string | undefined, usesParams: boolean) {
    this.source = expression;
    this.constant = constant;
    this.usesParams = usesParams;
  }
}

/** @internal True for a {@link CelValue} (raw CEL inside a typed literal). */
export function isCelValue(x: unknown): x is CelValue {
  return x instanceof CelValue;
}
