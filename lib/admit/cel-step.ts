/**
 * The one place the admission engine evaluates CEL. Expressions are compiled once per policy
 * (as the API server compiles a policy when it is created) and evaluated per request.
 */
import type { CelCheckOptions, CelEnvironment } from '../cel';

/** A compiled expression: evaluate it with the admission variables. */
export interface CompiledExpression {
  evaluate(variables: Record<string, unknown>): unknown;
}

/** An expression that could not be compiled or evaluated. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Compiles `expression` for `environment`; failures surface when it is evaluated. */
export function compileExpression(expression: string, _environment: CelEnvironment, _options: CelCheckOptions): CompiledExpression {
  const text = String(expression);
  return {
    evaluate: () => {
      throw new ExpressionError(`cannot evaluate ${JSON.stringify(text.length > 60 ? text.slice(0, 57) + '...' : text)}: this version of cdk8s-haru has no CEL evaluator`);
    },
  };
}
