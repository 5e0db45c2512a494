/**
 * The function and macro table of the Kubernetes 1.36 CEL environments: one entry per
 * library, each with the upstream file it comes from and the environments that have it.
 * The checker reads it (through {@link functionsFor} / {@link macrosFor}); an evaluator
 * finds the same overloads by their stable {@link Overload.id}.
 *
 * Upstream (kubernetes/apiserver v0.36.0, cel-go v0.26.0 as pinned by its go.mod):
 * - pkg/cel/environment/base.go: every environment gets the cel-go standard library,
 *   optional types (latest version), cross-type numeric comparisons (`<`, `<=`, `>`, `>=`
 *   only), homogeneous aggregate literals, duration/timestamp/regex literal validators,
 *   ext.Strings v2, ext.Sets, ext.TwoVarComprehensions, ext.Lists v3 and the Kubernetes
 *   URL, regex, lists, authz (+ selectors), quantity, IP, CIDR, format and semver libraries.
 * - pkg/admission/plugin/cel/compile.go: mutation expressions (HasPatchTypes) add the
 *   JSONPatch library (`jsonpatch.escapeKey`).
 * - kubernetes staging/src/k8s.io/dynamic-resource-allocation/cel/compile.go: DRA device
 *   selectors add ext.Bindings (`cel.bind`).
 * Nothing declares cel-go's ext.Math (`math.*`) or ext.Encoders (`base64.*`).
 *
 * Signatures are written in a small notation and parsed once:
 *   `name(arg, ...) -> result`            global function (`sets.contains` is a global name)
 *   `recv.name(arg, ...) -> result`       receiver-style method on `recv`
 * Types: bool int uint double string bytes dyn null timestamp duration type,
 * list<T>, map<K, V>, optional<T>, library types (Quantity, URL, IP, CIDR, Semver, Format,
 * Authorizer, PathCheck, GroupCheck, ResourceCheck, Decision) and single-letter type
 * parameters (A, K, V).
 */
import { BOOL, BYTES, CelType, DOUBLE, DURATION, DYN, INT, listOf, mapOf, NULL, opaque, optOf, STRING, TIMESTAMP, TYPE, UINT } from './celtypes';
import { CelEnvironment } from './types';

