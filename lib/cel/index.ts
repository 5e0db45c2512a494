/**
 * The one place that compiles and type-checks Kubernetes CEL.
 *
 * CONTRACT (other modules depend on these signatures):
 *
 *   checkCel(expression, env, options?) -> CelCheckResult
 *   celViolations(field, expression, env, options?) -> Violation[]   (DESIGN.md message shape)
 *   applyConfigurationFieldPaths(expression) -> string[][]
 *        every field path an ApplyConfiguration expression sets through Object{...} literals,
 *        e.g. [['spec','initContainers'], ['spec','initContainers','name'], ...]; used by the
 *        MutatingPolicy atomic-field guard together with lib/schema.
 */
export * from './types';
export * from './check';
