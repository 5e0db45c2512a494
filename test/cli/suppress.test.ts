/**
 * Suppressions: the file form and the annotation form, their refusals, matching, expiry and
 * staleness (lib/cli/suppress.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  annotationSuppressions, applySuppressions, globMatches, isDay, isSuppressible, parseSuppressionFile, SuppressionFileError, UNSUPPRESSIBLE,
} from '../../lib/cli/suppress';

const entry = (fields: string) => `suppressions:\n  - ${fields.split('\n').join('\n    ')}\n`;

describe('suppression file', () => {
  it('reads entries with their patterns, reason, expiry and line', () => {
    const s = parseSuppressionFile('# owned by security\nsuppressions:\n  - check: pss/privileged\n    kind: Pod\n    namespace: legacy-*\n    name: billing-?\n    reason: SEC-41\n    expires: "2027-03-31"\n  - check: pss/\n    reason: all of PSS for now\n', 's.yaml');
    expect(s).toEqual([
      expect.objectContaining({ check: 'pss/privileged', kind: 'Pod', namespace: 'legacy-*', name: 'billing-?', reason: 'SEC-41', expires: '2027-03-31', line: 3, source: 's.yaml:3', form: 'file' }),
      expect.objectContaining({ check: 'pss/', kind: '*', namespace: '*', name: '*', expires: undefined, line: 9 }),
    ]);
  });

  it('reads an unquoted expiry day (kubectl reads YAML timestamps as strings)', () => {
    expect(parseSuppressionFile(entry('check: pss/privileged\nreason: r\nexpires: 2027-03-31'), 's.yaml')[0].expires).toBe('2027-03-31');
  });

  const refusals: Array<[string, string, string]> = [
    ['no reason', entry('check: pss/privileged'), 's.yaml:2: suppressions[0].reason: is required: say why the finding is accepted (got nothing; allowed: a non-empty text). Give the reason (a ticket, an owner) so that reviewers and auditors can judge it'],
    ['a blank reason', entry('check: pss/privileged\nreason: "  "'), 'suppressions[0].reason: is required: say why the finding is accepted (got "  "; allowed: a non-empty text).'],
    ['a day that does not exist', entry('check: pss/privileged\nreason: r\nexpires: "2027-02-30"'), 's.yaml:2: suppressions[0].expires: must be a day written YYYY-MM-DD (got "2027-02-30"; allowed: e.g. 2027-03-31 (the last day the suppression applies, UTC)). Write the date as year-month-day, or leave expires out'],
    ['an expiry in another format', entry('check: pss/privileged\nreason: r\nexpires: 31/03/2027'), 'suppressions[0].expires: must be a day written YYYY-MM-DD (got "31/03/2027";'],
    ['an expiry with a time', entry('check: pss/privileged\nreason: r\nexpires: 2027-03-31T10:00:00Z'), 'suppressions[0].expires: must be a day written YYYY-MM-DD (got "2027-03-31T10:00:00Z";'],
    ['a numeric expiry', entry('check: pss/privileged\nreason: r\nexpires: 20270331'), 'suppressions[0].expires: must be a string (got number; allowed: a string). Quote the value'],
    ['an unknown field', entry('check: pss/privileged\nreason: r\nowner: sec'), 'suppressions[0].owner: unknown field (got "owner"; allowed: check, kind, namespace, name, reason, expires). Remove it or correct its name'],
    ['no check', entry('reason: r'), 'suppressions[0].check: is required (got nothing;'],
    ['a check that is no id', entry('check: privileged\nreason: r'), 'suppressions[0].check: must be a check id or an area ending in "/" (got "privileged";'],
    ['an unknown area', entry('check: nope/x\nreason: r'), 'suppressions[0].check: names no area of checks (got "nope/x";'],
    ['an unsuppressible check', entry('check: yaml/parse\nreason: r'), 'suppressions[0].check: cannot be suppressed: the document was not read, or the finding is about suppressions (got "yaml/parse";'],
    ['an empty pattern', entry('check: pss/privileged\nreason: r\nname: ""'), 'suppressions[0].name: must not be empty (got ""; allowed: a glob pattern (* and ?)).'],
    ['an entry that is no mapping', 'suppressions:\n  - pss/privileged\n', 'suppressions[0]: must be a mapping (got "pss/privileged";'],
    ['a list that is no list', 'suppressions: pss/privileged\n', 's.yaml: suppressions: must be a list (got string;'],
    ['an unknown top-level key', 'suppresions: []\n', 's.yaml: suppresions: unknown field (got "suppresions"; allowed: suppressions). Remove it'],
    ['two documents', 'suppressions: []\n---\nsuppressions: []\n', 's.yaml: (file): must hold exactly one document (got 2; allowed: 1).'],
    ['invalid YAML', 'suppressions: [\n', 's.yaml:2: not valid YAML:'],
  ];
  it.each(refusals)('refuses %s, naming the file, field, value, what is allowed and the fix', (_what, text, message) => {
    let error: unknown;
    try {
      parseSuppressionFile(text, 's.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SuppressionFileError);
    expect((error as Error).message).toContain(message);
  });
});

describe('annotation form', () => {
  const site = { file: 'p.yaml', document: 2, documentLine: 7, kind: 'Pod', namespace: 'ns', name: 'web' };
  const read = (annotations: Record<string, unknown>) => annotationSuppressions({ kind: 'Pod', metadata: { name: 'web', namespace: 'ns', annotations } }, site);

  it('reads haru.cdk8s.io/suppress.<area>.<rule> with a reason, optionally after an expiry', () => {
    const r = read({
      'haru.cdk8s.io/suppress.pss.runAsNonRoot': 'the image runs as root; SEC-9',
      'haru.cdk8s.io/suppress.pss.hostNamespaces': 'expires 2027-03-31: node agent',
      'haru.cdk8s.io/suppress.schema': 'a whole area',
      'other.io/x': 'ignored',
    });
    expect(r.invalid).toEqual([]);
    expect(r.suppressions.map((s) => [s.check, s.reason, s.expires, s.form])).toEqual([
      ['pss/hostNamespaces', 'node agent', '2027-03-31', 'annotation'],
      ['pss/runAsNonRoot', 'the image runs as root; SEC-9', undefined, 'annotation'],
      ['schema/', 'a whole area', undefined, 'annotation'],
    ]);
    expect(r.suppressions[0].source).toBe('p.yaml: doc 2 Pod ns/web annotation haru.cdk8s.io/suppress.pss.hostNamespaces');
  });

  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['no reason', { 'haru.cdk8s.io/suppress.pss.privileged': '' }, 'needs a reason: say why the finding is accepted'],
    ['only an expiry', { 'haru.cdk8s.io/suppress.pss.privileged': 'expires 2027-03-31:' }, 'needs a reason'],
    ['a malformed expiry', { 'haru.cdk8s.io/suppress.pss.privileged': 'expires 2027-13-01: r' }, 'has a malformed expiry'],
    ['an expiry without a colon', { 'haru.cdk8s.io/suppress.pss.privileged': 'expires tomorrow' }, 'has a malformed expiry'],
    ['an unsuppressible check', { 'haru.cdk8s.io/suppress.yaml.parse': 'r' }, 'names a check that cannot be suppressed'],
    ['an unknown area', { 'haru.cdk8s.io/suppress.nope.x': 'r' }, 'names no area of checks'],
    ['a key that names no check', { 'haru.cdk8s.io/suppress.': 'r' }, 'does not name a check'],
  ];
  it.each(refused)('refuses %s as a suppress/invalid-annotation error on the object', (_what, annotations, problem) => {
    const r = read(annotations);
    expect(r.suppressions).toEqual([]);
    expect(r.invalid).toHaveLength(1);
    expect(r.invalid[0]).toMatchObject({ checkId: 'suppress/invalid-annotation', field: `metadata.annotations[${JSON.stringify(Object.keys(annotations)[0])}]` });
    expect(r.invalid[0].problem).toContain(problem);
    expect(isSuppressible('suppress/invalid-annotation')).toBe(false);
  });
});

describe('applying suppressions', () => {
  const f = (checkId: string, kind: string, namespace: string | undefined, name: string, document = 1) => ({ file: 'p.yaml', document, checkId, kind, namespace, name });
  const file = parseSuppressionFile(entry('check: pss/privileged\nkind: Pod\nnamespace: legacy-*\nname: "*"\nreason: r1'), 's.yaml');

  it('suppresses matching findings (check id, kind, namespace and name globs) and keeps the others', () => {
    const out = applySuppressions([
      f('pss/privileged', 'Pod', 'legacy-a', 'x'),
      f('pss/privileged', 'Pod', 'prod', 'x'),
      f('pss/privileged', 'Deployment', 'legacy-a', 'x'),
      f('pss/runAsUser', 'Pod', 'legacy-a', 'x'),
    ], file, '2026-01-01');
    expect(out.suppressed.map((s) => s.finding.namespace)).toEqual(['legacy-a']);
    expect(out.kept).toHaveLength(3);
    expect(out.report.map((r) => [r.status, r.matched])).toEqual([['applied', 1]]);
  });

  it('applies through its expiry day (UTC) and not after; then reports it expired with what it matched', () => {
    const s = parseSuppressionFile(entry('check: pss/\nreason: r\nexpires: "2026-06-30"'), 's.yaml');
    const finding = [f('pss/privileged', 'Pod', 'a', 'b')];
    expect(applySuppressions(finding, s, '2026-06-30').suppressed).toHaveLength(1);
    const after = applySuppressions(finding, s, '2026-07-01');
    expect(after.suppressed).toHaveLength(0);
    expect(after.kept).toHaveLength(1);
    expect(after.report.map((r) => [r.status, r.matched])).toEqual([['expired', 1]]);
  });

  it('reports a suppression that matched nothing as stale', () => {
    expect(applySuppressions([], file, '2026-01-01').report.map((r) => r.status)).toEqual(['stale']);
  });

  it('never suppresses a finding about an unreadable document, even through an area', () => {
    const all = parseSuppressionFile(entry('check: yaml/\nreason: r'), 's.yaml');
    const out = applySuppressions([f('yaml/parse', '', undefined, ''), f('yaml/duplicate-key', 'Pod', 'a', 'b')], all, '2026-01-01');
    expect(out.kept.map((k) => k.checkId)).toEqual(['yaml/parse']);
    expect(out.suppressed.map((k) => k.finding.checkId)).toEqual(['yaml/duplicate-key']);
    expect(UNSUPPRESSIBLE).toEqual(expect.arrayContaining(['yaml/parse', 'yaml/too-deep', 'yaml/aliases', 'yaml/not-object', 'cli/internal-error']));
  });

  it('applies an annotation to its own object only', () => {
    const site = { file: 'p.yaml', document: 1, documentLine: 1, kind: 'Pod', namespace: 'a', name: 'b' };
    const ann = annotationSuppressions({ metadata: { annotations: { 'haru.cdk8s.io/suppress.pss.privileged': 'r' } } }, site).suppressions;
    const out = applySuppressions([f('pss/privileged', 'Pod', 'a', 'b'), f('pss/privileged', 'Pod', 'a', 'b', 2)], ann, '2026-01-01');
    expect(out.suppressed.map((s) => s.finding.document)).toEqual([1]);
  });

  it('matches globs whole, with * and ? and no other special characters', () => {
    expect(globMatches('legacy-*', 'legacy-')).toBe(true);
    expect(globMatches('legacy-*', 'my-legacy-a')).toBe(false);
    expect(globMatches('a?c', 'abc')).toBe(true);
    expect(globMatches('a.c', 'abc')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
  });

  it('knows real days', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2027-02-29')).toBe(false);
    expect(isDay('2027-3-1')).toBe(false);
  });
});
