import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../lib';
import { API_SCHEMA } from '../../lib/base/api-schema.generated';

// What a Python, Java, Go or .NET caller gets: jsii sends an enum member as
// {"$jsii.enum": "cdk8s-haru.GpuClaimScope/SHARED"}, and the kernel turns it into the
// JavaScript member (the wire value) before the library sees it, also for a parameter typed
// `any` (@jsii/kernel serialization.ts, the Any deserializer's isWireEnum branch). So
// EnumValue.of(member) below is exactly what those languages call.
describe('EnumValue', () => {
  const enums = Object.entries(API_SCHEMA.enums);

  it('covers every public enum of the assembly, and each member gives its wire value and back', () => {
    const exported = Object.keys(api).filter((k) => typeof (api as any)[k] === 'object' && API_SCHEMA.enums[k] !== undefined);
    expect(exported.sort()).toEqual(Object.keys(API_SCHEMA.enums).sort());
    let n = 0;
    for (const [name, members] of enums) {
      for (const [member, wire] of members) {
        const value = (api as any)[name][member];
        expect(api.EnumValue.of(value)).toBe(String(wire));
        expect(api.EnumValue.memberName(name, String(wire))).toBe(member);
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('gives the Kubernetes value, not the member name', () => {
    expect(api.EnumValue.of(api.GpuClaimScope.SHARED)).toBe('Shared');
    expect(api.EnumValue.of(api.RuleScope.ALL)).toBe('*');
    expect(api.EnumValue.memberName('TolerationOperator', 'Exists')).toBe('EXISTS');
  });

  it('fails when given a member name as a string, and names the member to pass', () => {
    expect(() => api.EnumValue.of('SHARED')).toThrow('[EnumValue.of] invalid input:\n  - [api/wrong-type] member: is not a member of an enum of cdk8s-haru (got "SHARED"; allowed: an enum member, e.g. GpuClaimScope.SHARED). Pass the member itself (GpuClaimScope.SHARED');
  });

  it('fails when given a value of no enum, an unknown enum or a value outside the enum', () => {
    expect(() => api.EnumValue.of(42)).toThrow('[api/wrong-type] member: is not a member of an enum of cdk8s-haru (got 42;');
    expect(() => api.EnumValue.memberName('constructor', 'x')).toThrow('[api/wrong-type] enumName: is not an enum of cdk8s-haru (got "constructor";');
    expect(() => api.EnumValue.memberName('GpuClaimScope', 'SHARED')).toThrow('[api/wrong-type] wireValue: is not a value of GpuClaimScope (got "SHARED"; allowed: "PerPod", "Shared")');
  });

  it('is documented for the jsii languages in docs/python.md', () => {
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'python.md'), 'utf-8');
    expect(doc).toContain('EnumValue.of(');
    expect(doc).toContain('EnumValue.member_name(');
  });
});
