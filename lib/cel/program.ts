/**
 * The public face of the evaluator: {@link CelProgram} compiles (parse + type-check with
 * {@link checkCel}) once and evaluates many times.
 */
import { celViolations, checkCel } from './check';
import { declarations } from './environments';
import { Compiler, Fn } from './eval';
import type { EvalContext } from './eval-context';
import { AuthzValue, parseSemver, quantityOf } from './eval-k8s';
import { CelOptional, CostLimitExceeded, EvalErr, isPlain, resetConversions, toJs, toJsonValue } from './eval-values';
import { parseCel } from './parser';
import { SchemaMismatch, structuralValue } from './structural';
import { CelCheckOptions, CelCheckResult, CelEnvironment } from './types';
import { checkArguments } from '../base/arguments';
import { HaruValidationError } from '../base/errors';

/**
 * The runtime cost limit Kubernetes gives each expression: `PerCallLimit` in
 * k8s.io/apiserver pkg/apis/cel/config.go.
 */
export const CEL_PER_CALL_COST_LIMIT = 1_000_000;

/** Options for {@link CelProgram.compile}. */
export interface CelProgramOptions {
  /**
   * Catalog type name of `object`/`oldObject` (and the root of `Object{...}` literals),
   * e.g. 'io.k8s.api.core.v1.Pod'; fields are checked against it.
   * @default - dynamic: fields are not checked
   */
  readonly objectType?: string;
  /**
   * Whether `params` is declared (the policy sets `paramKind`).
   * @default false
   */
  readonly hasParams?: boolean;
  /**
   * Catalog type name of `params`.
   * @default - dynamic
   */
  readonly paramsType?: string;
  /**
   * Names of the policy variables declared before this expression (`variables.<name>`).
   * @default - none
   */
  readonly variables?: string[];
  /**
   * CRD rules: the OpenAPI v3 schema node `self` and `oldSelf` are typed by.
   * @default - dynamic
   */
  readonly selfSchema?: any;
  /**
   * CRD rules with `optionalOldSelf: true`: `oldSelf` is typed as an optional, and
   * `evaluate` passes `oldSelf` as `optional.of(...)` when given, `optional.none()` when not
   * (a create, or a value with no correlated old value).
   * @default false
   */
  readonly optionalOldSelf?: boolean;
  /**
   * Runtime cost limit of one evaluation.
   * @default CEL_PER_CALL_COST_LIMIT (1,000,000, the Kubernetes per-expression limit)
   */
  readonly costLimit?: number;
}

/** What an `authorizer` check asks (the attributes the expression built). */
export interface CelAuthorizationRequest {
  /** The verb passed to `check(verb)`. */
  readonly verb: string;
  /**
   * Non-resource path (`authorizer.path(p)`).
   * @default - a resource check
   */
  readonly path?: string;
  /**
   * API group (`authorizer.group(g)`).
   * @default - not set
   */
  readonly group?: string;
  /**
   * Resource (`.resource(r)`).
   * @default - not set
   */
  readonly resource?: string;
  /**
   * Subresource (`.subresource(s)`).
   * @default - not set
   */
  readonly subresource?: string;
  /**
   * Namespace (`.namespace(ns)`).
   * @default - not set
   */
  readonly namespace?: string;
  /**
   * Object name (`.name(n)`).
   * @default - not set
   */
  readonly name?: string;
  /**
   * Field selector (`.fieldSelector(s)`).
   * @default - not set
   */
  readonly fieldSelector?: string;
  /**
   * Label selector (`.labelSelector(s)`).
   * @default - not set
   */
  readonly labelSelector?: string;
  /**
   * User the check is made for: `system:serviceaccount:<ns>:<name>` after
   * `authorizer.serviceAccount(ns, name)`.
   * @default - the requesting user
   */
  readonly user?: string;
}

/** An authorizer's answer. */
export interface CelAuthorizationResult {
  /** `allowed`, `denied` or `no-opinion`. */
  readonly decision: string;
  /**
   * Reason given by the authorizer (`decision.reason()`).
   * @default ''
   */
  readonly reason?: string;
  /**
   * Error of the authorizer (`decision.error()`; `decision.errored()` is true when set);
   * named `errorMessage` because `error` is a reserved word in Go.
   * @default ''
   */
  readonly errorMessage?: string;
}

/** Decides the `authorizer` checks of admission expressions. */
export interface ICelAuthorizer {
  /** Answers one check. */
  authorize(request: CelAuthorizationRequest): CelAuthorizationResult;
}

