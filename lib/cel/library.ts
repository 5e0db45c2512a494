/**
 * Function declarations of the Kubernetes 1.36 CEL base environment
 * (k8s.io/apiserver pkg/cel/environment/base.go): the CEL standard functions, ext.Strings
 * v2, Kubernetes lists/regex/URL/IP/CIDR/quantity/semver/format/authz libraries, cel-go
 * ext.Lists and ext.Sets, optional types, and jsonpatch.escapeKey.
 *
 * Signatures are written in a small notation and parsed once:
 *   `name(arg, ...) -> result`            global function (`sets.contains` is a global name)
 *   `recv.name(arg, ...) -> result`       receiver-style method on `recv`
 * Types: bool int uint double string bytes dyn null timestamp duration type,
 * list<T>, map<K, V>, optional<T>, library types (Quantity, URL, IP, CIDR, Semver,
 * Authorizer, PathCheck, GroupCheck, ResourceCheck, Decision) and single-letter type
 * parameters (A, K, V).
 */
import { BOOL, BYTES, CelType, DOUBLE, DURATION, DYN, INT, listOf, mapOf, NULL, opaque, optOf, STRING, TIMESTAMP, TYPE, UINT } from './celtypes';

/** One overload of a function. */
export interface Overload {
  readonly receiver?: CelType;
  readonly args: readonly CelType[];
  readonly result: CelType;
  /** The signature as written, for messages. */
  readonly text: string;
}

const NAMED: Record<string, CelType> = {
  bool: BOOL,
  int: INT,
  uint: UINT,
  double: DOUBLE,
  string: STRING,
  bytes: BYTES,
  dyn: DYN,
  null: NULL,
  timestamp: TIMESTAMP,
  duration: DURATION,
  type: TYPE,
};
const LIBRARY_TYPES = new Set(['Quantity', 'URL', 'IP', 'CIDR', 'Semver', 'Authorizer', 'PathCheck', 'GroupCheck', 'ResourceCheck', 'Decision']);
const OPAQUE_CACHE = new Map<string, CelType>();

/** The library type named `name` (shared instances). */
export function libraryType(name: string): CelType {
  let t = OPAQUE_CACHE.get(name);
  if (!t) {
    t = opaque(name);
    OPAQUE_CACHE.set(name, t);
  }
  return t;
}

function parseType(s: string): CelType {
  s = s.trim();
  const lt = s.indexOf('<');
  if (lt >= 0) {
    const head = s.slice(0, lt);
    const inner = s.slice(lt + 1, s.lastIndexOf('>'));
    const parts = splitTop(inner).map(parseType);
    if (head === 'list') return listOf(parts[0]);
    if (head === 'map') return mapOf(parts[0], parts[1]);
    if (head === 'optional') return optOf(parts[0]);
    throw new Error(`bad type ${s}`);
  }
  if (NAMED[s]) return NAMED[s];
  if (LIBRARY_TYPES.has(s)) return libraryType(s);
  if (/^[A-Z]$/.test(s)) return { k: 'param', name: s };
  throw new Error(`bad type ${s}`);
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '<') depth++;
    if (ch === '>') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) out.push(cur);
  return out;
}

