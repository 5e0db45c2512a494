import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import {
  apfMaxHandSize, apfRequiredEntropyBits, checkFlowSchema, checkPriorityLevelConfiguration,
} from '../../lib/check/flowcontrol';
import { checkObject } from '../../lib/check/registry';
import { expectValid } from '../support/oracle';

const API = 'flowcontrol.apiserver.k8s.io/v1';

function flowSchema(): any {
  return {
    apiVersion: API,
    kind: 'FlowSchema',
    metadata: { name: 'ci-bots' },
    spec: {
      priorityLevelConfiguration: { name: 'ci' },
      matchingPrecedence: 500,
      distinguisherMethod: { type: 'ByUser' },
      rules: [{
        subjects: [
          { kind: 'Group', group: { name: 'ci' } },
          { kind: 'User', user: { name: 'bot' } },
          { kind: 'ServiceAccount', serviceAccount: { namespace: 'ci', name: '*' } },
        ],
        resourceRules: [
          { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods', 'pods/log'], namespaces: ['ci', 'ci-2'] },
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true },
        ],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/', '/healthz', '/apis/*'] }],
      }],
    },
  };
}

function level(): any {
  return {
    apiVersion: API,
    kind: 'PriorityLevelConfiguration',
    metadata: { name: 'ci' },
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 20,
        lendablePercent: 50,
        borrowingLimitPercent: 200,
        limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 6, queueLengthLimit: 50 } },
      },
    },
  };
}

/** Formatted messages of the checker for a mutated copy of a base object. */
function fsMessages(mutate: (o: any) => void): string[] {
  const o = flowSchema();
  mutate(o);
  return checkFlowSchema(o).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}
function plcMessages(mutate: (o: any) => void): string[] {
  const o = level();
  mutate(o);
  return checkPriorityLevelConfiguration(o).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}
const has = (text: string) => expect.arrayContaining([expect.stringContaining(text)]);

describe('valid objects', () => {
  it('accepts a FlowSchema using every rule form', async () => {
    expect(checkFlowSchema(flowSchema())).toEqual([]);
    await expectValid(flowSchema());
  });
  it('accepts a Limited level with queuing, lending and borrowing', async () => {
    expect(checkPriorityLevelConfiguration(level())).toEqual([]);
    await expectValid(level());
  });
  it('accepts a Reject level and 0 nominal shares (allowed since v1)', () => {
    expect(plcMessages((o) => {
      o.spec.limited = { nominalConcurrencyShares: 0, limitResponse: { type: 'Reject' } };
    })).toEqual([]);
  });
  it('is registered for both kinds in checkObject', () => {
    const bad = flowSchema();
    bad.spec.matchingPrecedence = 20000;
    expect(checkObject(bad).map((v) => v.checkId)).toContain('flowcontrol/precedence');
    const badPlc = level();
    badPlc.spec.limited.lendablePercent = 101;
    expect(checkObject(badPlc).map((v) => v.checkId)).toContain('flowcontrol/lendable');
  });
  it('never throws on garbage', () => {
    for (const junk of [null, 1, 'x', [], { apiVersion: API, kind: 'FlowSchema', spec: 5 }, { kind: 'PriorityLevelConfiguration', spec: { type: 'Limited', limited: 3 } }]) {
      expect(() => checkFlowSchema(junk)).not.toThrow();
      expect(() => checkPriorityLevelConfiguration(junk)).not.toThrow();
    }
  });
});

describe('names', () => {
  it('fails when the FlowSchema name is not a DNS-1123 subdomain', () => {
    expect(fsMessages((o) => { o.metadata.name = 'CI_Bots'; })).toEqual([
      "[flowcontrol/name] metadata.name: must be a DNS-1123 subdomain (got \"CI_Bots\"; allowed: lower-case a-z, 0-9, '-' and '.', starting and ending with a letter or digit). Use e.g. \"ci-bots\".",
    ]);
  });
  it('fails when the level name is not a DNS-1123 subdomain', () => {
    expect(plcMessages((o) => { o.metadata.name = 'ci level'; })).toEqual(has('[flowcontrol/name] metadata.name: must be a DNS-1123 subdomain'));
  });
  it('fails when there is neither name nor generateName', () => {
    expect(fsMessages((o) => { delete o.metadata.name; })).toEqual(has('metadata.name: name or generateName is required'));
    expect(plcMessages((o) => { o.metadata = { generateName: 'ci-' }; })).toEqual([]);
  });
  // upstream: ValidateIfMandatoryFlowSchema / ValidateIfMandatoryPriorityLevelConfigurationObject
  // (pkg/apis/flowcontrol/validation/validation.go): field.Invalid(spec, "spec of '<name>' must equal the fixed value").
  it.each(['exempt', 'catch-all'])('fails when a FlowSchema named %s (mandatory object) has another spec', (name) => {
    const o = flowSchema();
    o.metadata.name = name;
    const vs = checkFlowSchema(o).filter((v) => v.checkId === 'flowcontrol/mandatory-name');
    expect(vs.map((v) => `[${v.checkId}] ${formatViolation(v)}`)).toEqual([
      `[flowcontrol/mandatory-name] spec: spec of '${name}' must equal the fixed value: ${name} is a mandatory FlowSchema the API server maintains (got "${name}"; allowed: any name except exempt, catch-all, or exactly the built-in spec). Pick another name for your FlowSchema.`,
    ]);
    expect(severityOf('flowcontrol/mandatory-name')).toBe('error');
  });
  it.each(['exempt', 'catch-all'])('fails when a level is named %s (mandatory object) with another spec', (name) => {
    expect(plcMessages((o) => { o.metadata.name = name; })).toEqual(has(`spec: spec of '${name}'`));
  });
  it('accepts the exempt level with its own spec.exempt (the one field an admin may change)', () => {
    const o = { apiVersion: API, kind: 'PriorityLevelConfiguration', metadata: { name: 'exempt' }, spec: { type: 'Exempt', exempt: { nominalConcurrencyShares: 10, lendablePercent: 20 } } };
    expect(checkObject(o)).toEqual([]);
  });
  it('fails when the exempt level carries anything besides type and exempt', () => {
    const o = { apiVersion: API, kind: 'PriorityLevelConfiguration', metadata: { name: 'exempt' }, spec: { type: 'Exempt', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } } };
    expect(checkObject(o).map((v) => `[${v.checkId}] ${formatViolation(v)}`)).toEqual(has("spec: spec of 'exempt' except the 'spec.exempt' field must equal the fixed value"));
  });
  it('fails when the catch-all level leaves nominalConcurrencyShares to its default (30, not 5)', () => {
    const o = { apiVersion: API, kind: 'PriorityLevelConfiguration', metadata: { name: 'catch-all' }, spec: { type: 'Limited', limited: { limitResponse: { type: 'Reject' } } } };
    expect(checkObject(o).map((v) => v.checkId)).toContain('flowcontrol/mandatory-name');
  });
  it('fails when the catch-all FlowSchema leaves matchingPrecedence to its default (1000, not 10000)', () => {
    const o = {
      apiVersion: API,
      kind: 'FlowSchema',
      metadata: { name: 'catch-all' },
      spec: {
        priorityLevelConfiguration: { name: 'catch-all' },
        distinguisherMethod: { type: 'ByUser' },
        rules: [{ subjects: [{ kind: 'Group', group: { name: 'system:unauthenticated' } }, { kind: 'Group', group: { name: 'system:authenticated' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }] }],
      },
    };
    expect(checkObject(o).map((v) => v.checkId)).toContain('flowcontrol/mandatory-name');
  });
  // k8s.io/apiserver pkg/apis/flowcontrol/bootstrap/default.go: the mandatory objects, transcribed.
  const EVERYTHING = {
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
  };
  it('accepts the mandatory FlowSchemas with exactly their built-in spec (bootstrap/default.go)', () => {
    const exempt = {
      apiVersion: API,
      kind: 'FlowSchema',
      metadata: { name: 'exempt' },
      spec: {
        matchingPrecedence: 1, priorityLevelConfiguration: { name: 'exempt' }, rules: [{ subjects: [{ kind: 'Group', group: { name: 'system:masters' } }], ...EVERYTHING }],
      },
    };
    const catchAll = {
      apiVersion: API,
      kind: 'FlowSchema',
      metadata: { name: 'catch-all' },
      spec: {
        matchingPrecedence: 10000,
        priorityLevelConfiguration: { name: 'catch-all' },
        distinguisherMethod: { type: 'ByUser' },
        rules: [{ subjects: [{ kind: 'Group', group: { name: 'system:unauthenticated' } }, { kind: 'Group', group: { name: 'system:authenticated' } }], ...EVERYTHING }],
      },
    };
    expect(checkObject(exempt)).toEqual([]);
    expect(checkObject(catchAll)).toEqual([]);
  });
  it('accepts the mandatory catch-all level with its built-in spec (lendablePercent defaulted to 0)', () => {
    const o = {
      apiVersion: API,
      kind: 'PriorityLevelConfiguration',
      metadata: { name: 'catch-all' },
      spec: {
        type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } },
      },
    };
    expect(checkObject(o)).toEqual([]);
  });
  it('accepts the exempt level with its spec.exempt knobs changed (the ensurer keeps them: pkg/registry/flowcontrol/ensurer)', () => {
    const o = {
      apiVersion: API,
      kind: 'PriorityLevelConfiguration',
      metadata: { name: 'exempt' },
      spec: {
        type: 'Exempt', exempt: { nominalConcurrencyShares: 10, lendablePercent: 50 },
      },
    };
    expect(checkObject(o)).toEqual([]);
  });
  it.each(['system', 'node-high', 'leader-election', 'workload-high', 'workload-low', 'global-default'])('fails when a level is named %s (suggested object, auto-updated)', (name) => {
    expect(plcMessages((o) => { o.metadata.name = name; })).toEqual([
      `[flowcontrol/suggested-name] metadata.name: names a suggested PriorityLevelConfiguration that the API server maintains: while annotation apf.kubernetes.io/autoupdate-spec is "true" (or absent on an object that was never changed after creation) it is auto-updated back to the built-in spec, silently discarding yours (got "${name}"; allowed: any name except system, node-high, leader-election, workload-high, workload-low, global-default). Pick another name; to deliberately take over the built-in object, set annotation apf.kubernetes.io/autoupdate-spec: "false".`,
    ]);
  });
  it.each(['probes', 'system-leader-election', 'workload-leader-election', 'system-node-high', 'system-nodes', 'kube-controller-manager', 'kube-scheduler', 'kube-system-service-accounts', 'service-accounts', 'global-default'])(
    'fails when a FlowSchema is named %s (suggested object, auto-updated)', (name) => {
      expect(fsMessages((o) => { o.metadata.name = name; })).toEqual(has('[flowcontrol/suggested-name] metadata.name: names a suggested FlowSchema that the API server maintains'));
    });
  it('accepts a suggested name when the autoupdate annotation is "false" (deliberate takeover)', () => {
    expect(fsMessages((o) => {
      o.metadata.name = 'service-accounts';
      o.metadata.annotations = { 'apf.kubernetes.io/autoupdate-spec': 'false' };
    })).toEqual([]);
  });
});

describe('FlowSchema spec', () => {
  it('fails when matchingPrecedence is negative', () => {
    expect(fsMessages((o) => { o.spec.matchingPrecedence = -3; })).toEqual([
      '[flowcontrol/precedence] spec.matchingPrecedence: must be a positive value (got -3; allowed: 2 to 10000 (lower matches first)). Use a small number such as 500 to match before the suggested schemas.',
    ]);
  });
  it('fails when matchingPrecedence is 0 (silently becomes 1000)', () => {
    expect(fsMessages((o) => { o.spec.matchingPrecedence = 0; })).toEqual(has(
      '[flowcontrol/zero-means-default] spec.matchingPrecedence: is 0, which the API server treats as unset and replaces with 1000',
    ));
  });
  it('fails when matchingPrecedence is above 10000', () => {
    expect(fsMessages((o) => { o.spec.matchingPrecedence = 10001; })).toEqual(has('spec.matchingPrecedence: must not be greater than 10000 (got 10001'));
  });
  it('fails when matchingPrecedence is 1 and the schema is not exempt', () => {
    expect(fsMessages((o) => { o.spec.matchingPrecedence = 1; })).toEqual([
      "[flowcontrol/precedence] spec.matchingPrecedence: only the schema named 'exempt' may have matchingPrecedence 1 (got 1; allowed: 2 to 10000). Use 2 or more; 1 is reserved for the mandatory exempt schema.",
    ]);
  });
  it('accepts precedence 2 and an omitted precedence (defaulted), and 10000 as far as the range goes', () => {
    expect(fsMessages((o) => { o.spec.matchingPrecedence = 2; })).toEqual([]);
    expect(fsMessages((o) => { delete o.spec.matchingPrecedence; })).toEqual([]);
    const o = flowSchema();
    o.spec.matchingPrecedence = 10000;
    expect(new Set(checkFlowSchema(o).map((v) => v.checkId))).toEqual(new Set(['flowcontrol/shadowed']));
  });
  it('fails when the distinguisher type is unsupported', () => {
    expect(fsMessages((o) => { o.spec.distinguisherMethod = { type: 'ByGroup' }; })).toEqual(has(
      'spec.distinguisherMethod.type: is not a supported distinguisher method (got "ByGroup"; allowed: ByNamespace, ByUser)',
    ));
    expect(fsMessages((o) => { o.spec.distinguisherMethod = {}; })).toEqual(has('spec.distinguisherMethod.type: is not a supported'));
  });
  it('fails when no priority level is referenced', () => {
    expect(fsMessages((o) => { o.spec.priorityLevelConfiguration = {}; })).toEqual([
      '[flowcontrol/priority-level-ref] spec.priorityLevelConfiguration.name: must reference a priority level (allowed: the name of a PriorityLevelConfiguration). Reference a built-in level such as workload-low or one you declare.',
    ]);
  });
  it('fails when the referenced level name is not a DNS subdomain', () => {
    expect(fsMessages((o) => { o.spec.priorityLevelConfiguration.name = 'Workload_High'; })).toEqual(has(
      '[flowcontrol/priority-level-ref] spec.priorityLevelConfiguration.name: must be a DNS-1123 subdomain',
    ));
  });
  it('fails when a rule has no subjects', () => {
    expect(fsMessages((o) => { o.spec.rules[0].subjects = []; })).toEqual(has(
      '[flowcontrol/rule-subjects] spec.rules[0].subjects: subjects must contain at least one value',
    ));
  });
  it('fails when a rule has neither resource nor non-resource rules', () => {
    expect(fsMessages((o) => { o.spec.rules[0].resourceRules = []; delete o.spec.rules[0].nonResourceRules; })).toEqual([
      '[flowcontrol/rule-empty] spec.rules[0]: at least one of resourceRules and nonResourceRules has to be non-empty. Add a resource rule (verbs, apiGroups, resources, namespaces) or a non-resource rule (verbs, nonResourceURLs).',
    ]);
  });
});

describe('subjects shadowed by the schemas the API server maintains', () => {
  const at = (precedence: number, subject: any) => fsMessages((o) => {
    o.spec.matchingPrecedence = precedence;
    o.spec.rules[0].subjects = [subject];
  });
  it('fails when a ServiceAccount subject sits behind service-accounts (9000)', () => {
    expect(at(9500, { kind: 'ServiceAccount', serviceAccount: { namespace: 'ai-system', name: 'ai-controller' } })).toEqual([
      '[flowcontrol/shadowed] spec.rules[0].subjects[0]: never reaches this schema: the FlowSchema "service-accounts" the API server maintains (precedence 9000) matches every request of this subject first (got {"kind":"ServiceAccount","serviceAccount":{"namespace":"ai-system","name":"ai-controller"}}; allowed: spec.matchingPrecedence below 9000). Lower spec.matchingPrecedence (9500) below 9000; the lowest matching precedence wins.',
    ]);
  });
  it('fails when any subject sits behind global-default (9900)', () => {
    expect(at(9950, { kind: 'User', user: { name: 'alice' } })).toEqual(has('the FlowSchema "global-default" the API server maintains (precedence 9900)'));
  });
  it('fails when a kube-system ServiceAccount sits behind kube-system-service-accounts (900)', () => {
    expect(at(1000, { kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name: '*' } })).toEqual(has('"kube-system-service-accounts" the API server maintains (precedence 900)'));
  });
  it('fails for the nodes group, the controller manager, the scheduler and system:masters', () => {
    expect(at(600, { kind: 'Group', group: { name: 'system:nodes' } })).toEqual(has('"system-nodes"'));
    expect(at(850, { kind: 'User', user: { name: 'system:kube-scheduler' } })).toEqual(has('"kube-scheduler"'));
    expect(at(850, { kind: 'User', user: { name: 'system:kube-controller-manager' } })).toEqual(has('"kube-controller-manager"'));
    expect(at(2, { kind: 'Group', group: { name: 'system:masters' } })).toEqual(has('"exempt"'));
    expect(at(9100, { kind: 'Group', group: { name: 'system:serviceaccounts:ci' } })).toEqual(has('"service-accounts"'));
  });
  it('accepts the same subjects below those precedences, and ordinary users up to 9900', () => {
    expect(at(8999, { kind: 'ServiceAccount', serviceAccount: { namespace: 'ai-system', name: 'ai-controller' } })).toEqual([]);
    expect(at(899, { kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name: 'x' } })).toEqual([]);
    expect(at(9900, { kind: 'User', user: { name: 'alice' } })).toEqual([]);
    expect(at(450, { kind: 'Group', group: { name: 'system:nodes' } })).toEqual([]);
  });
});

describe('subjects', () => {
  const subject = (s: any) => fsMessages((o) => { o.spec.rules[0].subjects = [s]; });
  it('fails when the subject has the RBAC shape, and says so', () => {
    expect(subject({ kind: 'ServiceAccount', name: 'ai', namespace: 'x' })).toEqual([
      "[flowcontrol/subject] spec.rules[0].subjects[0].serviceAccount: serviceAccount is required when subject kind is 'ServiceAccount'. FlowSchema subjects are not RBAC subjects: move the top-level name/namespace into serviceAccount: {namespace, name}.",
    ]);
    expect(subject({ kind: 'User' })).toEqual(has("user is required when subject kind is 'User'. Write user: {name}."));
    expect(subject({ kind: 'Serviceaccount', apiGroup: '', name: 'ai' })).toEqual([
      '[flowcontrol/subject] spec.rules[0].subjects[0].kind: is not a supported subject kind (got "Serviceaccount"; allowed: Group, ServiceAccount, User). FlowSchema subjects are not RBAC subjects: write {kind: ServiceAccount, serviceAccount: {namespace, name}}, {kind: User, user: {name}} or {kind: Group, group: {name}}.',
    ]);
  });
  it('fails when the member of the kind is missing (User, Group)', () => {
    expect(subject({ kind: 'User' })).toEqual(has("spec.rules[0].subjects[0].user: user is required when subject kind is 'User'"));
    expect(subject({ kind: 'Group' })).toEqual(has("spec.rules[0].subjects[0].group: group is required when subject kind is 'Group'"));
  });
  it('fails when a member of another kind is set', () => {
    expect(subject({ kind: 'User', user: { name: 'a' }, group: { name: 'g' }, serviceAccount: { namespace: 'n', name: 's' } })).toEqual([
      "[flowcontrol/subject] spec.rules[0].subjects[0].group: group is forbidden when subject kind is not 'Group' (got {\"name\":\"g\"}). Remove group; a User subject carries only user.",
      "[flowcontrol/subject] spec.rules[0].subjects[0].serviceAccount: serviceAccount is forbidden when subject kind is not 'ServiceAccount' (got {\"namespace\":\"n\",\"name\":\"s\"}). Remove serviceAccount; a User subject carries only user.",
    ]);
    expect(subject({ kind: 'ServiceAccount', serviceAccount: { namespace: 'n', name: 's' }, user: { name: 'u' } })).toEqual(has("user is forbidden when subject kind is not 'User'"));
  });
  it('fails when user or group name is empty', () => {
    expect(subject({ kind: 'User', user: { name: '' } })).toEqual(has('spec.rules[0].subjects[0].user.name: is required'));
    expect(subject({ kind: 'Group', group: {} })).toEqual(has('spec.rules[0].subjects[0].group.name: is required'));
  });
  it('fails when the ServiceAccount name is missing or invalid', () => {
    expect(subject({ kind: 'ServiceAccount', serviceAccount: { namespace: 'n' } })).toEqual(has('serviceAccount.name: is required'));
    expect(subject({ kind: 'ServiceAccount', serviceAccount: { namespace: 'n', name: 'AI_Controller' } })).toEqual(has('serviceAccount.name: must be a DNS-1123 subdomain'));
  });
  it('fails when the ServiceAccount namespace is missing', () => {
    expect(subject({ kind: 'ServiceAccount', serviceAccount: { name: 'ai' } })).toEqual([
      '[flowcontrol/subject] spec.rules[0].subjects[0].serviceAccount.namespace: must specify namespace for service account (allowed: a namespace name). Set the namespace the ServiceAccount lives in.',
    ]);
  });
  it('fails when the ServiceAccount namespace is not a DNS-1123 label', () => {
    expect(subject({ kind: 'ServiceAccount', serviceAccount: { namespace: 'ai.system', name: 'ai' } })).toEqual(has('serviceAccount.namespace: must be a DNS-1123 label (got "ai.system"'));
  });
});

describe('resource rules', () => {
  const rr = (r: any) => fsMessages((o) => { o.spec.rules[0].resourceRules = [r]; delete o.spec.rules[0].nonResourceRules; });
  const ok = { verbs: ['get'], apiGroups: [''], resources: ['pods'], namespaces: ['ci'] };
  it('fails when verbs are empty', () => {
    expect(rr({ ...ok, verbs: [] })).toEqual(has('spec.rules[0].resourceRules[0].verbs: verbs must contain at least one value'));
  });
  it("fails when '*' is mixed with other verbs", () => {
    expect(rr({ ...ok, verbs: ['*', 'get'] })).toEqual([
      "[flowcontrol/verbs] spec.rules[0].resourceRules[0].verbs: if '*' is present, must not specify other verbs (got [\"*\",\"get\"]; allowed: '*' alone). Keep only '*' or list the verbs.",
    ]);
  });
  it('fails when a verb is not a request verb', () => {
    expect(rr({ ...ok, verbs: ['get', 'use', 'GET'] })).toEqual(has('verbs: has unsupported verbs "use", "GET" (got ["get","use","GET"]; allowed: get, list, create, update, delete, deletecollection, patch, watch, proxy)'));
  });
  it('fails when apiGroups are empty or mix *', () => {
    expect(rr({ ...ok, apiGroups: [] })).toEqual(has('apiGroups: resource rules must supply at least one api group'));
    expect(rr({ ...ok, apiGroups: ['*', 'apps'] })).toEqual(has("apiGroups: if '*' is present, must not specify other api groups"));
  });
  it('fails when resources are empty or mix *', () => {
    expect(rr({ ...ok, resources: [] })).toEqual(has('resources: resource rules must supply at least one resource'));
    expect(rr({ ...ok, resources: ['pods', '*'] })).toEqual(has("resources: if '*' is present, must not specify other resources"));
  });
  it('fails when a namespaced rule has no namespaces and is not cluster scoped', () => {
    expect(rr({ ...ok, namespaces: undefined })).toEqual([
      "[flowcontrol/namespaces] spec.rules[0].resourceRules[0].namespaces: resource rules that are not cluster scoped must supply at least one namespace (allowed: '*' (every namespace) or namespace names). List the namespaces (or '*'), and/or set clusterScope: true to match requests for cluster-scoped objects.",
    ]);
    expect(rr({ ...ok, namespaces: [], clusterScope: false })).toEqual(has('must supply at least one namespace'));
    expect(rr({ ...ok, namespaces: undefined, clusterScope: true })).toEqual([]);
  });
  it("fails when '*' is mixed with other namespaces", () => {
    expect(rr({ ...ok, namespaces: ['*', 'ci'] })).toEqual(has("namespaces: if '*' is present, must not specify other namespaces"));
  });
  it('fails when a namespace is not a DNS-1123 label', () => {
    expect(rr({ ...ok, namespaces: ['ci', 'Kube_System'] })).toEqual(has(
      "spec.rules[0].resourceRules[0].namespaces[1]: each member of this list must be '*' or a DNS-1123 label; must be a DNS-1123 label (got \"Kube_System\"",
    ));
  });
});

describe('non-resource rules', () => {
  const nr = (r: any) => fsMessages((o) => { o.spec.rules[0].nonResourceRules = [r]; delete o.spec.rules[0].resourceRules; });
  it('fails when verbs are empty or unsupported', () => {
    expect(nr({ verbs: [], nonResourceURLs: ['/healthz'] })).toEqual(has('nonResourceRules[0].verbs: verbs must contain at least one value'));
    expect(nr({ verbs: ['post'], nonResourceURLs: ['/healthz'] })).toEqual(has('nonResourceRules[0].verbs: has unsupported verbs "post"'));
  });
  it('fails when nonResourceURLs are empty or mix *', () => {
    expect(nr({ verbs: ['get'], nonResourceURLs: [] })).toEqual(has('nonResourceURLs: nonResourceURLs must contain at least one value'));
    expect(nr({ verbs: ['get'], nonResourceURLs: ['*', '/healthz'] })).toEqual(has("nonResourceURLs: if '*' is present, must not specify other non-resource URLs"));
  });
  it.each([
    ['healthz', 'must start with slash'],
    ['/health z', 'must not contain white-space'],
    ['/apis//x', 'must not contain double slash'],
    ['/api*', 'wildcard can only do suffix matching'],
    ['/*/x', 'wildcard can only do suffix matching'],
    ['', 'must not be empty'],
  ])('fails when a URL is %j (%s)', (url, problem) => {
    expect(nr({ verbs: ['get'], nonResourceURLs: ['/ok', url] })).toEqual([
      `[flowcontrol/non-resource-urls] spec.rules[0].nonResourceRules[0].nonResourceURLs[1]: ${problem}${problem.startsWith('wildcard') ? " (only a trailing '/*' is allowed)" : ''} (got ${JSON.stringify(url)}; allowed: '/path', '/prefix/*' or '*'). Write an absolute URL path such as "/healthz" or "/metrics".`,
    ]);
  });
});

describe('PriorityLevelConfiguration', () => {
  it('fails when a level not named exempt has type Exempt', () => {
    expect(plcMessages((o) => { o.spec = { type: 'Exempt' }; })).toEqual([
      "[flowcontrol/plc-type] spec.type: type must be 'Exempt' if and only if name is 'exempt' (got \"Exempt\"; allowed: Limited). Only the mandatory 'exempt' level bypasses flow control; use type Limited.",
    ]);
  });
  it('fails when the level named exempt is not of type Exempt', () => {
    const msgs = plcMessages((o) => { o.metadata.name = 'exempt'; });
    expect(msgs).toEqual(has("[flowcontrol/plc-type] spec.type: type must be 'Exempt' if and only if name is 'exempt' (got \"Limited\"; allowed: Exempt)."));
    expect(msgs).toEqual(has('[flowcontrol/mandatory-name]'));
  });
  it('fails when type Exempt carries limited', () => {
    expect(plcMessages((o) => { o.spec.type = 'Exempt'; })).toEqual(has('[flowcontrol/plc-union] spec.limited: must be nil if the type is not Limited'));
  });
  it('fails when type Limited has no limited', () => {
    expect(plcMessages((o) => { delete o.spec.limited; })).toEqual([
      '[flowcontrol/plc-union] spec.limited: must not be empty when type is Limited. Set spec.limited with nominalConcurrencyShares and limitResponse.',
    ]);
  });
  it('fails when type Limited carries exempt', () => {
    expect(plcMessages((o) => { o.spec.exempt = { nominalConcurrencyShares: 0 }; })).toEqual(has('[flowcontrol/plc-union] spec.exempt: must be nil if the type is Limited'));
  });
  it('fails when the type is unsupported', () => {
    expect(plcMessages((o) => { o.spec.type = 'Queued'; })).toEqual(has('spec.type: is not a supported priority level type (got "Queued"; allowed: Exempt, Limited)'));
  });
  it('fails when nominalConcurrencyShares is negative', () => {
    expect(plcMessages((o) => { o.spec.limited.nominalConcurrencyShares = -1; })).toEqual([
      '[flowcontrol/shares] spec.limited.nominalConcurrencyShares: must be a non-negative integer (got -1; allowed: 0 or more (relative to the other levels)).',
    ]);
  });
  it.each([-1, 101, 12.5])('fails when lendablePercent is %s', (v) => {
    expect(plcMessages((o) => { o.spec.limited.lendablePercent = v; })).toEqual([
      `[flowcontrol/lendable] spec.limited.lendablePercent: must be between 0 and 100, inclusive (got ${v}; allowed: 0 to 100 (share of the nominal seats other levels may borrow)). Give a percentage from 0 to 100.`,
    ]);
  });
  it('fails when borrowingLimitPercent is negative (and accepts more than 100)', () => {
    expect(plcMessages((o) => { o.spec.limited.borrowingLimitPercent = -5; })).toEqual(has('spec.limited.borrowingLimitPercent: if specified, must be a non-negative integer (got -5'));
    expect(plcMessages((o) => { o.spec.limited.borrowingLimitPercent = 300; })).toEqual([]);
  });
  it('fails when the exempt settings of an exempt-type level are out of range', () => {
    const msgs = plcMessages((o) => { o.metadata.name = 'exempt'; o.spec = { type: 'Exempt', exempt: { nominalConcurrencyShares: -1, lendablePercent: 101 } }; });
    expect(msgs).toEqual(has('spec.exempt.nominalConcurrencyShares: must be a non-negative integer'));
    expect(msgs).toEqual(has('spec.exempt.lendablePercent: must be between 0 and 100, inclusive'));
  });
  it('fails when a Reject response has queuing', () => {
    expect(plcMessages((o) => { o.spec.limited.limitResponse.type = 'Reject'; })).toEqual([
      '[flowcontrol/limit-response] spec.limited.limitResponse.queuing: must be nil if limitResponse.type is Reject (queuing only applies to type Queue) (got {"queues":64,"handSize":6,"queueLengthLimit":50}). Remove queuing or use type Queue.',
    ]);
  });
  it('fails when a Queue response has no queuing', () => {
    expect(plcMessages((o) => { delete o.spec.limited.limitResponse.queuing; })).toEqual(has('spec.limited.limitResponse.queuing: must not be empty if limitResponse.type is Queue'));
  });
  it('fails when the limit response type is unsupported or missing', () => {
    expect(plcMessages((o) => { o.spec.limited.limitResponse.type = 'Drop'; })).toEqual(has('spec.limited.limitResponse.type: is not a supported limit response type (got "Drop"; allowed: Queue, Reject)'));
    expect(plcMessages((o) => { delete o.spec.limited.limitResponse; })).toEqual(has('spec.limited.limitResponse.type: is not a supported limit response type'));
  });
});

describe('queuing', () => {
  const q = (queuing: any) => plcMessages((o) => { o.spec.limited.limitResponse.queuing = queuing; });
  it('fails when queueLengthLimit is negative', () => {
    expect(q({ queues: 64, handSize: 6, queueLengthLimit: -1 })).toEqual([
      '[flowcontrol/queuing] spec.limited.limitResponse.queuing.queueLengthLimit: must be positive (got -1; allowed: 1 or more requests per queue).',
    ]);
  });
  it('fails when queues is negative or above 10,000,000', () => {
    expect(q({ queues: -4, handSize: 1, queueLengthLimit: 50 })).toEqual(has('queuing.queues: must be positive (got -4'));
    expect(q({ queues: 10_000_001, handSize: 1, queueLengthLimit: 50 })).toEqual(has('queuing.queues: must not be greater than 10000000 (got 10000001'));
  });
  it('fails when a queuing number is not an integer', () => {
    expect(q({ queues: 64.5, handSize: 6, queueLengthLimit: 50 })).toEqual(has('queuing.queues: must be a positive integer (got 64.5'));
  });
  it('fails when handSize is negative', () => {
    expect(q({ queues: 64, handSize: -2, queueLengthLimit: 50 })).toEqual(has('queuing.handSize: must be positive (got -2'));
  });
  it('fails when handSize exceeds queues', () => {
    expect(q({ queues: 4, handSize: 5, queueLengthLimit: 50 })).toEqual([
      '[flowcontrol/hand-size] spec.limited.limitResponse.queuing.handSize: should not be greater than queues (4) (got 5; allowed: 1 to 4). A hand is a set of distinct queues dealt to each flow; lower handSize or raise queues.',
    ]);
  });
  it('compares handSize with the defaulted queues (64) when queues is omitted', () => {
    expect(q({ handSize: 70, queueLengthLimit: 50 })).toEqual(has('should not be greater than queues (64) (got 70'));
  });
  it.each([[512, 8, 72], [128, 10, 70], [64, 11, 66], [10_000_000, 3, 70]])('fails the entropy limit with %i queues and hand size %i (%i bits)', (queues, handSize, bits) => {
    const max = apfMaxHandSize(queues);
    expect(q({ queues, handSize, queueLengthLimit: 50 })).toEqual([
      `[flowcontrol/entropy] spec.limited.limitResponse.queuing.handSize: required entropy bits of deckSize ${queues} and handSize ${handSize} should not be greater than 60 (shuffle sharding needs ceil(log2(queues) × handSize) = ${bits} bits of the 64-bit flow hash) (got ${handSize}; allowed: handSize ≤ ${max} for ${queues} queues). Lower handSize to ${max} or use fewer queues.`,
    ]);
  });
  it.each([[512, 4], [64, 10], [1024, 6], [2, 2], [1, 1], [128, 8]])('accepts %i queues with hand size %i', (queues, handSize) => {
    expect(q({ queues, handSize, queueLengthLimit: 50 })).toEqual([]);
  });
  it('fails when a queuing field is 0 (silently becomes the default)', () => {
    expect(q({ queues: 0, handSize: 0, queueLengthLimit: 0 })).toEqual([
      '[flowcontrol/zero-means-default] spec.limited.limitResponse.queuing.queues: is 0, which the API server treats as unset and replaces with 64 (got 0; allowed: 1 to 10000000). Write 64 to keep the default, or the value you mean.',
      '[flowcontrol/zero-means-default] spec.limited.limitResponse.queuing.handSize: is 0, which the API server treats as unset and replaces with 8 (got 0; allowed: 1 to queues). Write 8 to keep the default, or the value you mean.',
      '[flowcontrol/zero-means-default] spec.limited.limitResponse.queuing.queueLengthLimit: is 0, which the API server treats as unset and replaces with 50 (got 0; allowed: 1 or more). Write 50 to keep the default, or the value you mean.',
    ]);
  });
  it('computes the entropy bits like the API server, exactly at powers of two', () => {
    expect(apfRequiredEntropyBits(64, 10)).toBe(60);
    expect(apfRequiredEntropyBits(1024, 6)).toBe(60);
    expect(apfRequiredEntropyBits(128, 6)).toBe(42);
    expect(apfRequiredEntropyBits(100, 9)).toBe(60); // 6.644 × 9 = 59.79
    expect(apfRequiredEntropyBits(1, 1)).toBe(0);
    expect(apfMaxHandSize(64)).toBe(10);
    expect(apfMaxHandSize(512)).toBe(6);
    expect(apfMaxHandSize(3)).toBe(3);
  });
});

describe('severity: what the API server stores is a warning, not a refusal', () => {
  it('warns (does not refuse) matchingPrecedence: 0 and queues: 0, which the v1 defaulters replace (pkg/apis/flowcontrol/v1/defaults.go)', () => {
    const fs = flowSchema();
    fs.spec.matchingPrecedence = 0;
    const plc = level();
    plc.spec.limited.limitResponse.queuing.queues = 0;
    const found = [...checkObject(fs), ...checkObject(plc)].map((v) => [v.checkId, severityOf(v.checkId)]);
    expect(found).toEqual([['flowcontrol/zero-means-default', 'warning'], ['flowcontrol/zero-means-default', 'warning']]);
  });
  it('warns (does not refuse) a FlowSchema shadowed by a built-in schema: a lint, the server stores it', () => {
    expect(severityOf('flowcontrol/shadowed')).toBe('warning');
  });
});
