export {
  ReinvocationPolicy, MatchPolicy, RuleScope, ParameterNotFoundAction, SelectorOperator,
  ResourceRule, ParamKind, ParamRef,
} from './match';
export type { SelectorRequirement, PolicyLabelSelector, ResourceRuleProps, ParamRefOptions, MatchCondition, PolicyVariable } from './match';
export { CelValue } from './cel-value';
export { Mutation, PatchOperation } from './mutation';
export type { ResourceValues, SidecarProps, DefaultResourcesProps, HardenPodsProps } from './mutation';
export { MutatingPolicy, MutatingPolicyBinding } from './policy';
export type { MatchOptions, MutatingPolicyBindingOptions, MutatingPolicyBindingProps, MutatingPolicyProps } from './policy';
export { Validation, ValidationReason } from './validation';
export type { ValidationExpressionProps } from './validation';
export { ValidatingPolicy, ValidatingPolicyBinding, ValidationAction } from './validating-policy';
export type { AuditAnnotation, ValidatingMatchOptions, ValidatingPolicyBindingOptions, ValidatingPolicyBindingProps, ValidatingPolicyProps } from './validating-policy';
