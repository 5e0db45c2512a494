import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { isHaruValidationError } from '../../lib/base/errors';
import {
  ApfFlowSchema, ApfVerb, FlowDistinguisher, LimitResponse, PriorityLevel, Subject,
} from '../../lib/flowcontrol';
import { HardeningProfile } from '../../lib/profile';
import { expectValid } from '../support/oracle';

const dra = {
  subjects: [Subject.serviceAccount('ai-system', 'ai-controller')],
  resourceRules: [{ apiGroups: ['resource.k8s.io'], resources: ['resourceclaims'], namespaces: ['*'] }],
};

/** Runs `fn` and returns the HaruValidationError it throws (fails the test otherwise). */
function haruError(fn: () => unknown): { where: string; message: string; checkIds: string[] } {
  try {
    fn();
  } catch (e) {
    if (isHaruValidationError(e)) return { where: e.where, message: e.message, checkIds: e.violations.map((v) => v.checkId) };
    throw new Error(`expected a HaruValidationError, got ${String(e)}`);
  }
  throw new Error('expected a HaruValidationError, nothing was thrown');
}

describe('ApfFlowSchema', () => {
  it('renders the FlowSchema with a referenced built-in level and no PriorityLevelConfiguration', async () => {
    const chart = Testing.chart();
    new ApfFlowSchema(chart, 'ci', {
      name: 'ci-bots',
      priorityLevel: PriorityLevel.WORKLOAD_LOW,
      matchingPrecedence: 800,
      distinguisher: FlowDistinguisher.BY_NAMESPACE,
      rules: [{
        subjects: [Subject.group('ci'), Subject.user('bot'), Subject.allServiceAccountsIn('ci')],
        resourceRules: [{ verbs: [ApfVerb.GET, ApfVerb.LIST], apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], namespaces: ['ci'] }],
        nonResourceRules: [{ verbs: [ApfVerb.GET], nonResourceUrls: ['/metrics'] }],
      }],
    });
    const objs = Testing.synth(chart);
    await expectValid(objs);
    expect(objs).toHaveLength(1);
    expect(objs[0]).toEqual({
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: 'ci-bots' },
      spec: {
        priorityLevelConfiguration: { name: 'workload-low' },
        matchingPrecedence: 800,
        distinguisherMethod: { type: 'ByNamespace' },
        rules: [{
          subjects: [
            { kind: 'Group', group: { name: 'ci' } },
            { kind: 'User', user: { name: 'bot' } },
            { kind: 'ServiceAccount', serviceAccount: { namespace: 'ci', name: '*' } },
          ],
          resourceRules: [{ verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], clusterScope: false, namespaces: ['ci'] }],
          nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }],
        }],
      },
    });
  });

  it('declares its own level from `limited` (FlowSchema is the Resource child, the level the PriorityLevel child)', async () => {
    const chart = Testing.chart();
    const fs = new ApfFlowSchema(chart, 'ai', { limited: { nominalConcurrencyShares: 50 }, rules: [dra] });
    const objs = Testing.synth(chart);
    await expectValid(objs);
    expect(objs.map((o) => o.kind)).toEqual(['PriorityLevelConfiguration', 'FlowSchema']);
    expect(ApiObject.of(fs).kind).toBe('FlowSchema');
    expect(fs.ownPriorityLevel).toBeDefined();
    expect(objs[1].spec.priorityLevelConfiguration.name).toBe(objs[0].metadata.name);
    expect(fs.priorityLevel.priorityLevelName).toBe(objs[0].metadata.name);
    expect(fs.flowSchemaName).toBe(objs[1].metadata.name);
  });

  it('lets several schemas share one declared level', async () => {
    const chart = Testing.chart();
    const level = PriorityLevel.limited(chart, 'bots', { name: 'bots', limitResponse: LimitResponse.reject() });
    new ApfFlowSchema(chart, 'a', { priorityLevel: level, rules: [{ subjects: [Subject.user('a')], resourceRules: [{ apiGroups: ['*'], resources: ['*'], clusterScope: true }] }] });
    new ApfFlowSchema(chart, 'b', { priorityLevel: level, rules: [{ subjects: [Subject.user('b')], nonResourceRules: [{ nonResourceUrls: ['*'] }] }] });
    const objs = Testing.synth(chart);
    await expectValid(objs);
    expect(objs.filter((o) => o.kind === 'PriorityLevelConfiguration')).toHaveLength(1);
    expect(objs.filter((o) => o.kind === 'FlowSchema').map((o) => o.spec.priorityLevelConfiguration.name)).toEqual(['bots', 'bots']);
  });

  it('adds rules with addRule', async () => {
    const chart = Testing.chart();
    const fs = new ApfFlowSchema(chart, 'x', { priorityLevel: PriorityLevel.fromName('team-a') });
    fs.addRule(dra);
    fs.addRule({ subjects: [Subject.allAuthenticated()], nonResourceRules: [{ verbs: [ApfVerb.GET], nonResourceUrls: ['/readyz'] }] });
    const [obj] = Testing.synth(chart);
    await expectValid(obj);
    expect(obj.spec.rules).toHaveLength(2);
    expect(obj.spec.rules[1].subjects).toEqual([{ kind: 'Group', group: { name: 'system:authenticated' } }]);
    expect(obj.spec.priorityLevelConfiguration.name).toBe('team-a');
  });

  it('records a single-flow opt-out with its reason and emits no distinguisher', async () => {
    const chart = Testing.chart();
    new ApfFlowSchema(chart, 'x', { priorityLevel: PriorityLevel.SYSTEM, singleFlowReason: 'one batch job, fairness between its pods not wanted', rules: [dra] });
    const [obj] = Testing.synth(chart);
    await expectValid(obj);
    expect(obj.spec.distinguisherMethod).toBeUndefined();
    expect(obj.metadata.annotations).toEqual({ [ApfFlowSchema.SINGLE_FLOW_ANNOTATION]: 'one batch job, fairness between its pods not wanted' });
  });

  it('fails when a bad rule is given, naming the construct path and the server rule', () => {
    const chart = Testing.chart();
    const err = haruError(() => new ApfFlowSchema(chart, 'ai', {
      priorityLevel: PriorityLevel.WORKLOAD_HIGH,
      rules: [{ subjects: [Subject.serviceAccount('ai-system', 'ai-controller')], resourceRules: [{ apiGroups: ['resource.k8s.io'], resources: ['resourceclaims'] }] }],
    }));
    expect(err.where).toBe('test/ai');
    expect(err.message).toContain('rules[0].resourceRules[0].namespaces: resource rules that are not cluster scoped must supply at least one namespace');
  });

  it('fails when addRule adds a rule with no subjects', () => {
    const chart = Testing.chart();
    const fs = new ApfFlowSchema(chart, 'x', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [dra] });
    const err = haruError(() => fs.addRule({ subjects: [], nonResourceRules: [{ nonResourceUrls: ['/healthz'] }] }));
    expect(err.message).toContain('] rule.subjects: subjects must contain at least one value');
    expect(Testing.synth(chart)[0].spec.rules).toHaveLength(1); // the refused rule is not kept
  });

  it('fails when matching precedence 1 is asked for', () => {
    const err = haruError(() => new ApfFlowSchema(Testing.chart(), 'x', { priorityLevel: PriorityLevel.EXEMPT, matchingPrecedence: 1, rules: [dra] }));
    expect(err.message).toContain("only the schema named 'exempt' may have matchingPrecedence 1");
  });

  it('does not fail synth when a ServiceAccount lane sits behind the suggested service-accounts schema (a warning: the server stores it)', () => {
    expect(() => new ApfFlowSchema(Testing.chart(), 'late', { priorityLevel: PriorityLevel.WORKLOAD_HIGH, matchingPrecedence: 9500, rules: [dra] })).not.toThrow();
  });

  it('fails when a ServiceAccount lane sits behind the suggested service-accounts schema and the profile sets failOnWarnings', () => {
    const chart = Testing.chart();
    HardeningProfile.set(chart, { failOnWarnings: true });
    const err = haruError(() => new ApfFlowSchema(chart, 'late', { priorityLevel: PriorityLevel.WORKLOAD_HIGH, matchingPrecedence: 9500, rules: [dra] }));
    expect(err.checkIds).toEqual(['flowcontrol/shadowed']);
    expect(err.message).toContain('Lower spec.matchingPrecedence (9500) below 9000');
  });

  it('fails when named like a suggested FlowSchema, explaining the auto-update', () => {
    const err = haruError(() => new ApfFlowSchema(Testing.chart(), 'x', { name: 'service-accounts', priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [dra] }));
    expect(err.checkIds).toEqual(['flowcontrol/suggested-name']);
    expect(err.message).toContain('it is auto-updated back to the built-in spec, silently discarding yours');
  });

  it('fails when both or neither of priorityLevel and limited are given', () => {
    expect(haruError(() => new ApfFlowSchema(Testing.chart(), 'x', { rules: [dra] })).message).toContain('priorityLevel: is required when limited is not given');
    expect(haruError(() => new ApfFlowSchema(Testing.chart(), 'x', { priorityLevel: PriorityLevel.SYSTEM, limited: {}, rules: [dra] })).message)
      .toContain('priorityLevel: and limited are mutually exclusive');
  });

  it('fails when singleFlowReason is empty or combined with a distinguisher', () => {
    expect(haruError(() => new ApfFlowSchema(Testing.chart(), 'x', { priorityLevel: PriorityLevel.SYSTEM, singleFlowReason: ' ', rules: [dra] })).message)
      .toContain('singleFlowReason: must say why one flow is wanted');
    expect(haruError(() => new ApfFlowSchema(Testing.chart(), 'x', {
      priorityLevel: PriorityLevel.SYSTEM, singleFlowReason: 'r', distinguisher: FlowDistinguisher.BY_USER, rules: [dra],
    })).message).toContain('singleFlowReason: cannot be combined with distinguisher');
  });

  it('fails at synth when the schema has no rule', () => {
    const chart = Testing.chart();
    new ApfFlowSchema(chart, 'empty', { priorityLevel: PriorityLevel.WORKLOAD_LOW });
    const err = haruError(() => Testing.synth(chart));
    expect(err.where).toBe('test/empty');
    expect(err.message).toContain('] rules: is empty, so the FlowSchema matches no request');
  });

  it('fails at synth when a JSON patch breaks a rule', () => {
    const chart = Testing.chart();
    const fs = new ApfFlowSchema(chart, 'x', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [dra] });
    ApiObject.of(fs).addJsonPatch(JsonPatch.replace('/spec/matchingPrecedence', 20000));
    expect(haruError(() => Testing.synth(chart)).message).toContain('spec.matchingPrecedence: must not be greater than 10000');
  });

  it('fails when the RBAC subject shape is patched in (schema and APF rules both object)', () => {
    const chart = Testing.chart();
    const fs = new ApfFlowSchema(chart, 'x', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [dra] });
    ApiObject.of(fs).addJsonPatch(JsonPatch.replace('/spec/rules/0/subjects/0', { kind: 'ServiceAccount', name: 'ai-controller', namespace: 'ai-system' }));
    const err = haruError(() => Testing.synth(chart));
    expect(err.message).toContain("serviceAccount is required when subject kind is 'ServiceAccount'");
  });
});

