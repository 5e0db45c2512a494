import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * Lets constructs that do not own an ApiObject (workload hardening, GPU claim wiring) change
 * what it renders, in one well-defined order:
 *
 *   1. the ApiObject renders itself (without the user's JSON patches);
 *   2. every registered transform runs, in registration order;
 *   3. the user's `addJsonPatch` patches apply, so they can still address what (2) added;
 *   4. every registered final check runs on the result, so a patch cannot slip past them.
 *
 * There is one wrapper per ApiObject however many constructs register, so transforms never
 * see each other's half-finished output and the checks always see the final object.
 */
export interface RenderHooks {
  /** Transforms of the rendered object (before the user's patches); each returns the new object. */
  readonly transforms: Array<(json: any) => any>;
  /** Checks of the final object (after the user's patches); they throw to fail the synth. */
  readonly finalChecks: Array<(json: any) => void>;
}

const HOOKS = new WeakMap<ApiObject, RenderHooks>();

/** True when render hooks were installed on `api`. */
export function hasRenderHooks(api: ApiObject): boolean {
  return HOOKS.has(api);
}

/** The render hooks of `api`, installed on first use. */
export function renderHooks(api: ApiObject): RenderHooks {
  let hooks = HOOKS.get(api);
  if (hooks) return hooks;
  const created: RenderHooks = { transforms: [], finalChecks: [] };
  hooks = created;
  HOOKS.set(api, created);
  const original = api.toJson.bind(api);
  // cdk8s keeps the patches in a private field and applies them inside toJson(); hold them
  // back while the transforms run, then apply them ourselves.
  const holder = api as unknown as { patches?: JsonPatch[] };
  api.toJson = () => {
    const patches = Array.isArray(holder.patches) ? holder.patches : [];
    holder.patches = [];
    let json: any;
    try {
      json = original();
    } finally {
      holder.patches = patches;
    }
    for (const t of created.transforms) json = t(json);
    const final = patches.length ? JsonPatch.apply(json, ...patches) : json;
    for (const c of created.finalChecks) c(final);
    return final;
  };
  return created;
}
