/**
 * Building blocks of the generators: well-formed names and values, and the nasty ones
 * (empty, whitespace, unicode, control characters, YAML-looking scalars, names at and past
 * every length limit, prototype keys).
 */
import fc from 'fast-check';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

/** A DNS-1123 label of 1..max characters. */
export function dnsLabel(max = 20): fc.Arbitrary<string> {
  return fc.tuple(
    fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')),
    fc.array(fc.constantFrom(...ALNUM, '-'), { maxLength: Math.max(0, max - 2) }),
    fc.constantFrom(...ALNUM),
  ).map(([a, mid, z]) => (max === 1 ? a : `${a}${mid.join('')}${z}`));
}

/** Strings the API server, YAML or a careless renderer might trip over. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '  a  ', 'a', 'A', 'Abc', '-a', 'a-', 'a_b', 'a.b', 'a..b', '.a', 'a.', '0', '00', '1e3', '0x1F', '-1',
  'ü', 'é'.normalize('NFD'), '日本語', '🙂', '\u200b', '\u00a0', '\ufeff', '\u2028', '\u0085', '\u0000', '\t', '\n', 'a\nb', '\r\n',
  '#', '# comment', 'a #b', ':', 'a: b', '- a', '*', '&a', '!tag', '|', '>', '%', '@', '`', '{}', '[]', '[', '{', '"', "'", '\\', '"quoted"',
  'null', 'Null', 'NULL', '~', 'true', 'True', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', '.nan', '.inf', '-.inf', 'NaN', 'Infinity',
  '---', '...', '<<', '${x}', '{{x}}', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  'a'.repeat(15), 'a'.repeat(16), 'a'.repeat(62), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(253), 'a'.repeat(254),
  `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, 'x'.repeat(300), 'ab'.repeat(2000),
  'kubernetes.io/x', 'k8s.io/x', 'example.com/x', 'example.com/', '/x', 'a/b/c', '/', '//', '/tmp', '/proc', '..', '../x',
  'system:masters', 'system:serviceaccount:a:b', '*.*', 'ALL', 'CAP_SYS_ADMIN', 'SYS_ADMIN', 'NET_BIND_SERVICE',
];

/** A nasty string: a known trap, random text (ASCII, unicode graphemes), or a valid name. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: dnsLabel() },
);

/** Numbers at and past the limits the constructs care about, plus the IEEE oddities. */
export const NASTY_NUMBERS: readonly number[] = [
  0, -0, 1, -1, 2, 0.5, 1.5, -0.5, 1e-9, 3, 7, 8, 9, 10, 15, 16, 32, 33, 50, 60, 61, 63, 64, 99, 100, 101, 128, 129, 1000, 1023, 1024,
  9999, 10000, 10001, 65532, 65535, 65536, 1_000_000, 2 ** 24, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 1e21, 1e300,
  -(2 ** 31), Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, NaN, Infinity, -Infinity,
];

/** A nasty number. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: 70_000 }) },
  { weight: 1, arbitrary: fc.double() },
);

/** Maybe undefined (about one in three). */
export function opt<T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(a, { nil: undefined, freq: 3 });
}

/** Mostly undefined (about four in five): keeps nasty recipes from failing on the first field every time. */
export function rarely<T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
}

/** A string map, possibly with nasty keys and values. */
export function nastyMap(maxKeys = 4): fc.Arbitrary<Record<string, string>> {
  return fc.array(fc.tuple(nastyString, nastyString), { maxLength: maxKeys }).map((pairs) => {
    const out: Record<string, string> = {};
    for (const [k, v] of pairs) {
      // cdk8s itself cannot render a map with an own `constructor` key (its sanitizer reads
      // obj.constructor.name); that is upstream of this library, so it is not generated.
      if (k === 'constructor') continue;
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
}

/** A valid label map (qualified-name keys, label values). */
export function labelMap(maxKeys = 3): fc.Arbitrary<Record<string, string>> {
  return fc.dictionary(
    fc.oneof(dnsLabel(12), dnsLabel(8).map((k) => `example.com/${k}`)),
    fc.oneof(fc.constant(''), dnsLabel(12)),
    { maxKeys },
  );
}

/** Quantities, well-formed. */
export const validQuantity = fc.constantFrom('1', '100m', '250m', '2', '64Mi', '128Mi', '1Gi', '2Gi', '512Mi');

/** Quantities, nasty (malformed, negative, zero, huge, odd suffixes). */
export const nastyQuantity = fc.oneof(
  validQuantity,
  fc.constantFrom('', '0', '-1', '-100m', '1.5', '0.1m', '1m', '1e3', '1E', '1Ei', '1Pi', '1000000000Ti', '99999999999999999999', '1Mi ', ' 1Mi', '1MiB', '1mi', 'Mi', '1.', '.5', '+1', '0x10', 'NaN', '1/2', '١٢'),
  fc.string({ maxLength: 6 }),
);

/** CEL expressions: good, wrong type, unparsable, huge, unicode, injection-looking. */
export const ODD_CEL: readonly string[] = [
  'true', 'false', '', ' ', '1', '"x"', 'null', '(', ')', 'a +', 'true &&', '1 == "1"', "object.metadata.name == 'x'",
  "has(object.metadata.labels) && 'a' in object.metadata.labels", 'object.spec', 'object.nope.nope', 'request.userInfo.username.startsWith("system:")',
  'params.x', 'variables.x', 'size(object.spec.containers) > 0', 'object.spec.containers.all(c, c.image.contains(":"))',
  '[1,2,3].map(x, [1,2,3].map(y, [1,2,3].map(z, x*y*z)))', 'x'.repeat(300), `"${'a'.repeat(5000)}" == "b"`, "'\u2028' == '\u2029'",
  '"\\u00e9" == "é"', '1 / 0 == 1', 'int("x") == 1', 'true /* c */', '// c\ntrue', 'true\n', '\ntrue', "'''multi\nline''' != ''",
  "device.driver == 'gpu.nvidia.com'", "device.attributes['gpu.nvidia.com'].productName == 'H100'", "device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('40Gi')) >= 0",
  'device.nope', 'device.driver', "device.attributes['gpu.nvidia.com'].index > 1", "request.resourceAttributes.namespace == 'kube-system'", 'has(request.resourceAttributes)',
  'request.nope == 1', 'Object{spec: Object.spec{}}', 'JSONPatch{op: "add", path: "/x", value: 1}', '[JSONPatch{op: "add", path: "/metadata/labels/x", value: "y"}]',
  '__proto__', 'constructor', 'self', 'oldObject == null', 'authorizer.allowed()',
];

/** An odd CEL expression or random text. */
export const oddCel: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_CEL) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: nastyString },
);

/** A reason for an opt-out: good sentence or nasty text. */
export const validReason = fc.constantFrom('the image needs it', 'legacy daemon binds port 80', 'vendor requirement, ticket OPS-42', 'measured: cache dir must be writable');
export const nastyReason = fc.oneof(
  { weight: 8, arbitrary: validReason },
  { weight: 1, arbitrary: fc.oneof(nastyString, fc.constantFrom('ab', 'abc', '   x   ', 'line one\nline two', '# not a comment', 'a: b', '\u2028x\u2029y', 'ü'.repeat(300))) },
);