describe('documented defaults are what is synthesised', () => {
  /** `@default` text of each property of an interface in a source file. */
  function documentedDefaults(file: string, iface: string): Record<string, string> {
    const src = readFileSync(resolve(__dirname, '../../lib/flowcontrol', file), 'utf8');
    const body = src.slice(src.indexOf(`export interface ${iface}`));
    const block = body.slice(0, body.indexOf('\n}\n'));
    const out: Record<string, string> = {};
    for (const m of block.matchAll(/@default ([^\n]*)\n(?:[^\n]*\n)*?\s*readonly (\w+)\?/g)) out[m[2]] = m[1].trim();
    return out;
  }

  it('ApfFlowSchemaProps: matchingPrecedence 1000, distinguisher ByUser', () => {
    const docs = documentedDefaults('flow-schema.ts', 'ApfFlowSchemaProps');
    expect(docs.matchingPrecedence).toBe('1000');
    expect(docs.distinguisher).toBe('FlowDistinguisher.BY_USER');
    const chart = Testing.chart();
    new ApfFlowSchema(chart, 'x', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [dra] });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.matchingPrecedence).toBe(Number(docs.matchingPrecedence));
    expect(obj.spec.distinguisherMethod.type).toBe(FlowDistinguisher.BY_USER);
    expect(obj.metadata.annotations).toBeUndefined();
  });

  it('ApfResourceRule and ApfNonResourceRule: verbs [*], clusterScope false, namespaces unset', () => {
    const rr = documentedDefaults('flow-schema.ts', 'ApfResourceRule');
    const nr = documentedDefaults('flow-schema.ts', 'ApfNonResourceRule');
    expect([rr.verbs, nr.verbs, rr.clusterScope]).toEqual(['[ApfVerb.ALL]', '[ApfVerb.ALL]', 'false']);
    const chart = Testing.chart();
    new ApfFlowSchema(chart, 'x', {
      priorityLevel: PriorityLevel.WORKLOAD_LOW,
      rules: [{ subjects: [Subject.user('u')], resourceRules: [{ apiGroups: [''], resources: ['nodes'], clusterScope: true }], nonResourceRules: [{ nonResourceUrls: ['/metrics'] }] }],
    });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.rules[0].resourceRules[0]).toEqual({ verbs: ['*'], apiGroups: [''], resources: ['nodes'], clusterScope: true });
    expect(obj.spec.rules[0].nonResourceRules[0].verbs).toEqual(['*']);
    const chart2 = Testing.chart();
    new ApfFlowSchema(chart2, 'x', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules: [dra] });
    expect(Testing.synth(chart2)[0].spec.rules[0].resourceRules[0].clusterScope).toBe(false);
  });

  it('LimitedPriorityLevelProps and QueuingOptions: 30 shares, 0% lendable, no borrowing cap, Queue 64/8/50', async () => {
    const lp = documentedDefaults('priority-level.ts', 'LimitedPriorityLevelProps');
    const q = documentedDefaults('priority-level.ts', 'QueuingOptions');
    expect(lp.nominalConcurrencyShares).toBe('30');
    expect(lp.lendablePercent).toBe('0');
    expect(lp.borrowingLimitPercent).toMatch(/^- no cap/);
    expect(lp.limitResponse).toBe('LimitResponse.queue() — 64 queues, hand size 8, queue length 50');
    expect([q.queues, q.handSize, q.queueLengthLimit]).toEqual(['64', '8', '50']);
    const chart = Testing.chart();
    PriorityLevel.limited(chart, 'l');
    const [obj] = Testing.synth(chart);
    await expectValid(obj);
    expect(obj.spec).toEqual({
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: Number(lp.nominalConcurrencyShares),
        lendablePercent: Number(lp.lendablePercent),
        limitResponse: { type: 'Queue', queuing: { queues: Number(q.queues), handSize: Number(q.handSize), queueLengthLimit: Number(q.queueLengthLimit) } },
      },
    });
  });

  it('ConcurrencyShareOptions: ServerCL 600, built-in levels counted', () => {
    const o = documentedDefaults('priority-level.ts', 'ConcurrencyShareOptions');
    expect(o.serverConcurrencyLimit).toMatch(/^600 /);
    expect(o.includeBuiltInLevels).toBe('true');
    const s = PriorityLevel.concurrencyShare({ nominalConcurrencyShares: 30 });
    expect(s.serverConcurrencyLimit).toBe(600);
    expect(s.totalShares).toBe(30 + 245);
  });
});

