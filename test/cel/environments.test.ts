/**
 * The 1.36 environment differences, each checked against the upstream file that decides
 * it (kubernetes/apiserver v0.36.0, cel-go v0.26.0, kubernetes v1.36.0
 * staging/src/k8s.io/dynamic-resource-allocation/cel/compile.go).
 */
import { describe, expect, it } from 'vitest';
import { AC, accepted, AZ, DRA, JP, M, only, POD, V } from './support';
import * as root from '../../lib';
import { checkCel } from '../../lib/cel';
import { FUNCTIONS, LIBRARIES } from '../../lib/cel/library';

describe('the environment table', () => {
  it('names an upstream source for every library, and every overload has a unique id', () => {
    for (const lib of LIBRARIES) expect(lib.source).toMatch(/^(kubernetes\/apiserver@v0\.36\.0|google\/cel-go@v0\.26\.0):[\w/]+\.go/);
    const ids = [...FUNCTIONS.values()].flat().map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of [...FUNCTIONS.values()].flat()) expect(o.source).not.toBe('');
  });
});

describe('cel.bind only in DRA device selectors (dynamic-resource-allocation/cel/compile.go adds ext.Bindings)', () => {
  it('accepts cel.bind in a DRA selector', () => {
    accepted("cel.bind(gpu, device.attributes['gpu.nvidia.com'], gpu.type == 'mig')", DRA);
  });
  it.each([[M], [V], [AZ], [AC], [JP]])('fails when cel.bind is used in %s', (env) => {
    const p = only('cel.bind(x, 1, x > 0)', env);
    expect(p.message).toMatch(/^undeclared function 'cel\.bind' in /);
    expect(p.hint).toBe('cel.bind is only available in DRA device selectors');
  });
});

describe('jsonpatch.escapeKey only in mutations (admission/plugin/cel/compile.go hasPatchTypes)', () => {
  it('accepts it in both mutation kinds', () => {
    accepted('[JSONPatch{op: "add", path: "/metadata/labels/" + jsonpatch.escapeKey("a/b"), value: "x"}]', JP, POD);
    accepted('Object{metadata: Object.metadata{labels: {jsonpatch.escapeKey("a/b"): "x"}}}', AC, POD);
  });
  it.each([[M], [V], [AZ], [DRA]])('fails when jsonpatch.escapeKey is used in %s', (env) => {
    const p = only('jsonpatch.escapeKey("a/b") == "a~1b"', env);
    expect(p.message).toMatch(/^undeclared function 'jsonpatch\.escapeKey' in /);
    expect(p.hint).toBe('jsonpatch.escapeKey is only available in mutation expressions');
  });
});

describe('the Kubernetes format library (library/format.go)', () => {
  it('accepts format.<name>(), format.named() and validate()', () => {
    accepted("format.dns1123Label().validate('my-name').hasValue() == false", M);
    accepted("!format.named('dns1123Subdomain').value().validate(object.metadata.name).hasValue()", M, POD);
    accepted("format.labelValue().validate('x').orValue([]).size() == 0", DRA);
  });
  it('fails when a format does not exist', () => {
    expect(only("format.dnsLabel().validate('x').hasValue()", M).message).toBe("undeclared function 'format.dnsLabel'");
  });
  it('fails when validate() gets a non-string', () => {
    expect(only('format.uuid().validate(1).hasValue()', M).message).toBe("found no matching overload for 'validate' applied to 'Format.(int)'");
  });
});

describe('string.format validator (cel-go ext/formatting.go)', () => {
  it('accepts matching clauses and arguments', () => {
    accepted("'%s has %d containers, %.2f cpus, %x'.format([object.metadata.name, object.spec.containers.size(), 1.5, 255]) != ''", M, POD);
    accepted("'%s %s'.format([1, 'a']) != ''", M);
  });
  it('fails when a clause does not accept the argument type', () => {
    expect(only("'%d'.format(['a']) == ''", M).message).toBe('error during formatting: decimal clause can only be used on integers, was given string');
  });
  it('fails when there are too many arguments', () => {
    expect(only("'%s'.format(['a', 'b']) == ''", M).message).toBe('too many arguments supplied to string.format (expected 1, got 2)');
  });
  it('fails when there are too few arguments', () => {
    expect(only("'%s %s'.format(['a']) == ''", M).message).toBe('index 1 out of range');
  });
  it('fails on an unknown clause', () => {
    expect(only("'%q'.format(['a']) == ''", M).message).toBe('could not parse formatting clause: unrecognized formatting clause "q"');
  });
  it('fails when %s gets a library type', () => {
    expect(only("'%s'.format([quantity('1')]) == ''", M).message)
      .toBe('error during formatting: string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps, was given Quantity');
  });
});

describe('homogeneous aggregate literals (environment/base.go)', () => {
  it("fails when [dyn(1), 'a'] mixes dyn and string", () => {
    expect(only("[dyn(1), 'a'].size() == 2", M).message).toBe("list elements must all have the same type, expected type 'dyn' but found 'string'");
  });
  it('fails on mixed map values', () => {
    expect(only("{'a': 1, 'b': 'x'}.size() == 2", M).message).toBe("map values must all have the same type, expected type 'int' but found 'string'");
  });
  it('accepts all-dyn literals and exempts the arguments of format', () => {
    accepted("[dyn(1), dyn('a')].size() == 2", M);
    accepted("'%s %s'.format([1, 'a']) == '1 a'", M);
  });
});