/** Options of one evaluation. */
export interface CelEvaluateOptions {
  /**
   * Authorizer behind `authorizer` in admission expressions.
   * @default - an expression that calls `check(...)` fails
   */
  readonly authorizer?: ICelAuthorizer;
}

/**
 * An expression that failed while being evaluated; `message` is CEL's (cel-go's wording).
 * Instances are JavaScript `Error`s (`instanceof Error` holds, with a stack); the class is
 * declared without `extends Error` so that it stays a jsii-compatible type.
 */
export class CelEvaluationError {
  /** Always `CelEvaluationError`. */
  public readonly name: string;
  /** CEL's error message, e.g. `no such key: labels`. */
  public readonly message: string;
  /** The expression that failed. */
  public readonly expression: string;
  constructor(message: string, expression: string) {
    checkArguments('CelEvaluationError.constructor', undefined, [message, expression]);
    this.name = 'CelEvaluationError';
    this.message = message;
    this.expression = expression;
    (Error as unknown as { captureStackTrace?: (o: object, f: unknown) => void }).captureStackTrace?.(this, CelEvaluationError);
  }
}
Object.setPrototypeOf(CelEvaluationError.prototype, Error.prototype);

const CRD_ENVS: ReadonlySet<CelEnvironment> = new Set([CelEnvironment.CRD_VALIDATION_RULE, CelEnvironment.CRD_MESSAGE_EXPRESSION]);
const ADMISSION = new Set<string>([
  CelEnvironment.ADMISSION_MATCH_CONDITION, CelEnvironment.ADMISSION_VARIABLE,
  CelEnvironment.MUTATION_APPLY_CONFIGURATION, CelEnvironment.MUTATION_JSON_PATCH,
]);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

const DECLARED = new Map<string, ReadonlySet<string>>();
const NO_VARIABLES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
const NO_SLOTS: unknown[] = [];

/** Names of the variables `env` declares (memoised: one set per environment and options). */
function declaredNames(env: CelEnvironment, options: CelCheckOptions): ReadonlySet<string> {
  const key = `${env}|${options.hasParams || options.paramsType ? 1 : 0}|${(options.variables ?? []).length ? 1 : 0}`;
  let names = DECLARED.get(key);
  if (!names) {
    names = new Set(declarations(env, options).vars.keys());
    DECLARED.set(key, names);
  }
  return names;
}

/**
 * A compiled Kubernetes CEL expression.
 *
 * `CelProgram.compile(expression, environment)` parses and type-checks the expression
 * exactly as {@link checkCel} does and throws the library's validation error when it is
 * refused; `evaluate(variables)` runs it with cel-go's semantics and returns the
 * JavaScript value (null, boolean, number — or bigint for integers beyond 2^53 —,
 * string, Uint8Array, array, plain object for maps with string keys, Map otherwise;
 * timestamps, durations, quantities, ... as objects whose `toString()` is CEL's string
 * conversion). A failing evaluation throws {@link CelEvaluationError}.
 */
export class CelProgram {
  /**
   * Parses and type-checks `expression` for `environment` without throwing: the result lists
   * every problem with its position and hint. The same function as `checkCel`, as a static
   * method so that the jsii languages (Python, Java, Go, .NET) can call it too.
   */
  public static check(expression: string, environment: CelEnvironment, options: CelCheckOptions = {}): CelCheckResult {
    return checkCel(expression, environment, options);
  }

  /**
   * Parses and type-checks `expression` for `environment`.
   * @throws HaruValidationError when the expression does not compile (same message as checkCel)
   */
  public static compile(expression: string, environment: CelEnvironment, options: CelProgramOptions = {}): CelProgram {
    const checkOptions = {
      objectType: options.objectType,
      hasParams: options.hasParams,
      paramsType: options.paramsType,
      variables: options.variables,
      selfSchema: options.selfSchema,
      ...(options.optionalOldSelf === true ? { optionalOldSelf: true } : {}),
    };
    const result = checkCel(expression, environment, checkOptions);
    if (!result.ok) {
      throw new HaruValidationError('', celViolations('expression', expression, environment, checkOptions));
    }
    const compiler = new Compiler(expression, declaredNames(environment, checkOptions));
    const fn = compiler.compile(parseCel(expression));
    const p = new CelProgram(expression, environment, result.resultType ?? 'dyn', fn, compiler.slots, options.costLimit ?? CEL_PER_CALL_COST_LIMIT);
    if (options.selfSchema !== undefined && options.selfSchema !== null && CRD_ENVS.has(environment)) p.selfSchema = options.selfSchema;
    if (options.optionalOldSelf === true && CRD_ENVS.has(environment)) p.optionalOldSelf = true;
    return p;
  }