const SIGNATURES: readonly string[] = [
  // --- standard: sizes, conversions, strings, time
  'size(string) -> int', 'size(bytes) -> int', 'size(list<A>) -> int', 'size(map<K, V>) -> int',
  'string.size() -> int', 'bytes.size() -> int', 'list<A>.size() -> int', 'map<K, V>.size() -> int',
  'int(int) -> int', 'int(uint) -> int', 'int(double) -> int', 'int(string) -> int', 'int(timestamp) -> int',
  'uint(int) -> uint', 'uint(uint) -> uint', 'uint(double) -> uint', 'uint(string) -> uint',
  'double(int) -> double', 'double(uint) -> double', 'double(double) -> double', 'double(string) -> double',
  'string(string) -> string', 'string(int) -> string', 'string(uint) -> string', 'string(double) -> string',
  'string(bool) -> string', 'string(bytes) -> string', 'string(timestamp) -> string', 'string(duration) -> string',
  'string(IP) -> string', 'string(CIDR) -> string',
  'bytes(bytes) -> bytes', 'bytes(string) -> bytes', 'bool(bool) -> bool', 'bool(string) -> bool',
  'dyn(A) -> dyn', 'type(A) -> type',
  'duration(string) -> duration', 'duration(duration) -> duration',
  'timestamp(string) -> timestamp', 'timestamp(int) -> timestamp', 'timestamp(timestamp) -> timestamp',
  'string.contains(string) -> bool', 'string.startsWith(string) -> bool', 'string.endsWith(string) -> bool',
  'string.matches(string) -> bool', 'matches(string, string) -> bool',
  ...['getFullYear', 'getMonth', 'getDate', 'getDayOfMonth', 'getDayOfWeek', 'getDayOfYear', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds']
    .flatMap((f) => [`timestamp.${f}() -> int`, `timestamp.${f}(string) -> int`]),
  ...['getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'].map((f) => `duration.${f}() -> int`),
  // --- ext.Strings (version 2)
  'string.charAt(int) -> string', 'string.indexOf(string) -> int', 'string.indexOf(string, int) -> int',
  'string.lastIndexOf(string) -> int', 'string.lastIndexOf(string, int) -> int',
  'string.lowerAscii() -> string', 'string.upperAscii() -> string',
  'string.replace(string, string) -> string', 'string.replace(string, string, int) -> string',
  'string.split(string) -> list<string>', 'string.split(string, int) -> list<string>',
  'string.substring(int) -> string', 'string.substring(int, int) -> string', 'string.trim() -> string',
  'list<string>.join() -> string', 'list<string>.join(string) -> string', 'strings.quote(string) -> string',
  // --- Kubernetes format library
  'string.format(list<dyn>) -> string',
  // --- Kubernetes regex library
  'string.find(string) -> string', 'string.findAll(string) -> list<string>', 'string.findAll(string, int) -> list<string>',
  // --- Kubernetes lists library
  'list<A>.isSorted() -> bool', 'list<A>.sum() -> A', 'list<A>.min() -> A', 'list<A>.max() -> A',
  'list<A>.indexOf(A) -> int', 'list<A>.lastIndexOf(A) -> int',
  // --- cel-go ext.Lists
  'list<A>.distinct() -> list<A>', 'list<A>.flatten() -> list<dyn>', 'list<A>.flatten(int) -> list<dyn>',
  'list<A>.reverse() -> list<A>', 'list<A>.slice(int, int) -> list<A>', 'list<A>.sort() -> list<A>',
  'lists.range(int) -> list<int>', 'list<A>.first() -> optional<A>', 'list<A>.last() -> optional<A>',
  // --- cel-go ext.Sets
  'sets.contains(list<A>, list<A>) -> bool', 'sets.equivalent(list<A>, list<A>) -> bool', 'sets.intersects(list<A>, list<A>) -> bool',
  // --- Kubernetes URL library
  'url(string) -> URL', 'isURL(string) -> bool', 'URL.getScheme() -> string', 'URL.getHost() -> string',
  'URL.getHostname() -> string', 'URL.getPort() -> string', 'URL.getEscapedPath() -> string',
  'URL.getQuery() -> map<string, list<string>>',
  // --- Kubernetes IP / CIDR libraries
  'ip(string) -> IP', 'isIP(string) -> bool', 'ip.isCanonical(string) -> bool', 'IP.family() -> int',
  'IP.isUnspecified() -> bool', 'IP.isLoopback() -> bool', 'IP.isLinkLocalMulticast() -> bool',
  'IP.isLinkLocalUnicast() -> bool', 'IP.isGlobalUnicast() -> bool',
  'cidr(string) -> CIDR', 'isCIDR(string) -> bool', 'CIDR.containsIP(IP) -> bool', 'CIDR.containsIP(string) -> bool',
  'CIDR.containsCIDR(CIDR) -> bool', 'CIDR.containsCIDR(string) -> bool', 'CIDR.ip() -> IP', 'CIDR.masked() -> CIDR',
  'CIDR.prefixLength() -> int',
  // --- Kubernetes quantity library
  'quantity(string) -> Quantity', 'isQuantity(string) -> bool', 'Quantity.isInteger() -> bool',
  'Quantity.asInteger() -> int', 'Quantity.asApproximateFloat() -> double', 'Quantity.sign() -> int',
  'Quantity.add(Quantity) -> Quantity', 'Quantity.add(int) -> Quantity', 'Quantity.sub(Quantity) -> Quantity',
  'Quantity.sub(int) -> Quantity', 'Quantity.compareTo(Quantity) -> int', 'Quantity.isGreaterThan(Quantity) -> bool',
  'Quantity.isLessThan(Quantity) -> bool',
  // --- Kubernetes semver library
  'semver(string) -> Semver', 'semver(string, bool) -> Semver', 'isSemver(string) -> bool', 'isSemver(string, bool) -> bool',
  'Semver.major() -> int', 'Semver.minor() -> int', 'Semver.patch() -> int', 'Semver.isGreaterThan(Semver) -> bool',
  'Semver.isLessThan(Semver) -> bool', 'Semver.compareTo(Semver) -> int',
  // --- optional types
  'optional.of(A) -> optional<A>', 'optional.ofNonZeroValue(A) -> optional<A>', 'optional.none() -> optional<dyn>',
  'optional<A>.hasValue() -> bool', 'optional<A>.value() -> A', 'optional<A>.orValue(A) -> A',
  'optional<A>.or(optional<A>) -> optional<A>',
  // --- jsonpatch (mutating admission policies)
  'jsonpatch.escapeKey(string) -> string',
  // --- Kubernetes authz library (+ selectors)
  'Authorizer.path(string) -> PathCheck', 'Authorizer.group(string) -> GroupCheck',
  'Authorizer.serviceAccount(string, string) -> Authorizer', 'GroupCheck.resource(string) -> ResourceCheck',
  'ResourceCheck.subresource(string) -> ResourceCheck', 'ResourceCheck.namespace(string) -> ResourceCheck',
  'ResourceCheck.name(string) -> ResourceCheck', 'ResourceCheck.fieldSelector(string) -> ResourceCheck',
  'ResourceCheck.labelSelector(string) -> ResourceCheck', 'ResourceCheck.check(string) -> Decision',
  'PathCheck.check(string) -> Decision', 'Decision.allowed() -> bool', 'Decision.reason() -> string',
  'Decision.errored() -> bool', 'Decision.error() -> string',
];

/** Function name → overloads, global and receiver-style together. */
export const FUNCTIONS: ReadonlyMap<string, readonly Overload[]> = buildTable();

function buildTable(): Map<string, Overload[]> {
  const table = new Map<string, Overload[]>();
  for (const sig of SIGNATURES) {
    const m = /^(.*?)\((.*)\)\s*->\s*(.+)$/.exec(sig);
    if (!m) throw new Error(`bad signature ${sig}`);
    const [, head, argText, resultText] = m;
    let name = head;
    let receiver: CelType | undefined;
    const dot = head.lastIndexOf('.');
    if (dot > 0) {
      const recvText = head.slice(0, dot);
      if (/^[a-z]+$/.test(recvText) && !NAMED[recvText]) {
        name = head; // namespaced global, e.g. sets.contains
      } else {
        receiver = parseType(recvText);
        name = head.slice(dot + 1);
      }
    }
    const args = argText.trim() ? splitTop(argText).map(parseType) : [];
    const list = table.get(name) ?? [];
    list.push({ receiver, args, result: parseType(resultText), text: sig });
    table.set(name, list);
  }
  return table;
}

/** Namespaces that only hold functions (`sets.contains(...)` is a call of `sets.contains`). */
export const FUNCTION_NAMESPACES: ReadonlySet<string> = new Set(['sets', 'lists', 'strings', 'optional', 'jsonpatch', 'ip', 'cel']);

/**
 * Macros: receiver macros and their argument counts. Expanded by the checker (they bind
 * iteration variables, which plain overloads cannot express).
 */
export const RECEIVER_MACROS: ReadonlyMap<string, readonly number[]> = new Map([
  ['all', [2, 3]], ['exists', [2, 3]], ['exists_one', [2, 3]], ['existsOne', [2, 3]],
  ['map', [2, 3]], ['filter', [2]], ['transformList', [3, 4]], ['transformMap', [3, 4]],
  ['transformMapEntry', [3, 4]], ['sortBy', [2]], ['optMap', [2]], ['optFlatMap', [2]],
]);

/** Names that exist in other CEL dialects but not in Kubernetes, with the replacement. */
export const NOT_IN_KUBERNETES: ReadonlyMap<string, string> = new Map([
  ['__union__', 'there is no __union__ in Kubernetes CEL; use a + b (and .distinct() or sets.*)'],
  ['union', 'there is no union() in Kubernetes CEL; use a + b (and .distinct() or sets.*)'],
  ['contains_all', 'use sets.contains(list, sublist)'],
  ['containsAll', 'use sets.contains(list, sublist)'],
  ['length', 'use size(x) or x.size()'],
  ['len', 'use size(x) or x.size()'],
  ['count', 'use size(x) or x.filter(...).size()'],
  ['toLowerCase', 'use lowerAscii()'],
  ['toUpperCase', 'use upperAscii()'],
  ['lower', 'use lowerAscii()'],
  ['upper', 'use upperAscii()'],
  ['includes', "use 'x' in list, or string.contains(s)"],
  ['exists_all', 'use all(x, predicate)'],
  ['any', 'use exists(x, predicate)'],
  ['every', 'use all(x, predicate)'],
  ['regex', 'use s.matches(re) or s.find(re)'],
]);

/** Every callable name, for did-you-mean hints. */
export const ALL_FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys(), ...RECEIVER_MACROS.keys(), 'has', 'cel.bind'];