describe('duration and timestamp literals (cel.ValidateDurationLiterals / ValidateTimestampLiterals)', () => {
  it('accepts literals in range', () => {
    accepted("duration('2562047h') > duration('1s') && timestamp('9999-12-31T23:59:59Z') > timestamp(0)", M);
  });
  it('fails when a duration literal overflows int64 nanoseconds', () => {
    expect(only("duration('2562048h') > duration('1s')", M).message).toBe('invalid duration literal "2562048h": invalid duration "2562048h"');
  });
  it('fails when a timestamp literal is past year 9999', () => {
    expect(only("timestamp('9999-12-31T23:59:59-01:00') > timestamp(0)", M).message).toBe('invalid timestamp literal "9999-12-31T23:59:59-01:00": timestamp out of range');
  });
  it('fails when a timestamp literal has a day out of range', () => {
    expect(only("timestamp('2023-02-29T00:00:00Z') > timestamp(0)", M).message).toBe('invalid timestamp literal "2023-02-29T00:00:00Z": day out of range');
  });
  it('fails when a Unix-seconds timestamp literal is out of range', () => {
    expect(only('timestamp(253402300800) > timestamp(0)', M).message).toBe('invalid timestamp literal 253402300800: timestamp out of range');
  });
});

describe('typing as cel-go types it', () => {
  it('accepts sign() as a global function of the quantity library', () => {
    accepted("sign(quantity('-1')) == -1", M);
  });
  it('fails when sign() is called as a method', () => {
    expect(only("quantity('1').sign() == 1", M).message).toBe("'sign' is a function, not a method");
  });
  it('fails when sum() is used on strings (library/lists.go summable types)', () => {
    expect(only("['a'].sum() == 'a'", M).message).toBe("no method 'sum' on list(string)");
  });
  it('fails when min() is used on a list of lists', () => {
    expect(only('[[1]].min() == [1]', M).message).toBe("no method 'min' on list(list(int))");
  });
  it('fails when isSorted() is used on maps', () => {
    expect(only("[{'a': 1}].isSorted()", M).message).toBe("no method 'isSorted' on list(map(string, int))");
  });
  it('accepts min/max/sum/isSorted on the declared element types', () => {
    accepted("[1, 2].sum() == 3 && [1u].min() == 1u && [1.0].max() == 1.0 && [duration('1s')].sum() > duration('0s') && ['a', 'b'].isSorted() && [b'a'].min() == b'a'", M);
  });
  it.each([['1 == 1u'], ['1 == 1.0'], ['1u != 1.0'], ['1 in [1u]']])('fails when %s compares int, uint and double with == / in', (e) => {
    expect(checkCel(e, M).ok).toBe(false);
  });
  it('fails with the cel-go overload message for 1 == 1.0', () => {
    expect(only('1 == 1.0', M).message).toBe("found no matching overload for '==' applied to '(int, double)'");
  });
  it('accepts cross-type ordering (cel.CrossTypeNumericComparisons)', () => {
    accepted('1 < 1.5 && 2u > 1 && 1.0 <= 1u', M);
  });
  it('fails when a string is compared with null (cel-go checker/types.go: strings are not nullable)', () => {
    expect(only('object.metadata.name == null', M, POD).message).toBe('cannot compare string == null_type');
  });
  it('fails when null is passed for a string argument', () => {
    expect(only('object.metadata.name.startsWith(null)', M, POD).message).toBe("found no matching overload for 'startsWith' applied to 'string.(null_type)'");
  });
  it('fails when ?: mixes null and a string', () => {
    expect(only("(true ? null : 'a') == 'a'", M).message).toBe('branches of ?: have different types: null_type and string');
  });
  it('accepts null comparisons of objects (messages are nullable)', () => {
    accepted('oldObject == null || object.spec.nodeName == oldObject.spec.nodeName', M, POD);
    accepted('object.spec.securityContext != null', M, POD);
  });
  it('accepts type names of library and protobuf-backed types (net.IP, google.protobuf.Timestamp)', () => {
    accepted("type(ip('::1')) == net.IP && type(quantity('1')) == kubernetes.Quantity && type(timestamp(0)) == google.protobuf.Timestamp", M);
  });
  it('fails when timestamp is used as a type name (cel-go names it google.protobuf.Timestamp)', () => {
    expect(only('type(timestamp(0)) == timestamp', M).message).toBe("undeclared reference to 'timestamp'");
  });
  it('accepts optional v2 members optional.unwrap and unwrapOpt', () => {
    accepted('optional.unwrap([optional.of(1), optional.none()]) == [1]', M);
    accepted("[optional.of('a')].unwrapOpt().size() == 1", DRA);
    accepted('[1, 2].first().orValue(0) == 1 && [1].last().hasValue()', AZ);
  });
});

describe('no math.* or base64.* (cel-go ext.Math and ext.Encoders are not enabled)', () => {
  it.each([['math.greatest(1, 2) == 2'], ['math.abs(-1) == 1'], ["base64.encode(b'a') == 'YQ=='"]])('fails on %s', (e) => {
    for (const env of [M, V, AZ, DRA]) {
      const p = only(e, env);
      expect(p.message).toMatch(/^undeclared function '(math|base64)\./);
    }
  });
});

describe('package root', () => {
  it('exports CelEnvironment and checkCel', () => {
    expect(root.CelEnvironment.DRA_DEVICE_SELECTOR).toBe('dra-device-selector');
    expect(root.checkCel("device.driver == 'gpu.nvidia.com'", root.CelEnvironment.DRA_DEVICE_SELECTOR).ok).toBe(true);
  });
});
