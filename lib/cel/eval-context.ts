/**
 * The state one CEL evaluation carries and the shape of a runtime function, shared by the
 * standard library (./eval-lib), the Kubernetes libraries (./eval-k8s) and the evaluator.
 */

/** Kubernetes authorizer checks (`authorizer.group(...).resource(...).check(verb)`). */
export interface CelAuthorizerLike {
  /** Decides a resource request; returns `allowed`, `denied` or `no-opinion` with a reason. */
  checkResource(request: Record<string, unknown>): { decision: string; reason?: string; error?: string };
  /** Decides a non-resource request (`authorizer.path(p).check(verb)`). */
  checkPath(request: Record<string, unknown>): { decision: string; reason?: string; error?: string };
}

/** State of one evaluation. */
export interface EvalContext {
  /** Variables handed in by the caller (converted on access). */
  readonly vars: Record<string, unknown>;
  /** Comprehension variables. */
  readonly slots: unknown[];
  /** Cost so far. */
  cost: number;
  /** Cost limit. */
  readonly limit: number;
  /** Values of variables the caller did not give (e.g. `authorizer`), made on first use. */
  readonly fallback?: (name: string, vars: Record<string, unknown>) => unknown;
  /** Whether `vars` already hold CEL values (no conversion from JavaScript). */
  readonly native?: boolean;
  /** The authorizer behind `authorizer`, when given. */
  readonly authorizer?: CelAuthorizerLike;
}

/** A runtime function: receives the arguments (the receiver first for methods). */
export type Impl = (c: EvalContext, args: unknown[]) => unknown;
