/**
 * CRD `format` values as the 1.36 API server checks them: apiextensions-apiserver v0.36.0
 * pkg/apiserver/validation/formats.go (which formats are kept) and kube-openapi 43fb72c5454a
 * pkg/validation/strfmt (how each is validated). The tables are strfmt's own tests
 * (default_test.go, date_test.go, time_test.go, duration_test.go, kubernetes-extensions_test.go),
 * plus cases of Go's net, net/url and net/mail parsers the strfmt validators call.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, goParseDurationOk, numberFormatProblem, stringFormatValidator } from '../../lib/check/crd-format';

const valid = (format: string, s: string): boolean => {
  const v = stringFormatValidator({ type: 'string', format });
  if (!v && format !== 'unsupported') throw new Error(`format ${format} is not checked`);
  return v ? v(s) : true;
};

/** [format, value, valid upstream] */
type Case = readonly [string, string, boolean];

const longStr = 'a'.repeat(64);
const b64 = Buffer.from('This is a byte array with unprintable chars, but it also isn').toString('base64url');

const STRFMT_CASES: Case[] = [
  // TestFormatURI
  ['uri', 'http://somewhere.com', true], ['uri', 'http://somewhereelse.com', true], ['uri', 'somewhere.com', false],
  // TestFormatEmail
  ...[
    'somebody@somewhere.com', 'somebodyelse@somewhere.com', 'blah@gmail.com', 'test@d.verylongtoplevel', 'email+tag@gmail.com', '" "@example.com',
    '"Abc\\@def"@example.com', '"Fred Bloggs"@example.com', '"Joe\\\\Blow"@example.com', '"Abc@def"@example.com', 'customer/department=shipping@example.com',
    '$A12345@example.com', '!def!xyz%abc@example.com', '_somename@example.com', "!#$%&'*+-/=?^_`{}|~@example.com", "Miles.O'Brian@example.com",
    'postmaster@☁→❄→☃→☀→☺→☂→☹→✝.ws', 'root@localhost', 'john@com', 'api@piston.ninja',
  ].map((s) => ['email', s, true] as const),
  ['email', 'somebody@somewhere@com', false],
  // TestFormatHostname
  ...[
    'somewhere.com!', 'user@email.domain', '1.1.1.1', 'a'.repeat(256), `x.y.${longStr}`, 'www.example-.org', 'www.--example.org', '-www.example.org',
    'www-.example.org', 'www.d-.org', 'www.-d.org', 'www-', '-www', 'www.ex ample.org', '_www.example.org', 'www.ex;ample.org',
    'www.example_underscored.org', 'www.詹姆斯.x', 'a.b.c.d', '-xyz', 'xyz-', 'x.', 'a.b.c.dot-', 'a.b.c.é;ö',
  ].map((s) => ['hostname', s, false] as const),
  ...[
    'somewhere.com', '888.com', 'a.com', 'a.b.com', 'a.b.c.com', 'a.b.c.d.com', 'a.b.c.d.e.com', '1.com', '1.2.com', '1.2.3.com', '1.2.3.4.com',
    '99.domain.com', '99.99.domain.com', '1wwworg.example.com', '1000wwworg.example.com', 'xn--bcher-kva.example.com', 'xn-80ak6aa92e.co',
    'xn-80ak6aa92e.com', 'xn--ls8h.la', '☁→❄→☃→☀→☺→☂→☹→✝.ws', 'www.example.onion', 'www.example.ôlà', 'ôlà.ôlà', 'ôlà.ôlà.ôlà', 'ex$ample',
    'localhost', 'example', 'x', 'x-y', 'a.b.c.dot', 'www.example.org', 'a.b.c.d.e.f.g.dot', 'ex=ample.com', '<foo>', 'www.example-hyphenated.org',
    'www.詹姆斯.org', 'www.élégigôö.org', 'www.詹姆斯.london',
  ].map((s) => ['hostname', s, true] as const),
  // TestFormatIPv4, TestFormatIPv6, TestFormatCIDR, TestFormatMAC
  ['ipv4', '192.168.254.2', true], ['ipv4', '127.0.0.1', true], ['ipv4', '192.168.1.1', true], ['ipv4', '192.168.1.01', true], ['ipv4', '198.168.254.2.2', false],
  ['ipv6', '::2', true], ['ipv6', '127.0.0.1', false],
  ['cidr', '192.168.254.2/24', true], ['cidr', '192.0.2.1/24', true], ['cidr', '192.0.02.1/24', true], ['cidr', '2001:db8:a0b:12f0::1/32', true],
  ['cidr', '198.168.254.2', false], ['cidr', '2001:db8:a0b:12f0::1', false],
  ['mac', '06:05:04:03:02:01', true], ['mac', '01:02:03:04:05', false],
  // TestFormatUUID*: upstream generates version 3, 4 and 5 UUIDs; these have the same shapes
  ['uuid3', '6f0a0a5e-6b53-3c9a-8b73-4ec2a8a1bb64', true], ['uuid3', 'not-a-uuid', false],
  ['uuid4', '2f1f5a2c-5b8b-4c2d-9f8e-0b7b3c2d1e0f', true], ['uuid4', 'not-a-uuid', false],
  ['uuid5', '0b6a4a4c-7c2e-5d3b-9a1f-2c3d4e5f6a7b', true], ['uuid5', 'not-a-uuid', false],
  ['uuid', '0b6a4a4c-7c2e-5d3b-9a1f-2c3d4e5f6a7b', true], ['uuid', 'not-a-uuid', false],
  // TestFormatISBN*, HexColor, RGBColor, SSN, CreditCard, Password, Base64
  ['isbn', '0321751043', true], ['isbn', '836217463', false], ['isbn10', '0321751043', true], ['isbn10', '836217463', false],
  ['isbn13', '978-0321751041', true], ['isbn13', '978-0321751042', false],
  ['hexcolor', '#000000', true], ['hexcolor', '#fffffffz', false], ['rgbcolor', 'rgb(0,0,0)', true], ['rgbcolor', 'rgb(300,0,0)', false],
  ['ssn', '999 99 9999', true], ['ssn', '999 99 999', false], ['creditcard', '4012-8888-8888-1881', true], ['creditcard', '9999-9999-9999-999', false],
  ['password', 'super secret!!!', true], ['password', 'even more secret', true],
  ['byte', b64, true], ['byte', 'ZWxpemFiZXRocG9zZXk', false],
  // TestDate_IsDate
  ['date', '2017-12-22', true], ['date', '2017-1-1', false], ['date', '17-13-22', false], ['date', '2017-02-29', false], ['date', '1900-02-29', false],
  ['date', '2100-02-29', false], ['date', '2000-02-29', true], ['date', '2400-02-29', true], ['date', '2017-13-22', false], ['date', '2017-12-32', false],
  ['date', '20171-12-32', false], ['date', 'YYYY-MM-DD', false], ['date', '20-17-2017', false], ['date', '2017-12-22T01:02:03Z', false], ['date', '2014-12-15', true],
  // TestParseDateTime_fullCycle (the marshalled forms), TestDateTime_IsDateTime_errorCases
  ['date-time', '2014-12-15T08:00:00.000Z', true], ['date-time', '2011-08-18T19:03:37.000+01:00', true], ['date-time', '2014-12-15T19:30:20.000Z', true],
  ['date-time', '0001-01-01T00:00:00.000Z', true], ['date-time', '1970-01-01T00:00:00.000Z', true],
  ['date-time', 'zor', false], ['date-time', 'zorg', false], ['date-time', 'zorgTx', false], ['date-time', '1972-12-31Tx', false],
  ['date-time', '1972-12-31T24:40:00.000Z', false], ['date-time', '1972-12-31T23:63:00.000Z', false], ['date-time', '1972-12-31T23:59:60.000Z', false],
  // TestDuration, TestDurationParser, TestIsDuration_*
  ['duration', '0ms', true], ['duration', 'yada', false], ['duration', '2ms', true], ['duration', 'three week', false],
  ['duration', '9999999999999999999999999999999999999999999999999999999 weeks', false], ['duration', '12 parsecs', false], ['duration', '12 y', false],
  ['duration', '45 wekk', false], ['duration', '45 weeekks', false], ['duration', '45 weeks', true], ['duration', '45 weekz', true],
  ['duration', '12 hours', true], ['duration', '12 minutes', true], ['duration', '12 phours', false],
  ...['ns', 'us', 'µs', 'ms', 's', 'm', 'h', 'hr', 'd', 'w', 'wk', 'nanoseconds', 'nanos', 'microseconds', 'micros', 'millis', 'milliseconds', 'second', 'sec',
    'min', 'minute', 'hour', 'day', 'week'].flatMap((u) => [['duration', `1${u}`, true] as const, ['duration', `1  ${u}`, true] as const]),
  // kubernetes-extensions_test.go
  ...['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)].map((s) => ['k8s-short-name', s, true] as const),
  ...['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', '-a', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'a'.repeat(64), 'a-', '1-'].map((s) => ['k8s-short-name', s, false] as const),
  ...['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a',
    'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1', '0.a', '01.a', '012.a', '1a.a', '1-a.a', '0.1', '01.1', '012.1', '1a.1', '1-a.1',
    '1--a--b--2.1', 'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55', 'a'.repeat(253)].map((s) => ['k8s-long-name', s, true] as const),
  ...['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', '-a', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A', 'A.1', 'aB.1', 'A1.1', '1A.1', '0.A', '01.A', '012.A', '1A.a',
    '1a.A', 'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee', 'a@b', 'a,b', 'a_b', 'a;b', 'a:b', 'a%b', 'a?b', 'a$b', 'a'.repeat(254),
    'a-', '1-'].map((s) => ['k8s-long-name', s, false] as const),
  // bson_test.go
  ['bsonobjectid', '507f1f77bcf86cd799439011', true], ['bsonobjectid', '507f1f77bcf86cd79943901', false], ['bsonobjectid', '507f1f77bcf86cd79943901z', false],
];

/** Cases of the Go parsers the validators call (net, net/url, net/mail, time), answers from their documented behaviour. */
const GO_CASES: Case[] = [
  // net.ParseIP (netip): no leading zeros, at most 4 hex digits a field, no zone; ParseIPSloppy keeps Go 1.16's leniency
  ['ipv6', '::ffff:1.2.3.4', true], ['ipv6', '::ffff:01.2.3.4', false], ['ipv6', '00000::1', false], ['ipv6', 'fe80::1%eth0', false], ['ipv6', '1:2:3:4:5:6:7:8:9', false],
  ['ipv6', '1::2::3', false], ['ipv6', '::', true], ['ipv6', '1:2:3:4:5:6:7::', true], ['ipv6', '1:2:3:4:5:6:7:8::', false],
  ['ipv4', '::ffff:1.2.3.4', true], ['ipv4', '1.2.3', false], ['ipv4', '256.1.1.1', false], ['ipv4', '001.002.003.004', true], ['ipv4', '::1', false],
  ['cidr', '10.0.0.0/33', false], ['cidr', '10.0.0.0/08', true], ['cidr', '::/128', true], ['cidr', '::/129', false], ['cidr', '10.0.0.0/', false],
  ['mac', '00:00:5e:00:53:01', true], ['mac', '00-00-5e-00-53-01', true], ['mac', '0000.5e00.5301', true], ['mac', '02:00:5e:10:00:00:00:01', true],
  ['mac', '00:00:5e-00:53:01', false], ['mac', '00:00:5e:00:53:0g', false],
  // url.ParseRequestURI
  ['uri', '/just/a/path', true], ['uri', 'mailto:someone@example.com', true], ['uri', '*', true], ['uri', '', false], ['uri', 'relative/path', false],
  ['uri', 'http://[::1]:8080/x', true], ['uri', 'http://[1.2.3.4]/', false], ['uri', 'http://host:port/', false], ['uri', 'http://a b.com/', false],
  ['uri', 'http://example.com/%zz', false], ['uri', 'http://user:pa ss@example.com/', false], ['uri', 'https://example.com/a#frag?x', true],
  ['uri', 'http://example.com/\u0001', false], ['uri', ':foo', false], ['uri', 'http://x:1:2/', false], ['uri', 'mongodb://x:1,y:2/', true],
  // net/mail.ParseAddress
  ['email', 'Barry Gibbs <bg@example.com>', true], ['email', 'bg@example.com (Barry Gibbs)', true], ['email', 'group: a@b.c;', true],
  ['email', 'group: a@b.c, d@e.f;', false], ['email', 'jdoe@[192.168.0.1]', true], ['email', 'jdoe@[IPv6:::1]', true], ['email', 'jdoe@[not-an-ip]', false],
  ['email', 'a..b@example.com', false], ['email', '.a@example.com', false], ['email', 'no-at-sign', false], ['email', '<a@b.c>', true], ['email', 'a@b.c <d@e.f>', false],
  ['email', '=?koi8-r?q?x?= <a@b.c>', false], ['email', '=?utf-8?q?x?= <a@b.c>', true], ['email', '""@example.com', false],
  // time.ParseDuration
  ['duration', '0', true], ['duration', '-1.5h', true], ['duration', '1.s', true], ['duration', '.5s', true], ['duration', '', false], ['duration', '1', false],
  ['duration', '9223372036854775807ns', true], ['duration', '9223372036854775808ns', false], ['duration', '-9223372036854775808ns', true], ['duration', '1e3s', true],
  // IsDateTime quirks: a lower-case t, a third part ignored, any character before the fraction
  ['date-time', '2020-01-01t10:00:00z', true], ['date-time', '2020-01-01T10:00:00Zt99', true], ['date-time', '2020-01-01T10:00:00x5Z', true],
  ['date-time', '2020-01-01T10:00:00', false], ['date-time', '2020-02-30T10:00:00Z', false],
];

/** kube-openapi validate/fixtures/formats/extended-format.json and jsonschema_suite/format.json (string data, once each; `unsupported` is not checked: valid). */
const FIXTURE_CASES: Case[] = [
  ['date-time', '1963-06-19T08:30:06.283185Z', true],
  ['date-time', '06/19/1963 08:30:06 PST', false],
  ['date-time', '2013-350T01:01:01', false],
  ['date', '1963-06-19', true],
  ['date', '1963-13-19', false],
  ['date', '1963-12-39', false],
  ['date', '63-12-39', false],
  ['date', '1999-02-29', false],
  ['date', '1963-06-19T08:30:06.283185Z', false],
  ['date', '2013-350T01:01:01', false],
  ['date', '06/19/1963', false],
  ['uri', 'http://foo.bar/?baz=qux#quux', true],
  ['uri', '\\\\WINDOWS\\fileshare', false],
  ['uri', 'abc', false],
  ['email', 'joe.bloggs@example.com', true],
  ['email', '2962', false],
  ['ipv4', '192.168.0.1', true],
  ['ipv4', '127.0.0.0.1', false],
  ['ipv4', '256.256.256.256', false],
  ['ipv4', '127.0', false],
  ['ipv4', '0x7f000001', false],
  ['ipv6', '::1', true],
  ['ipv6', '12345::', false],
  ['ipv6', '1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1', false],
  ['ipv6', '::laptop', false],
  ['hostname', 'www.example.com', true],
  ['hostname', '-a-host-name-that-starts-with--', false],
  ['hostname', 'not_a_valid_host_name', false],
  ['hostname', 'a-vvvvvvvvvvvvvvvveeeeeeeeeeeeeeeerrrrrrrrrrrrrrrryyyyyyyyyyyyyyyy-long-host-name-component', false],
  ['duration', '1ns', true],
  ['duration', '1min', true],
  ['duration', '1wk', true],
  ['duration', '3week', true],
  ['duration', '3 week', true],
  ['duration', '3 weeks', true],
  ['duration', 'three weeks', false],
  ['duration', '06/19/1963 08:30:06 PST', false],
  ['duration', 'zorg', false],
  ['mac', '01:02:03:04:05:06', true],
  ['mac', 'AE:02:03:04:05:06', true],
  ['mac', '01:02:03:0G:05:06', false],
  ['mac', '01:02:03:04:05:06:07', false],
  ['uuid', 'a8098c1a-f86e-11da-bd1a-00112444be1e', true],
  ['uuid', 'a8098c1a+f86e+11da+bd1a+00112444be1e', false],
  ['uuid3', 'bcd02e22-68f0-3046-a512-327cca9def8f', true],
  ['uuid3', 'not-an-uuid3', false],
  ['uuid3', 'bcg02e22-68f0-3046-a512-327cca9def8f', false],
  ['uuid4', '025b0d74-00a2-4048-bf57-227c5111bb34', true],
  ['uuid4', 'not-an-uuid4', false],
  ['uuid4', '025b0d74-00a2-4048-bf57-227x5111bb34', false],
  ['uuid5', '886313e1-3b8a-5372-9b90-0c9aee199e5d', true],
  ['uuid5', '886313e1/3b8a-5372/9b90/0c9aee199e5d', false],
  ['uuid5', '886313h1-3b8a-5372-9b90-0c9aee199e5d', false],
  ['password', 'secret', true],
  ['isbn', '0321751043', true],
  ['isbn', '03217510X3', false],
  ['isbn10', '0321751043', true],
  ['isbn10', '032175104300000500', false],
  ['isbn13', '978 3401013190', true],
  ['isbn13', '032175104300000500', false],
  ['creditcard', '4111-1111-1111-1111', true],
  ['creditcard', '4111-1111-1111-11A1', false],
  ['ssn', '111-11-1111', true],
  ['ssn', '111-111111', false],
  ['hexcolor', '#FFFFFF', true],
  ['hexcolor', 'xFFFFFF', false],
  ['rgbcolor', 'rgb(255,255,255)', true],
  ['rgbcolor', 'rgb(100,100)', false],
  ['byte', 'ZWxpemFiZXRocG9zZXk=', true],
  ['byte', 'ZWxpemFiZXRocG9zZXk', false],
  ['bsonobjectid', '507f1f77bcf86cd799439011', true],
  ['bsonobjectid', 'x07f1f77bcf86cd799439011', false],
  ['unsupported', 'my string', true],
];

describe('format values (kube-openapi strfmt as apiextensions-apiserver v0.36 uses it)', () => {
  const all = [...STRFMT_CASES, ...FIXTURE_CASES, ...GO_CASES];
  it.each(all.map(([f, s, ok]) => [f, JSON.stringify(s).slice(0, 60), ok, s] as const))('%s %s → %s', (format, _shown, ok, s) => {
    expect(valid(format, s)).toBe(ok);
  });

  it(`agrees with upstream on every one of the ${all.length} cases`, () => {
    const disagree = all.filter(([f, s, ok]) => valid(f, s) !== ok);
    expect(disagree).toEqual([]);
  });

  it('ports the int64 limits of time.ParseDuration', () => {
    expect(goParseDurationOk('2562047h')).toBe(true);
    expect(goParseDurationOk('2562048h')).toBe(false);
  });
});

describe('which formats are checked (formats.go StripUnsupportedFormatsPostProcessorForVersion)', () => {
  it('ignores unknown formats and string formats on other types, as the server does', () => {
    expect(stringFormatValidator({ type: 'string', format: 'uri-reference' })).toBeUndefined();
    expect(stringFormatValidator({ type: 'string', format: 'int32' })).toBeUndefined();
    expect(stringFormatValidator({ type: 'integer', format: 'date' })).toBeUndefined();
    expect(stringFormatValidator({ type: 'string', format: 'datetime' })).toBeDefined();
    expect(stringFormatValidator({ 'x-kubernetes-int-or-string': true, 'format': 'date' })).toBeDefined();
    expect(stringFormatValidator({ format: 'date' })).toBeDefined();
  });
  it('reports with kube-openapi FormatOf\'s message', () => {
    expect(formatProblem({ type: 'string', format: 'date-time' }, 'spec.at', 'yesterday')).toBe('spec.at in body must be of type date-time: "yesterday"');
  });
});

describe('numeric formats (kube-openapi IsValueValidAgainstRange; apiextensions validation_test.go "numeric formats")', () => {
  const p = (type: string, format: string, v: number) => numberFormatProblem({ type, format }, 'f', v);
  it('accepts the limits of each format', () => {
    for (const v of [-(2 ** 31), 0, 2 ** 31 - 1]) expect(p('integer', 'int32', v)).toBeUndefined();
    for (const v of [-(2 ** 63), 0, 2 ** 53]) expect(p('integer', 'int64', v)).toBeUndefined();
    for (const v of [-3.4028234663852886e38, 0, 3.4028234663852886e38]) expect(p('number', 'float', v)).toBeUndefined();
    expect(p('number', 'double', Number.MAX_VALUE)).toBeUndefined();
  });
  it('refuses values outside them with the upstream message', () => {
    expect(p('integer', 'int32', 2 ** 31)).toBe('Checked value must be of type integer with format int32 in f');
    expect(p('integer', 'int32', -(2 ** 31) - 1)).toBe('Checked value must be of type integer with format int32 in f');
    expect(p('integer', 'int64', 2 ** 63 * 1.1)).toBe('Checked value must be of type integer with format int64 in f');
    expect(p('integer', 'int64', -(2 ** 63) * 1.1)).toBe('Checked value must be of type integer with format int64 in f');
    expect(p('integer', '', 2 ** 64)).toBe('Checked value must be of type integer (default format) in f');
    expect(p('number', 'float', 3.4028234663852886e38 * 1.1)).toBe('Checked value must be of type number with format float in f');
    expect(p('number', 'float', -3.4028234663852886e38 * 1.1)).toBe('Checked value must be of type number with format float in f');
  });
});

describe('the int64 maximum', () => {
  it('is accepted although it reads as 2^63', () => {
    expect(numberFormatProblem({ type: 'integer', format: 'int64' }, 'f', Number('9223372036854775807'))).toBeUndefined();
    expect(numberFormatProblem({ type: 'integer', format: 'int64' }, 'f', Number('9223372036854777856'))).toBe('Checked value must be of type integer with format int64 in f');
  });
});

describe('hostile values finish in linear time', () => {
  const big: Array<[string, string]> = [
    ['email', 'a '.repeat(100_000) + '<x@y.z>'], ['email', `"${'a'.repeat(200_000)}"@x.y`], ['email', `${'('.repeat(100_000)}a@b.c`],
    ['hostname', `${'a'.repeat(200_000)}!`], ['hostname', `${'a.'.repeat(100_000)}com`], ['uri', `http://x/${'%41'.repeat(70_000)}`],
    ['duration', '1h'.repeat(100_000)], ['duration', `${'9'.repeat(200_000)}x`], ['date-time', `2020-01-01t${'0'.repeat(200_000)}`],
    ['ipv6', ':'.repeat(200_000)], ['cidr', '1'.repeat(200_000)], ['byte', `${'A'.repeat(200_000)}=`], ['creditcard', '4'.repeat(200_000)],
  ];
  it.each(big.map(([f, s]) => [f, s.length, s] as const))('%s of %i characters', (format, _n, s) => {
    const t0 = performance.now();
    stringFormatValidator({ type: 'string', format })!(s);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
