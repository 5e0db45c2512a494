import { API_SCHEMA } from './api-schema.generated';
import { HaruValidationError, renderValue } from './errors';

/**
 * The Kubernetes (wire) value of an enum member, in every language.
 *
 * In TypeScript and JavaScript an enum member is its wire value already
 * (`GpuClaimScope.SHARED === 'Shared'`). In Python, Java, Go and .NET jsii makes each enum
 * a native enum whose members carry only their name: Python's `GpuClaimScope.SHARED.value`
 * is `"SHARED"`, not `"Shared"`. The library always receives the wire value; this class
 * gives it back to the caller, for every public enum of the library, so that code that
 * compares with YAML or writes it elsewhere need not keep its own table.
 *
 * @example
 * EnumValue.of(GpuClaimScope.SHARED); // 'Shared'
 * EnumValue.memberName('GpuClaimScope', 'Shared'); // 'SHARED'
 */
export class EnumValue {
  /**
   * The wire value of a member of any enum of this library (`'Shared'` for
   * `GpuClaimScope.SHARED`). Refuses anything that is not a member.
   *
   * @param member an enum member, e.g. `GpuClaimScope.SHARED`
   */
  public static of(member: any): string {
    const found = Object.values(API_SCHEMA.enums).some((members) => members.some(([, v]) => v === member));
    if (!found) {
      const byName = Object.entries(API_SCHEMA.enums).flatMap(([e, ms]) => ms.filter(([m]) => m === member).map(([m]) => `${e}.${m}`));
      throw new HaruValidationError('EnumValue.of', [{
        checkId: 'api/wrong-type',
        field: 'member',
        problem: 'is not a member of an enum of cdk8s-haru',
        got: renderValue(member),
        allowed: 'an enum member, e.g. GpuClaimScope.SHARED',
        fix: byName.length
          ? `Pass the member itself (${byName.slice(0, 3).join(', ')}), not its name as a string`
          : 'Pass an enum member of this library, e.g. GpuClaimScope.SHARED',
      }]);
    }
    return String(member);
  }

  /**
   * The member name for a wire value of one enum (`'SHARED'` for `'GpuClaimScope'`,
   * `'Shared'`): the name to look the member up with in the jsii languages
   * (`GpuClaimScope[EnumValue.member_name("GpuClaimScope", "Shared")]` in Python).
   *
   * @param enumName the enum's name, e.g. `'GpuClaimScope'`
   * @param wireValue the Kubernetes value, e.g. `'Shared'`
   */
  public static memberName(enumName: string, wireValue: string): string {
    const members = Object.prototype.hasOwnProperty.call(API_SCHEMA.enums, enumName) ? API_SCHEMA.enums[enumName] : undefined;
    if (!members) {
      throw new HaruValidationError('EnumValue.memberName', [{
        checkId: 'api/wrong-type',
        field: 'enumName',
        problem: 'is not an enum of cdk8s-haru',
        got: renderValue(enumName),
        allowed: Object.keys(API_SCHEMA.enums).sort().join(', '),
        fix: 'Pass the enum name as it is exported, e.g. "GpuClaimScope"',
      }]);
    }
    const hit = members.find(([, v]) => String(v) === wireValue);
    if (!hit) {
      throw new HaruValidationError('EnumValue.memberName', [{
        checkId: 'api/wrong-type',
        field: 'wireValue',
        problem: `is not a value of ${enumName}`,
        got: renderValue(wireValue),
        allowed: members.map(([, v]) => renderValue(v)).join(', '),
        fix: `Use one of the values of ${enumName}`,
      }]);
    }
    return hit[0];
  }

  private constructor() {}
}
