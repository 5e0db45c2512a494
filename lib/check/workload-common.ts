/**
 * Pieces shared by the workload checkers (apps/v1, batch/v1, the core ReplicationController
 * and PodTemplate): label selectors as the API server validates and evaluates them, the
 * non-negative integer rule and the int-or-percent values of rolling updates. Pure.
 */
import { renderValue, Violation } from '../base/errors';
import { checkLabelKey, checkLabelValue, isObject } from '../base/validators';

/** A violation under `checkId`. */
export function finding(checkId: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  const out: Violation = { checkId, field, problem, fix };
  return {
    ...out,
    ...(got === undefined ? {} : { got: renderValue(got) }),
    ...(allowed === undefined ? {} : { allowed }),
  };
}

/** A JSON integer (what the API server decodes into an int32/int64 field). */
export function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

/** The `field` of `obj` when it is an integer, else `undefined`. */
export function intField(obj: Record<string, any>, key: string): number | undefined {
  return isInt(obj[key]) ? obj[key] : undefined;
}

// upstream: ValidateNonnegativeField
/** apimachinery `ValidateNonnegativeField`: an integer field below 0 ("must be greater than or equal to 0"). */
export function checkNonNegative(out: Violation[], checkId: string, value: unknown, field: string, fix?: string): void {
  if (isInt(value) && value < 0) {
    out.push(finding(checkId, field, 'must be greater than or equal to 0', value, '0 or more', fix ?? `Set ${field.split('.').pop()} to 0 or more`));
  }
}

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

// upstream: ValidateLabelSelector
/**
 * metav1 `ValidateLabelSelector` with `AllowInvalidLabelValueInSelector: false` (a create):
 * matchLabels keys and values, requirement operators and values. Returns whether the
 * selector can be turned into a selector (`LabelSelectorAsSelector` succeeds).
 */
export function checkSelector(out: Violation[], checkId: string, sel: unknown, f: string): boolean {
  if (!isObject(sel)) return false;
  let ok = true;
  const push = (x: Violation | undefined) => {
    if (x) {
      out.push({ ...x, checkId });
      ok = false;
    }
  };
  if (isObject(sel.matchLabels)) {
    for (const [k, val] of Object.entries(sel.matchLabels)) {
      push(checkLabelKey(`${f}.matchLabels`, k));
      push(checkLabelValue(`${f}.matchLabels[${JSON.stringify(k)}]`, val));
    }
  }
  const exprs: unknown[] = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  exprs.forEach((r, i) => {
    if (!isObject(r)) return;
    const ef = `${f}.matchExpressions[${i}]`;
    const vals: unknown[] = Array.isArray(r.values) ? r.values : [];
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (vals.length === 0) {
        out.push(finding(checkId, `${ef}.values`, `must be specified when \`operator\` is '${r.operator}'`, r.values ?? [], 'one or more label values', 'List the label values to match'));
        ok = false;
      }
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (vals.length > 0) {
        out.push(finding(checkId, `${ef}.values`, `may not be specified when \`operator\` is '${r.operator}'`, vals, 'none', 'Remove the values'));
        ok = false;
      }
    } else if (typeof r.operator === 'string' && r.operator !== '') {
      out.push(finding(checkId, `${ef}.operator`, 'is not a valid label selector operator', r.operator, SELECTOR_OPERATORS.join(', '), 'Use In, NotIn, Exists or DoesNotExist'));
      ok = false;
    }
    push(checkLabelKey(`${ef}.key`, r.key));
    vals.forEach((val, j) => push(checkLabelValue(`${ef}.values[${j}]`, val)));
  });
  return ok;
}

/** True when a selector has neither matchLabels nor matchExpressions entries. */
export function selectorIsEmpty(sel: Record<string, any>): boolean {
  const nLabels = isObject(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
  const nExprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
  return nLabels + nExprs === 0;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** `labels.Selector.Matches`: every matchLabels pair and every requirement holds for `labels`. */
export function selectorMatches(sel: Record<string, any>, labels: unknown): boolean {
  const set: Record<string, unknown> = isObject(labels) ? labels : {};
  const ml = sel.matchLabels;
  if (isObject(ml)) {
    for (const k in ml) {
      if (!hasOwn.call(ml, k)) continue;
      if (!hasOwn.call(set, k) || set[k] !== ml[k]) return false;
    }
  }
  const exprs = sel.matchExpressions;
  if (!Array.isArray(exprs)) return true;
  for (const r of exprs) {
    if (!isObject(r) || typeof r.key !== 'string') continue;
    const vals: unknown[] = Array.isArray(r.values) ? r.values : [];
    const has = hasOwn.call(set, r.key);
    switch (r.operator) {
      case 'In': if (!has || !vals.includes(set[r.key])) return false; break;
      case 'NotIn': if (has && vals.includes(set[r.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: break;
    }
  }
  return true;
}

/** The "`selector` does not match template `labels`" finding (ValidatePodTemplateSpecForReplicaSet and friends). */
export function selectorMismatch(checkId: string, field: string, labels: unknown): Violation {
  return finding(checkId, field, '`selector` does not match template `labels`', labels ?? {}, 'labels that the selector selects',
    'Give the pod template every label the selector requires (and none it excludes)');
}

// ---------------------------------------------------------------------------------------
// IntOrString values of rolling updates (pkg/apis/apps/validation)

const PERCENT = /^[0-9]+%$/;

// upstream: getPercentValue
/** `getPercentValue`: the number of a valid percent string. */
function percentValue(x: unknown): number | undefined {
  return typeof x === 'string' && PERCENT.test(x) ? Number.parseInt(x.slice(0, -1), 10) : undefined;
}

// upstream: getIntOrPercentValue
/** `getIntOrPercentValue`: the percent number, the integer, or `strconv.Atoi` of another string (0 when it fails). */
export function intOrPercentValue(x: unknown): number {
  const p = percentValue(x);
  if (p !== undefined) return p;
  if (isInt(x)) return x;
  if (typeof x === 'string' && /^[+-]?\d+$/.test(x)) return Number.parseInt(x, 10);
  return 0;
}

// upstream: ValidatePositiveIntOrPercent
/** `ValidatePositiveIntOrPercent`: a non-negative integer or a `<digits>%` string. */
export function checkPositiveIntOrPercent(out: Violation[], checkId: string, x: unknown, f: string): void {
  if (typeof x === 'string') {
    if (!PERCENT.test(x)) {
      out.push(finding(checkId, f, "a valid percent string must be a numeric string followed by an ending '%'", x, "an integer, or digits followed by '%' (e.g. 1, '25%')",
        /^\d+$/.test(x) ? `Write the number without quotes (${x}) or as a percentage ('${x}%')` : "Use an integer or a percentage such as '25%'"));
    }
  } else if (isInt(x) && x < 0) {
    out.push(finding(checkId, f, 'must be greater than or equal to 0', x, '0 or more, or a percentage', 'Use 0 or more'));
  }
}

// upstream: IsNotMoreThan100Percent
/** `IsNotMoreThan100Percent`: a percentage above 100%. */
export function checkNotMoreThan100Percent(out: Violation[], checkId: string, x: unknown, f: string): void {
  const p = percentValue(x);
  if (p !== undefined && p > 100) out.push(finding(checkId, f, 'must not be greater than 100%', x, "'0%' to '100%'", 'Use at most 100%'));
}

/** True when `x` is present (not undefined or null). */
export function present(x: unknown): boolean {
  return x !== undefined && x !== null;
}