/** One overload of a function. */
export interface Overload {
  readonly receiver?: CelType;
  readonly args: readonly CelType[];
  readonly result: CelType;
  /** The signature as written, for messages. */
  readonly text: string;
  /** Stable id: the signature without its result, e.g. `Quantity.add(int)`, `sets.contains(list<A>, list<A>)`. */
  readonly id: string;
  /** The library ({@link LibraryDecl.name}) that declares it. */
  readonly library: string;
  /** Upstream file of the declaration. */
  readonly source: string;
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
const LIBRARY_TYPES = new Set(['Quantity', 'URL', 'IP', 'CIDR', 'Semver', 'Format', 'Authorizer', 'PathCheck', 'GroupCheck', 'ResourceCheck', 'Decision']);
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

/** The CelType of a type written in the signature notation (`list<int>`, `map<string, dyn>`). */
export function parseType(s: string): CelType {
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

const K8S = 'kubernetes/apiserver@v0.36.0';
const CELGO = 'google/cel-go@v0.26.0';
const COMPARABLE = ['int', 'uint', 'double', 'bool', 'duration', 'timestamp', 'string', 'bytes'];
const SUMMABLE = ['int', 'uint', 'double', 'duration'];
const FORMATS = ['dns1123Label', 'dns1123Subdomain', 'dns1035Label', 'qualifiedName', 'dns1123LabelPrefix', 'dns1123SubdomainPrefix',
  'dns1035LabelPrefix', 'labelValue', 'uri', 'uuid', 'byte', 'date', 'datetime'];
const TIMESTAMP_GETTERS = ['getFullYear', 'getMonth', 'getDate', 'getDayOfMonth', 'getDayOfWeek', 'getDayOfYear', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'];

/** The environments that have mutation expressions (HasPatchTypes). */
const MUTATIONS: readonly CelEnvironment[] = [CelEnvironment.MUTATION_APPLY_CONFIGURATION, CelEnvironment.MUTATION_JSON_PATCH];

/** One library of the table. */
export interface LibraryDecl {
  /** Short name, e.g. `k8s.quantity`, `cel-go ext.Lists v3`. */
  readonly name: string;
  /** Upstream file (repository@tag:path) the declarations come from. */
  readonly source: string;
  /** The environments that have the library; undefined: every environment. */
  readonly envs?: readonly CelEnvironment[];
  /** Function overloads in the signature notation above. */
  readonly overloads: readonly string[];
  /** Macros: name and the argument counts it takes. */
  readonly macros?: ReadonlyArray<readonly [string, readonly number[]]>;
}

/** The libraries of the Kubernetes 1.36 CEL environments. */
export const LIBRARIES: readonly LibraryDecl[] = [
  {
    name: 'cel-go standard library',
    source: `${CELGO}:common/stdlib/standard.go`,
    overloads: [
      'size(string) -> int', 'size(bytes) -> int', 'size(list<A>) -> int', 'size(map<K, V>) -> int',
      'string.size() -> int', 'bytes.size() -> int', 'list<A>.size() -> int', 'map<K, V>.size() -> int',
      'int(int) -> int', 'int(uint) -> int', 'int(double) -> int', 'int(string) -> int', 'int(timestamp) -> int', 'int(duration) -> int',
      'uint(int) -> uint', 'uint(uint) -> uint', 'uint(double) -> uint', 'uint(string) -> uint',
      'double(int) -> double', 'double(uint) -> double', 'double(double) -> double', 'double(string) -> double',
      'string(string) -> string', 'string(int) -> string', 'string(uint) -> string', 'string(double) -> string',
      'string(bool) -> string', 'string(bytes) -> string', 'string(timestamp) -> string', 'string(duration) -> string',
      'bytes(bytes) -> bytes', 'bytes(string) -> bytes', 'bool(bool) -> bool', 'bool(string) -> bool',
      'dyn(A) -> dyn', 'type(A) -> type',
      'duration(string) -> duration', 'duration(duration) -> duration', 'duration(int) -> duration',
      'timestamp(string) -> timestamp', 'timestamp(int) -> timestamp', 'timestamp(timestamp) -> timestamp',
      'string.contains(string) -> bool', 'string.startsWith(string) -> bool', 'string.endsWith(string) -> bool',
      'string.matches(string) -> bool', 'matches(string, string) -> bool',
      ...TIMESTAMP_GETTERS.flatMap((f) => [`timestamp.${f}() -> int`, `timestamp.${f}(string) -> int`]),
      ...['getHours', 'getMinutes', 'getSeconds', 'getMilliseconds'].map((f) => `duration.${f}() -> int`),
    ],
  },
  {
    name: 'cel-go macros',
    source: `${CELGO}:parser/macro.go`,
    overloads: [],
    macros: [['has', [1]], ['all', [2]], ['exists', [2]], ['exists_one', [2]], ['existsOne', [2]], ['map', [2, 3]], ['filter', [2]]],
  },
  {
    name: 'cel-go ext.TwoVarComprehensions',
    source: `${CELGO}:ext/comprehensions.go`,
    overloads: [],
    macros: [['all', [3]], ['exists', [3]], ['existsOne', [3]], ['exists_one', [3]], ['transformList', [3, 4]], ['transformMap', [3, 4]], ['transformMapEntry', [3, 4]]],
  },
  {
    name: 'cel-go optional types (latest version)',
    source: `${CELGO}:cel/library.go`,
    overloads: [
      'optional.of(A) -> optional<A>', 'optional.ofNonZeroValue(A) -> optional<A>', 'optional.none() -> optional<A>',
      'optional<A>.hasValue() -> bool', 'optional<A>.value() -> A', 'optional<A>.orValue(A) -> A',
      'optional<A>.or(optional<A>) -> optional<A>',
      'list<A>.first() -> optional<A>', 'list<A>.last() -> optional<A>',
      'optional.unwrap(list<optional<A>>) -> list<A>', 'list<optional<A>>.unwrapOpt() -> list<A>',
    ],
    macros: [['optMap', [2]], ['optFlatMap', [2]]],
  },
  {
    name: 'cel-go ext.Strings v2',
    source: `${CELGO}:ext/strings.go`,
    overloads: [
      'string.charAt(int) -> string', 'string.indexOf(string) -> int', 'string.indexOf(string, int) -> int',
      'string.lastIndexOf(string) -> int', 'string.lastIndexOf(string, int) -> int',
      'string.lowerAscii() -> string', 'string.upperAscii() -> string',
      'string.replace(string, string) -> string', 'string.replace(string, string, int) -> string',
      'string.split(string) -> list<string>', 'string.split(string, int) -> list<string>',
      'string.substring(int) -> string', 'string.substring(int, int) -> string', 'string.trim() -> string',
      'string.format(list<dyn>) -> string', 'strings.quote(string) -> string',
      'list<string>.join() -> string', 'list<string>.join(string) -> string',
    ],
  },
  {
    name: 'cel-go ext.Sets',
    source: `${CELGO}:ext/sets.go`,
    overloads: ['sets.contains(list<A>, list<A>) -> bool', 'sets.equivalent(list<A>, list<A>) -> bool', 'sets.intersects(list<A>, list<A>) -> bool'],
  },
  {
    name: 'cel-go ext.Lists v3',
    source: `${CELGO}:ext/lists.go`,
    overloads: [
      'list<A>.slice(int, int) -> list<A>', 'list<list<A>>.flatten() -> list<A>', 'list<dyn>.flatten(int) -> list<dyn>',
      ...COMPARABLE.map((t) => `list<${t}>.sort() -> list<${t}>`),
      'lists.range(int) -> list<int>', 'list<A>.reverse() -> list<A>', 'list<A>.distinct() -> list<A>',
    ],
    macros: [['sortBy', [2]]],
  },
  {
    name: 'k8s URLs',
    source: `${K8S}:pkg/cel/library/urls.go`,
    overloads: [
      'url(string) -> URL', 'isURL(string) -> bool', 'URL.getScheme() -> string', 'URL.getHost() -> string',
      'URL.getHostname() -> string', 'URL.getPort() -> string', 'URL.getEscapedPath() -> string',
      'URL.getQuery() -> map<string, list<string>>',
    ],
  },
  {
    name: 'k8s regex',
    source: `${K8S}:pkg/cel/library/regex.go`,
    overloads: ['string.find(string) -> string', 'string.findAll(string) -> list<string>', 'string.findAll(string, int) -> list<string>'],
  },
  {
    name: 'k8s lists',
    source: `${K8S}:pkg/cel/library/lists.go`,
    overloads: [
      ...COMPARABLE.flatMap((t) => [`list<${t}>.isSorted() -> bool`, `list<${t}>.min() -> ${t}`, `list<${t}>.max() -> ${t}`]),
      ...SUMMABLE.map((t) => `list<${t}>.sum() -> ${t}`),
      'list<A>.indexOf(A) -> int', 'list<A>.lastIndexOf(A) -> int',
    ],
  },
  {
    name: 'k8s authz (+ selectors)',
    source: `${K8S}:pkg/cel/library/authz.go`,
    overloads: [
      'Authorizer.path(string) -> PathCheck', 'Authorizer.group(string) -> GroupCheck',
      'Authorizer.serviceAccount(string, string) -> Authorizer', 'GroupCheck.resource(string) -> ResourceCheck',
      'ResourceCheck.subresource(string) -> ResourceCheck', 'ResourceCheck.namespace(string) -> ResourceCheck',
      'ResourceCheck.name(string) -> ResourceCheck', 'ResourceCheck.fieldSelector(string) -> ResourceCheck',
      'ResourceCheck.labelSelector(string) -> ResourceCheck', 'ResourceCheck.check(string) -> Decision',
      'PathCheck.check(string) -> Decision', 'Decision.allowed() -> bool', 'Decision.reason() -> string',
      'Decision.errored() -> bool', 'Decision.error() -> string',
    ],
  },
  {
    name: 'k8s quantity',
    source: `${K8S}:pkg/cel/library/quantity.go`,
    overloads: [
      'quantity(string) -> Quantity', 'isQuantity(string) -> bool', 'sign(Quantity) -> int', 'Quantity.isInteger() -> bool',
      'Quantity.asInteger() -> int', 'Quantity.asApproximateFloat() -> double',
      'Quantity.add(Quantity) -> Quantity', 'Quantity.add(int) -> Quantity', 'Quantity.sub(Quantity) -> Quantity',
      'Quantity.sub(int) -> Quantity', 'Quantity.compareTo(Quantity) -> int', 'Quantity.isGreaterThan(Quantity) -> bool',
      'Quantity.isLessThan(Quantity) -> bool',
    ],
  },
  {
    name: 'k8s IP',
    source: `${K8S}:pkg/cel/library/ip.go`,
    overloads: [
      'ip(string) -> IP', 'isIP(string) -> bool', 'ip.isCanonical(string) -> bool', 'IP.family() -> int',
      'IP.isUnspecified() -> bool', 'IP.isLoopback() -> bool', 'IP.isLinkLocalMulticast() -> bool',
      'IP.isLinkLocalUnicast() -> bool', 'IP.isGlobalUnicast() -> bool', 'string(IP) -> string',
    ],
  },
  {
    name: 'k8s CIDR',
    source: `${K8S}:pkg/cel/library/cidr.go`,
    overloads: [
      'cidr(string) -> CIDR', 'isCIDR(string) -> bool', 'CIDR.containsIP(IP) -> bool', 'CIDR.containsIP(string) -> bool',
      'CIDR.containsCIDR(CIDR) -> bool', 'CIDR.containsCIDR(string) -> bool', 'CIDR.ip() -> IP', 'CIDR.masked() -> CIDR',
      'CIDR.prefixLength() -> int', 'string(CIDR) -> string',
    ],
  },
  {
    name: 'k8s format',
    source: `${K8S}:pkg/cel/library/format.go`,
    overloads: [...FORMATS.map((f) => `format.${f}() -> Format`), 'format.named(string) -> optional<Format>', 'Format.validate(string) -> optional<list<string>>'],
  },
  {
    name: 'k8s semver (version 1)',
    source: `${K8S}:pkg/cel/library/semverlib.go`,
    overloads: [
      'semver(string) -> Semver', 'semver(string, bool) -> Semver', 'isSemver(string) -> bool', 'isSemver(string, bool) -> bool',
      'Semver.major() -> int', 'Semver.minor() -> int', 'Semver.patch() -> int', 'Semver.isGreaterThan(Semver) -> bool',
      'Semver.isLessThan(Semver) -> bool', 'Semver.compareTo(Semver) -> int',
    ],
  },
  {
    name: 'k8s JSONPatch',
    source: `${K8S}:pkg/cel/library/jsonpatch.go (added for mutations by pkg/admission/plugin/cel/compile.go)`,
    envs: MUTATIONS,
    overloads: ['jsonpatch.escapeKey(string) -> string'],
  },
  {
    name: 'cel-go ext.Bindings',
    source: `${CELGO}:ext/bindings.go (added by kubernetes@v1.36.0:staging/src/k8s.io/dynamic-resource-allocation/cel/compile.go)`,
    envs: [CelEnvironment.DRA_DEVICE_SELECTOR],
    overloads: [],
    macros: [['cel.bind', [3]]],
  },
];

/** Function name → overloads of every environment, global and receiver-style together. */
export const FUNCTIONS: ReadonlyMap<string, readonly Overload[]> = buildTable(undefined);

function buildTable(env: CelEnvironment | undefined): Map<string, Overload[]> {
  const table = new Map<string, Overload[]>();
  for (const lib of LIBRARIES) {
    if (env !== undefined && lib.envs && !lib.envs.includes(env)) continue;
    for (const sig of lib.overloads) {
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
      list.push({ receiver, args, result: parseType(resultText), text: sig, id: `${head}(${argText})`, library: lib.name, source: lib.source });
      table.set(name, list);
    }
  }
  return table;
}

const ENV_FUNCTIONS = new Map<CelEnvironment, ReadonlyMap<string, readonly Overload[]>>();
const ENV_MACROS = new Map<CelEnvironment, ReadonlyMap<string, readonly number[]>>();

/** The functions `env` declares, by name. */
export function functionsFor(env: CelEnvironment): ReadonlyMap<string, readonly Overload[]> {
  let t = ENV_FUNCTIONS.get(env);
  if (!t) {
    t = buildTable(env);
    ENV_FUNCTIONS.set(env, t);
  }
  return t;
}

/** The macros `env` declares: name → argument counts (receiver macros, `has` and `cel.bind`). */
export function macrosFor(env: CelEnvironment | undefined): ReadonlyMap<string, readonly number[]> {
  const cached = env === undefined ? undefined : ENV_MACROS.get(env);
  if (cached) return cached;
  const out = new Map<string, number[]>();
  for (const lib of LIBRARIES) {
    if (env !== undefined && lib.envs && !lib.envs.includes(env)) continue;
    for (const [name, counts] of lib.macros ?? []) out.set(name, [...(out.get(name) ?? []), ...counts]);
  }
  if (env !== undefined) ENV_MACROS.set(env, out);
  return out;
}

/** The environments whose table declares the function or macro `name`. */
export function environmentsOf(name: string): CelEnvironment[] {
  return Object.values(CelEnvironment).filter((e) => functionsFor(e).has(name) || macrosFor(e).has(name));
}

/** Namespaces that only hold functions (`sets.contains(...)` is a call of `sets.contains`). */
export const FUNCTION_NAMESPACES: ReadonlySet<string> = new Set(['sets', 'lists', 'strings', 'optional', 'jsonpatch', 'ip', 'cel', 'format']);

/** cel-go extension namespaces that no Kubernetes environment enables. */
export const DISABLED_NAMESPACES: ReadonlyMap<string, string> = new Map([
  ['math', 'Kubernetes does not enable the cel-go math extension; use the standard operators, or list functions such as min()/max()'],
  ['base64', 'Kubernetes does not enable the cel-go encoders extension (base64.*)'],
  ['regex', 'Kubernetes does not enable the cel-go regex extension; use s.matches(re), s.find(re) or s.findAll(re)'],
]);

/** Receiver macros of every environment and their argument counts (expanded by the checker). */
export const RECEIVER_MACROS: ReadonlyMap<string, readonly number[]> = new Map([...macrosFor(undefined)].filter(([n]) => n !== 'has' && n !== 'cel.bind'));

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
export const ALL_FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys(), ...macrosFor(undefined).keys()];