describe('the apf-ai-controller example', () => {
  it('synthesises a level and a schema that pass the schema, the APF rules and kubernetes-models', async () => {
    const { mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const YAML = await import('yaml');
    const out = mkdtempSync(resolve(tmpdir(), 'apf-example-'));
    const before = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = out;
    try {
      await import('../../examples/apf-ai-controller/main.js');
    } finally {
      if (before === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = before;
    }
    const files = readdirSync(out);
    expect(files).toEqual(['apf-ai-controller.k8s.yaml']);
    const objs = YAML.parseAllDocuments(readFileSync(resolve(out, files[0]), 'utf8')).map((d) => d.toJSON());
    await expectValid(objs);
    const [plc, fs] = objs;
    expect(plc.spec.limited).toEqual({
      nominalConcurrencyShares: 50,
      lendablePercent: 0,
      limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 6, queueLengthLimit: 100 } },
    });
    expect(fs.spec.matchingPrecedence).toBe(500);
    expect(fs.spec.distinguisherMethod).toEqual({ type: 'ByUser' });
    expect(fs.spec.priorityLevelConfiguration.name).toBe(plc.metadata.name);
    expect(fs.spec.rules).toEqual([{
      subjects: [{ kind: 'ServiceAccount', serviceAccount: { namespace: 'ai-system', name: 'ai-controller' } }],
      resourceRules: [{ verbs: ['*'], apiGroups: ['resource.k8s.io'], resources: ['resourceclaims', 'resourceclaimtemplates'], clusterScope: false, namespaces: ['*'] }],
    }]);
  });
});
