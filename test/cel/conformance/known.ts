/**
 * Where Kubernetes 1.36 answers differently from the plain CEL the conformance suite
 * assumes (the expectation is flipped, with the reason), and the cases on which lib/cel
 * knowingly disagrees with Kubernetes (the expectation stays; the reason says why).
 */

const HOMOGENEOUS = 'Kubernetes enables homogeneous aggregate literals (environment/base.go cel.HomogeneousAggregateLiterals + ValidateHomogeneousAggregateLiterals): mixed-type list/map literals are refused';
const FORMAT_V2 = 'Kubernetes uses ext.Strings version 2, whose format validator (cel-go ext/formatting.go stringFormatValidator) accepts only double/string for %f and %e and only int/uint for %d; the suite follows the version-4 formatter';
const REVERSE_V3 = 'string.reverse() arrived in ext.Strings version 3; Kubernetes 1.36 uses version 2';
const LITERAL_RANGE = 'Kubernetes validates duration and timestamp literals at compile time (cel.ValidateDurationLiterals / ValidateTimestampLiterals); the suite evaluates them to a range error';

/** cel-spec case id → why Kubernetes 1.36 decides the other way. */
export const KUBERNETES_DIFFERS: Readonly<Record<string, string>> = {
  'comparisons/eq_literal/not_eq_list_null': HOMOGENEOUS,
  'comparisons/eq_literal/eq_list_mixed_type_numbers': HOMOGENEOUS,
  'comparisons/eq_literal/not_eq_list_mixed_type_numbers': HOMOGENEOUS,
  'comparisons/eq_literal/not_eq_list_false_vs_types': HOMOGENEOUS,
  'comparisons/eq_literal/not_eq_map_null': HOMOGENEOUS,
  'comparisons/eq_literal/eq_map_mixed_type_numbers': HOMOGENEOUS,
  'comparisons/eq_literal/not_eq_map_false_vs_types': HOMOGENEOUS,
  'comparisons/eq_literal/eq_map_value_mixed_types': HOMOGENEOUS,
  'comparisons/eq_literal/not_eq_list_elem_null': HOMOGENEOUS,
  'comparisons/eq_literal/not_eq_map_value_null': HOMOGENEOUS,
  'comparisons/in_list_literal/elem_in_mixed_type_list': HOMOGENEOUS,
  'comparisons/in_list_literal/elem_in_mixed_type_list_cross_type': HOMOGENEOUS,
  'comparisons/in_map_literal/key_in_mixed_key_type_map': HOMOGENEOUS,
  'comparisons/in_map_literal/key_in_mixed_key_type_map_cross_type': HOMOGENEOUS,
  'conversions/dyn/dyn_heterogeneous_list': HOMOGENEOUS,
  'macros/exists/list_elem_type_shortcircuit': HOMOGENEOUS,
  'macros/exists/list_elem_type_exhaustive': HOMOGENEOUS,
  'macros/exists/map_key_type_shortcircuit': HOMOGENEOUS,
  'macros/exists/map_key_type_exhaustive': HOMOGENEOUS,
  'macros/all/list_elem_type_shortcircuit': HOMOGENEOUS,
  'macros/all/list_elem_type_exhaustive': HOMOGENEOUS,
  'macros2/exists/list_elem_type_shortcircuit': HOMOGENEOUS,
  'macros2/exists/list_elem_type_exhaustive': HOMOGENEOUS,
  'macros2/exists/map_key_type_shortcircuit': HOMOGENEOUS,
  'macros2/exists/map_key_type_exhaustive': HOMOGENEOUS,
  'macros2/all/list_elem_type_shortcircuit': HOMOGENEOUS,
  'macros2/all/list_elem_type_exhaustive': HOMOGENEOUS,
  'macros2/all/list_elem_type_error_exhaustive': HOMOGENEOUS,
  'optionals/optionals/optional_chaining_13': HOMOGENEOUS,
  'optionals/optionals/map_key_mixed_type_optindex_value': HOMOGENEOUS,
  'optionals/optionals/map_key_mixed_numbers_double_key_optindex_value': HOMOGENEOUS,
  'optionals/optionals/map_key_mixed_numbers_uint_key_optindex_value': HOMOGENEOUS,
  'optionals/optionals/map_key_mixed_numbers_int_key_optindex_value': HOMOGENEOUS,
  'string_ext/format/default precision for fixed-point clause with int': FORMAT_V2,
  'string_ext/format/default precision for fixed-point clause with uint': FORMAT_V2,
  'string_ext/format/default precision for scientific notation with int': FORMAT_V2,
  'string_ext/format/default precision for scientific notation with uint': FORMAT_V2,
  'string_ext/format/NaN support for decimal': FORMAT_V2,
  'string_ext/format/positive infinity support for decimal': FORMAT_V2,
  'string_ext/format/negative infinity support for decimal': FORMAT_V2,
  'string_ext/reverse/empty': REVERSE_V3,
  'string_ext/reverse/single_character': REVERSE_V3,
  'string_ext/reverse/multiple': REVERSE_V3,
  'timestamps/timestamp_range/from_string_under': LITERAL_RANGE,
  'timestamps/timestamp_range/from_int_under': LITERAL_RANGE,
  'timestamps/timestamp_range/from_string_over': LITERAL_RANGE,
  'timestamps/timestamp_range/from_int_over': LITERAL_RANGE,
  'timestamps/duration_range/from_string_under': LITERAL_RANGE,
  'timestamps/duration_range/from_string_over': LITERAL_RANGE,
  'timestamps/duration_range/add_under': LITERAL_RANGE,
  'timestamps/duration_range/add_over': LITERAL_RANGE,
  'timestamps/duration_range/sub_under': LITERAL_RANGE,
  'timestamps/duration_range/sub_over': LITERAL_RANGE,
  'type_deduction/flexible_type_parameter_assignment/optional_dyn_promotion': HOMOGENEOUS,
  'type_deduction/flexible_type_parameter_assignment/optional_dyn_promotion_2': HOMOGENEOUS,
  'type_deduction/legacy_nullable_types/null_assignable_to_abstract_parameter_candidate': HOMOGENEOUS,
  'cost_test.go/case 60': HOMOGENEOUS,
  'cost_test.go/case 61': HOMOGENEOUS,
  'cost_test.go/case 62': HOMOGENEOUS,
  'cost_test.go/case 63': HOMOGENEOUS,
  'cost_test.go/case 64': HOMOGENEOUS,
  'cost_test.go/case 67': HOMOGENEOUS,
  'cost_test.go/case 68': HOMOGENEOUS,
  'cost_test.go/case 73': HOMOGENEOUS,
  'cost_test.go/case 74': HOMOGENEOUS,
  'cost_test.go/case 75': HOMOGENEOUS,
  'cost_test.go/case 76': HOMOGENEOUS,
  'cost_test.go/case 79': HOMOGENEOUS,
  'cost_test.go/case 80': HOMOGENEOUS,
  'cost_test.go/case 86': HOMOGENEOUS,
  'cost_test.go/case 87': HOMOGENEOUS,
  'cost_test.go/case 88': HOMOGENEOUS,
  'cost_test.go/case 89': HOMOGENEOUS,
  'cost_test.go/case 93': HOMOGENEOUS,
  'cost_test.go/case 94': HOMOGENEOUS,
};

/** Case id → why lib/cel's answer differs from the expectation. */
export const DISAGREEMENTS: Readonly<Record<string, string>> = {
};
