/**
 * The one place the admission engine evaluates CEL. Expressions are compiled once per policy
 * and kind (as the API server compiles a policy when it is created) and evaluated per
 * request. An expression that does not compile fails each time it is evaluated, like the
 * API server's patchers, which return the compilation errors as the mutation's error.
 */
import type { CelCheckOptions, CelEnvironment } from '../cel';
import { CelProgram } from '../cel/program';
import type { ICelAuthorizer } from '../cel/program';

/** A compiled expression: evaluate it with the admission variables. */
export interface CompiledExpression {
  evaluate(variables: Record<string, unknown>, authorizer?: ICelAuthorizer): unknown;
}

/** Compiles `expression` for `environment`; failures surface when it is evaluated. */
export function compileExpression(expression: string, environment: CelEnvironment, options: CelCheckOptions): CompiledExpression {
  let program: CelProgram;
  try {
    program = CelProgram.compile(String(expression), environment, { ...options, variables: options.variables ? [...options.variables] : undefined });
  } catch (e) {
    const message = `compilation failed: ${(e as Error).message.split('\n').filter((l) => l.trim()).slice(-1)[0]?.trim().replace(/^- /, '') ?? ''}`;
    return { evaluate: () => { throw new Error(message); } };
  }
  return { evaluate: (variables, authorizer) => program.evaluate(variables, authorizer ? { authorizer } : {}) };
}