  /**
   * Compiles without refusing: the caller has decided the expression is accepted (the
   * admission engine checks it as the API server does, with `object` dynamic).
   * @internal
   */
  public static _compileAccepted(expression: string, environment: CelEnvironment, options: CelProgramOptions = {}): CelProgram {
    const checkOptions = { hasParams: options.hasParams, variables: options.variables };
    const result = checkCel(expression, environment, checkOptions);
    const compiler = new Compiler(expression, declaredNames(environment, checkOptions));
    const fn = compiler.compile(parseCel(expression));
    return new CelProgram(expression, environment, result.resultType ?? 'dyn', fn, compiler.slots, options.costLimit ?? CEL_PER_CALL_COST_LIMIT);
  }

  /** The expression. */
  public readonly expression: string;
  /** The environment it was compiled for. */
  public readonly environment: CelEnvironment;
  /** The type the checker inferred, e.g. `bool`, `list(JSONPatch)`, `Object`. */
  public readonly resultType: string;
  private readonly fn: Fn;
  private readonly slotCount: number;
  private readonly costLimit: number;
  private lastCost = 0;
  /** The structural schema `self` and `oldSelf` are converted by (CRD rules only). */
  private selfSchema?: any;
  /** `oldSelf` is passed as an optional (CRD rules with optionalOldSelf). */
  private optionalOldSelf = false;
  private readonly fallback?: (name: string, vars: Record<string, unknown>) => unknown;

  private constructor(expression: string, environment: CelEnvironment, resultType: string, fn: Fn, slots: number, costLimit: number) {
    this.expression = expression;
    this.environment = environment;
    this.resultType = resultType;
    this.fn = fn;
    this.slotCount = slots;
    this.costLimit = costLimit;
    if (ADMISSION.has(environment)) {
      this.fallback = (name, vars) => (name === 'authorizer' ? authorizerValue(vars) : undefined);
    }
  }

  /** Runtime cost of the last evaluation (the counter the cost limit applies to). */
  public get cost(): number {
    return this.lastCost;
  }

  /**
   * Evaluates the expression with `variables` (e.g. `{ object, oldObject, request }`).
   * @throws CelEvaluationError with CEL's message when evaluation fails
   */
  public evaluate(variables?: any, options?: CelEvaluateOptions): any {
    return toJs(this.run(variables, options));
  }

  /**
   * Evaluates like {@link evaluate} and returns the result as plain JSON, the form the jsii
   * languages can receive: large int and uint values become decimal strings, NaN and
   * ±Infinity the strings "NaN"/"Infinity"/"-Infinity", bytes base64, timestamps RFC 3339,
   * durations "1.5s", map keys strings, and quantity, ip, cidr and url values their string form.
   * @throws CelEvaluationError with CEL's message when evaluation fails
   */
  public evaluateJson(variables?: any, options?: CelEvaluateOptions): any {
    return toJsonValue(this.run(variables, options));
  }

  private run(variables: any, options: CelEvaluateOptions | undefined): unknown {
    let vars = (variables ?? NO_VARIABLES) as Record<string, unknown>;
    if (this.environment === CelEnvironment.DRA_DEVICE_SELECTOR && isPlain(vars.device)) {
      vars = { ...vars, device: celDevice(vars.device) };
    }
    const az = options?.authorizer;
    resetConversions();
    let native = false;
    if (this.selfSchema !== undefined) {
      // apiextensions-apiserver builds self and oldSelf from the object and its structural schema
      // (apiserver pkg/cel/common valuesunstructured.go UnstructuredToVal); data that does not fit
      // the schema is refused before any evaluation
      const conv: Record<string, unknown> = { ...vars };
      try {
        if (vars.self !== undefined) conv.self = structuralValue(vars.self, this.selfSchema, 'self');
        if (vars.oldSelf !== undefined && !(this.optionalOldSelf && vars.oldSelf === null)) conv.oldSelf = structuralValue(vars.oldSelf, this.selfSchema, 'oldSelf');
      } catch (e) {
        if (e instanceof SchemaMismatch) throw new CelEvaluationError(`the data does not fit selfSchema: ${e.message}`, this.expression);
        throw e;
      }
      vars = conv;
      native = true;
    }
    if (this.optionalOldSelf) {
      // validation.go validationActivationWithOldSelf: optional.of(oldSelf), or optional.none()
      vars = { ...vars, oldSelf: vars.oldSelf === undefined || vars.oldSelf === null ? CelOptional.NONE : new CelOptional(true, vars.oldSelf) };
    }
    const ctx: EvalContext = {
      vars,
      fallback: this.fallback,
      slots: this.slotCount ? new Array(this.slotCount) : NO_SLOTS,
      cost: 0,
      limit: this.costLimit,
      native,
      authorizer: az ? {
        checkResource: (r) => authorizeWith(az, r),
        checkPath: (r) => authorizeWith(az, r),
      } : undefined,
    };
    try {
      const out = this.fn(ctx);
      if (ctx.cost > ctx.limit) throw new CostLimitExceeded();
      this.lastCost = ctx.cost;
      return out;
    } catch (e) {
      this.lastCost = ctx.cost;
      if (e instanceof EvalErr || e instanceof CostLimitExceeded) throw new CelEvaluationError(e.message, this.expression);
      if (e instanceof RangeError) throw new CelEvaluationError('expression is nested too deeply to evaluate', this.expression);
      throw e;
    }
  }
}

