/**
 * Which requests a policy or binding applies to, following
 * k8s.io/apiserver/pkg/admission/plugin/policy/matching/matching.go and the webhook
 * predicates it uses (namespace, object and rules matchers): the namespace selector (ignored
 * for cluster-scoped objects other than Namespaces), the object selector, excluded resource
 * rules, then the resource rules — with `matchPolicy: Equivalent` also trying the other
 * served versions of the same group and resource.
 */
import { lookupKind, servedVersions, splitApiVersion } from '../schema';

/** The request attributes matching looks at. */
export interface RequestAttributes {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural resource name (`pods`). */
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
  readonly operation: string;
  readonly object: any;
  readonly oldObject: any;
  readonly namespaced: boolean;
}

/** The outcome of matching one set of match resources. */
export interface MatchOutcome {
  readonly matches: boolean;
  /** The version the rules matched (differs from the request's under `Equivalent`). */
  readonly version?: string;
  readonly error?: string;
}

/** Resource names that the plural-guessing rule gets wrong in 1.36. */
const IRREGULAR_RESOURCES: Record<string, string> = { Endpoints: 'endpoints' };

/** The plural resource name of a built-in kind (the REST mapper's rule, checked against the 1.36 paths). */
export function resourceFor(kind: string): string {
  if (IRREGULAR_RESOURCES[kind]) return IRREGULAR_RESOURCES[kind];
  const l = kind.toLowerCase();
  if (l.endsWith('s')) return `${l}es`;
  if (l.endsWith('y')) return `${l.slice(0, -1)}ies`;
  return `${l}s`;
}

/** Builds request attributes for `object` (namespaced objects without a namespace go to `default`). */
export function requestAttributes(object: any, oldObject: any, operation: string): RequestAttributes {
  const apiVersion = String(object?.apiVersion ?? oldObject?.apiVersion ?? '');
  const kind = String(object?.kind ?? oldObject?.kind ?? '');
  const { group, version } = splitApiVersion(apiVersion);
  const known = lookupKind(apiVersion, kind);
  const namespaced = known ? known.namespaced : typeof object?.metadata?.namespace === 'string';
  const meta = object?.metadata ?? oldObject?.metadata ?? {};
  return {
    group,
    version,
    kind,
    resource: resourceFor(kind),
    namespace: namespaced ? String(meta.namespace ?? 'default') : '',
    name: String(meta.name ?? ''),
    operation,
    object,
    oldObject,
    namespaced,
  };
}

/** Evaluates a metav1.LabelSelector against labels; `undefined` selects everything. */
export function selectorMatches(selector: any, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const values: string[] = r.values ?? [];
    switch (r.operator) {
      case 'In': if (!has || !values.includes(labels[r.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[r.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new Error(`${JSON.stringify(r.operator)} is not a valid label selector operator`);
    }
  }
  return true;
}

function isEmptySelector(selector: any): boolean {
  return !selector || ((selector.matchLabels === undefined || Object.keys(selector.matchLabels).length === 0)
    && (selector.matchExpressions === undefined || selector.matchExpressions.length === 0));
}

function labelsOf(obj: any): Record<string, string> {
  const l = obj?.metadata?.labels;
  return l && typeof l === 'object' ? l : {};
}

function splitResource(r: string): [string, string] {
  const i = r.indexOf('/');
  return i < 0 ? [r, ''] : [r.slice(0, i), r.slice(i + 1)];
}

/** One rule against the request (webhook predicates/rules): operations, group, version, resource, scope. */
function ruleMatches(rule: any, a: RequestAttributes, version: string): boolean {
  const ops: string[] = rule.operations ?? [];
  if (!ops.includes('*') && !ops.includes(a.operation)) return false;
  const groups: string[] = rule.apiGroups ?? [];
  if (!groups.includes('*') && !groups.includes(a.group)) return false;
  const versions: string[] = rule.apiVersions ?? [];
  if (!versions.includes('*') && !versions.includes(version)) return false;
  const resources: string[] = rule.resources ?? [];
  const resourceOk = resources.some((r) => {
    const [res, sub] = splitResource(r);
    return (res === '*' || res === a.resource) && (sub === '*' || sub === '');
  });
  if (!resourceOk) return false;
  const scope = rule.scope ?? '*';
  const isNamespaceObject = a.group === '' && a.resource === 'namespaces';
  if (scope === 'Namespaced') return !isNamespaceObject && a.namespaced;
  if (scope === 'Cluster') return isNamespaceObject || !a.namespaced;
  return true;
}

function nameMatches(rule: any, a: RequestAttributes): boolean {
  const names: string[] = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(a.name);
}

function matchesRules(rules: any[], matchPolicy: string | undefined, a: RequestAttributes): { matches: boolean; version?: string } {
  for (const rule of rules) {
    if (ruleMatches(rule, a, a.version) && nameMatches(rule, a)) return { matches: true, version: a.version };
  }
  // The API defaults matchPolicy to Equivalent; only Exact skips equivalent versions.
  if (matchPolicy === 'Exact') return { matches: false };
  const others = servedVersions(a.group, a.kind).filter((v) => v !== a.version);
  for (const rule of rules) {
    for (const v of others) {
      if (ruleMatches(rule, a, v) && nameMatches(rule, a)) return { matches: true, version: v };
    }
  }
  return { matches: false };
}

/**
 * Matches `a` against a MatchResources (`matchConstraints` or a binding's `matchResources`).
 * `namespaceLabels` gives the labels of the request's namespace, or undefined when it does
 * not exist.
 */
export function matchResources(mr: any, a: RequestAttributes, namespaceLabels: Record<string, string> | undefined): MatchOutcome {
  const m = mr ?? {};
  let nsError: string | undefined;
  let nsMatch = true;
  const isNamespaceObject = a.group === '' && a.resource === 'namespaces';
  if (!isEmptySelector(m.namespaceSelector) && (a.namespace !== '' || isNamespaceObject)) {
    const labels = isNamespaceObject ? { ...labelsOf(a.object ?? a.oldObject), 'kubernetes.io/metadata.name': a.name } : namespaceLabels;
    if (labels === undefined) {nsError = `namespaces ${JSON.stringify(a.namespace)} not found`;} else {
      try {
        nsMatch = selectorMatches(m.namespaceSelector, labels);
      } catch (e) {
        nsError = (e as Error).message;
      }
    }
  }
  if (!nsMatch) return { matches: false };
  let objMatch = true;
  let objError: string | undefined;
  if (!isEmptySelector(m.objectSelector)) {
    try {
      objMatch = (a.object != null && selectorMatches(m.objectSelector, labelsOf(a.object)))
        || (a.oldObject != null && selectorMatches(m.objectSelector, labelsOf(a.oldObject)));
    } catch (e) {
      objError = (e as Error).message;
    }
  }
  if (!objMatch && !objError) return { matches: false };
  if ((m.excludeResourceRules ?? []).length && matchesRules(m.excludeResourceRules, m.matchPolicy, a).matches) return { matches: false };
  const rules: any[] = m.resourceRules ?? [];
  const r = rules.length === 0 ? { matches: true, version: a.version } : matchesRules(rules, m.matchPolicy, a);
  if (!r.matches) return { matches: false };
  if (nsError) return { matches: false, error: nsError };
  if (objError) return { matches: false, error: objError };
  return { matches: true, version: r.version };
}
