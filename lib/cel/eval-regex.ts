/**
 * RE2 patterns (the syntax of Go's regexp, which cel-go and the Kubernetes regex library
 * use) run with JavaScript regular expressions.
 */
import { fail } from './eval-values';

const RE_CACHE = new Map<string, RegExp>();

/**
 * A RE2 pattern as a JavaScript RegExp (unicode mode). RE2 and JavaScript agree on the
 * syntax Kubernetes expressions use; RE2-only constructs (`(?i)` flags, `\z`, `\A`,
 * POSIX classes) are translated, and the patterns RE2 refuses (backreferences,
 * lookaround) are refused too.
 */
export function compileRegex(pattern: string): RegExp {
  let re = RE_CACHE.get(pattern);
  if (re) return re;
  let src = pattern;
  let flags = 'u';
  const m = /^\(\?([imsU]+)\)/.exec(src);
  if (m) {
    src = src.slice(m[0].length);
    if (m[1].includes('i')) flags += 'i';
    if (m[1].includes('s')) flags += 's';
    if (m[1].includes('m')) flags += 'm';
  }
  if (/\\[1-9]|\(\?[=!<]/.test(src)) return fail('given regex is invalid: error parsing regexp: invalid or unsupported Perl syntax');
  src = src.replace(/\\z/g, '$(?![\\s\\S])').replace(/\\A/g, '^(?<![\\s\\S])')
    .replace(/\[:alpha:\]/g, 'A-Za-z').replace(/\[:digit:\]/g, '0-9').replace(/\[:alnum:\]/g, 'A-Za-z0-9')
    .replace(/\[:space:\]/g, '\\t\\n\\v\\f\\r ').replace(/\[:upper:\]/g, 'A-Z').replace(/\[:lower:\]/g, 'a-z')
    .replace(/\(\?P</g, '(?<');
  try {
    re = new RegExp(src, flags);
  } catch (e) {
    return fail(`given regex is invalid: error parsing regexp: ${(e as Error).message}`);
  }
  if (RE_CACHE.size > 500) RE_CACHE.clear();
  RE_CACHE.set(pattern, re);
  return re;
}