/**
 * `device` of a DRA selector as the scheduler gives it to CEL
 * (k8s.io/dynamic-resource-allocation/cel compile.go): a ResourceSlice device's
 * `attributes` and `capacity` keyed by qualified name (`gpu.example.com/model`, or a bare
 * name in the driver's domain) become maps by domain and name, attribute values are
 * unwrapped from `{int|bool|string|version: ...}` (versions as semvers) and capacities
 * become quantities. A device already in that shape is left as it is.
 */
function celDevice(device: Record<string, unknown>): Record<string, unknown> {
  const driver = typeof device.driver === 'string' ? device.driver : '';
  const regroup = (m: unknown, value: (v: unknown) => unknown): unknown => {
    if (!isPlain(m)) return m;
    const out: Record<string, Record<string, unknown>> = {};
    for (const [k, v] of Object.entries(m)) {
      if (isPlain(v) && !isApiValue(v)) {
        // already grouped by domain
        out[k] = { ...(out[k] ?? {}), ...Object.fromEntries(Object.entries(v).map(([n, x]) => [n, value(x)])) };
        continue;
      }
      const slash = k.lastIndexOf('/');
      const domain = slash >= 0 ? k.slice(0, slash) : driver;
      const name = slash >= 0 ? k.slice(slash + 1) : k;
      (out[domain] ??= {})[name] = value(v);
    }
    return out;
  };
  return {
    ...device,
    attributes: regroup(device.attributes, (v) => {
      if (!isPlain(v)) return v;
      if (typeof v.version === 'string') return parseSemver(v.version, false);
      for (const k of ['int', 'bool', 'string']) if (v[k] !== undefined) return v[k];
      return v;
    }),
    capacity: regroup(device.capacity, (v) => {
      const text = isPlain(v) ? v.value : v;
      return typeof text === 'string' ? quantityOf(text) : typeof text === 'number' ? quantityOf(String(text)) : text;
    }),
  };
}

/** A DeviceAttribute (`{string: ...}`) or DeviceCapacity (`{value: ...}`) of the API. */
function isApiValue(v: Record<string, unknown>): boolean {
  const keys = Object.keys(v);
  return keys.length === 1 && ['int', 'bool', 'string', 'version', 'value'].includes(keys[0]);
}

/** Asks `az` one check, in the public field names (the library's attributes use the CEL method names). */
function authorizeWith(az: ICelAuthorizer, attrs: Record<string, unknown>): { decision: string; reason?: string; error?: string } {
  const { namespace, ...rest } = attrs;
  const r = az.authorize({ ...rest, ...(namespace !== undefined ? { namespace: namespace } : {}) } as CelAuthorizationRequest);
  return { decision: r.decision, reason: r.reason, error: r.errorMessage };
}

/** `authorizer` of admission expressions, with `requestResource` taken from `request`. */
function authorizerValue(vars: Record<string, unknown>): AuthzValue {
  const req = isPlain(vars.request) ? vars.request : {};
  const res = isPlain(req.resource) ? req.resource : {};
  return new AuthzValue('Authorizer', {
    requestResource: {
      group: str(res.group),
      version: str(res.version),
      resource: str(res.resource),
      subresource: str(req.subResource),
      namespace: str(req.namespace),
      name: str(req.name),
    },
  });
}
