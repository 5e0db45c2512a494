import { describe, expect, it } from 'vitest';
import { declarationKey, parseJsiiOutput } from '../../scripts/jsii-compile';
import { ACKNOWLEDGED_RESERVED_WORDS, compareReservedWords } from '../../scripts/jsii-reserved-words';

// The compile (scripts/jsii-compile.ts) runs jsii with reserved-word diagnostics as messages
// and fails unless they are exactly the acknowledged ones. These tests pin the parsing and
// the comparison; the real list is checked on every `npx projen compile`.
const SOURCE = [
  'export interface Toleration {',
  '  readonly operator?: string;',
  '}',
  'export class Subject {',
  '  public static serviceAccount(namespace: string, name: string): Subject { return new Subject(); }',
  '}',
].join('\n');

describe('jsii reserved-word acknowledgements', () => {
  it('locates a report at the property, or at the parameter of its method', () => {
    expect(declarationKey('x.ts', 2, 12, SOURCE)).toBe('Toleration.operator');
    expect(declarationKey('x.ts', 5, 32, SOURCE)).toBe('Subject.serviceAccount(namespace)');
  });

  it('takes the reserved-word messages out of the -vv output and keeps warnings and the summary', () => {
    const out = [
      '[2026-12-06T17:41:18.756] [DEBUG] jsii/package-info - Resolved dependency cdk8s',
      'lib/pod/scheduling.ts:28:12 - message JSII5018: "operator" is a reserved word in C#. Using this name may cause problems when generating language bindings. Consider a different name. [language-compatibility/reserved-word]',
      '',
      '28   readonly operator?: TolerationOperator;',
      '              ~~~~~~~~',
      'lib/a.ts:1:1 - warning JSII9999: something else',
      '✨ Successful',
    ].join('\n');
    const { printed, reports } = parseJsiiOutput(out, process.cwd());
    expect(reports).toEqual([{ key: 'Toleration.operator', languages: ['C#'], where: 'lib/pod/scheduling.ts:28:12' }]);
    expect(printed.join('\n')).not.toContain('JSII5018');
    expect(printed.join('\n')).not.toContain('[DEBUG]');
    expect(printed).toContain('lib/a.ts:1:1 - warning JSII9999: something else');
    expect(printed).toContain('✨ Successful');
  });

  it('fails on a report that is not listed, a listed one that is gone, and a changed language list', () => {
    const ack = { 'A.type': { languages: ['Go'], reason: 'r' }, 'B.namespace': { languages: ['C#'], reason: 'r' } };
    expect(compareReservedWords([{ key: 'A.type', languages: ['Go'], where: 'a.ts:1:1' }, { key: 'B.namespace', languages: ['C#'], where: 'b.ts:1:1' }], ack)).toEqual([]);
    const problems = compareReservedWords([{ key: 'A.type', languages: ['C#', 'Go'], where: 'a.ts:1:1' }, { key: 'C.default', languages: ['C#', 'Java', 'Go'], where: 'c.ts:2:3' }], ack);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('"A.type" is reserved in C#, Go (acknowledged for Go)');
    expect(problems[1]).toContain('c.ts:2:3: jsii reports "C.default" as a reserved word in C#, Java, Go, and it is not acknowledged');
    expect(problems[2]).toContain('"B.namespace" is acknowledged in scripts/jsii-reserved-words.ts but jsii no longer reports it');
  });

  it('gives every acknowledged name a reason that names the Kubernetes field or operation', () => {
    for (const [key, ack] of Object.entries(ACKNOWLEDGED_RESERVED_WORDS)) {
      expect(ack.reason.length, key).toBeGreaterThan(40);
      expect(ack.languages.length, key).toBeGreaterThan(0);
    }
  });
});
