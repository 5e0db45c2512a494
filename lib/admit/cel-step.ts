/**
 * The one place the admission engine evaluates CEL. Expressions are compiled once per policy
 * and kind (as the API server compiles a policy when it is created) and evaluated per
 * request. They are compiled as the server compiles them (apiserver@v0.36.0
 * pkg/admission/plugin/cel/compile.go `createEnvForOpts`: `object`, `oldObject` and `params`
 * are dynamic), so the schema-typed check never refuses an expression here. An expression
 * that does not compile fails each time it is evaluated, like the API server's evaluators,
 * which return the compilation errors as the expression's error.
 */
import { checkCelAsServer } from '../cel';
import type { CelCheckOptions, CelEnvironment } from '../cel';
import { CelProgram } from '../cel/program';
import type { ICelAuthorizer } from '../cel/program';

/** A compiled expression: evaluate it with the admission variables. */
export interface CompiledExpression {
  /** The compilation error, when the expression does not compile. */
  readonly compileError?: string;
  evaluate(variables: Record<string, unknown>, authorizer?: ICelAuthorizer): unknown;
}

/** Compiles `expression` for `environment`; failures surface when it is evaluated. */
export function compileExpression(expression: string, environment: CelEnvironment, options: CelCheckOptions): CompiledExpression {
  const src = typeof expression === 'string' ? expression : String(expression);
  let program: CelProgram;
  const hasParams = options.hasParams || options.paramsType !== undefined;
  const opts = { hasParams, variables: options.variables ? [...options.variables] : undefined };
  try {
    const r = checkCelAsServer(src, environment, opts);
    if (r.errors.length > 0) {
      const p = r.errors[0];
      throw new Error(`compilation failed: ERROR: <input>:${p.line}:${p.column}: ${p.message}`);
    }
    if (r.runtime.length > 0) {
      const message = `type mismatch: ${r.runtime[0].message}`;
      return { evaluate: () => { throw new Error(message); } };
    }
    program = CelProgram._compileAccepted(src, environment, opts);
  } catch (e) {
    const message = (e as Error).message.startsWith('compilation failed') ? (e as Error).message : `compilation failed: ${(e as Error).message}`;
    return { compileError: message, evaluate: () => { throw new Error(message); } };
  }
  return { evaluate: (variables, authorizer) => program.evaluate(variables, authorizer ? { authorizer } : {}) };
}

/**
 * Binds a policy's variables on `target` lazily, as the API server's composited variables
 * resolve them (cel/composition.go): each is evaluated with `scope` on its first read, once,
 * and an error surfaces only where the variable is read. `wrapError` turns an evaluation
 * error into what a reader sees (the validating plugin names the variable).
 */
export function bindLazyVariables(
  target: Record<string, unknown>,
  variables: ReadonlyArray<{ readonly name: string; readonly expr: CompiledExpression }>,
  scope: Record<string, unknown>,
  authorizer: ICelAuthorizer | undefined,
  wrapError: (name: string, error: unknown) => unknown = (_name, error) => error,
): void {
  for (const v of variables) {
    let done = false;
    let value: unknown;
    let err: unknown;
    Object.defineProperty(target, v.name, {
      enumerable: true,
      configurable: true,
      get: () => {
        if (!done) {
          done = true;
          try {
            value = v.expr.evaluate(scope, authorizer);
          } catch (e) {
            err = wrapError(v.name, e);
          }
        }
        if (err) throw err;
        return value;
      },
    });
  }
}
