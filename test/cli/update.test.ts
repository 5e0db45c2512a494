/**
 * `cdk8s-haru check --old`: custom resources paired with their stored version by group, kind,
 * namespace and name are checked as updates (transition rules, ratcheting), as
 * apiextensions-apiserver v0.36 validates an UPDATE; unpaired objects are reported.
 */
import { describe, expect, it } from 'vitest';
import { CrdSet } from '../../lib/check/crd';
import { run } from '../../lib/cli/main';
import { objectIdentity } from '../../lib/cli/pairing';

const FIX = 'test/cli/fixtures/update';

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => '', stderrIsTty: false });
  return { code, stdout, stderr };
}

describe('check --old', () => {
  const r = cli(['check', '--pss', 'none', '--format', 'json', '--crd', `${FIX}/crd.yaml`, '--old', `${FIX}/old.yaml`, `${FIX}/new.yaml`]);
  const findings: any[] = JSON.parse(r.stdout).findings;
  const of = (name: string): string[] => findings.filter((f) => f.name === name).map((f) => `${f.severity} ${f.checkId} ${f.field}`);

  it('fails when a transition rule fails on the paired object', () => {
    expect(r.code).toBe(1);
    expect(of('a')).toEqual(['error crd/rule spec.replicas', 'error crd/rule spec.class']);
    expect(findings.find((f) => f.name === 'a' && f.field === 'spec.class').message).toContain('class is immutable');
  });

  it('reports a rule failing on an unchanged value as a ratcheting warning', () => {
    expect(of('b')).toEqual(['warning crd/rule-ratcheted spec.size']);
  });

  it('checks an object without a stored version as a create, with a notice', () => {
    expect(of('d')).toEqual(['error crd/bounds spec.size', 'error crd/rules-not-checked ', 'notice cli/no-old ']);
  });

  it('reports a stored object that no input updates', () => {
    const c = findings.filter((f) => f.name === 'c');
    expect(c.map((f) => [f.file, f.checkId, f.severity])).toEqual([[`${FIX}/old.yaml`, 'cli/old-unpaired', 'notice']]);
  });

  it('without --old runs no transition rule and ratchets nothing', () => {
    const plain = cli(['check', '--pss', 'none', '--format', 'json', '--crd', `${FIX}/crd.yaml`, `${FIX}/new.yaml`]);
    const f: any[] = JSON.parse(plain.stdout).findings;
    expect(f.filter((x) => x.name !== 'd').map((x) => `${x.name} ${x.severity} ${x.checkId} ${x.field}`)).toEqual(['b error crd/rule spec.size']);
  });

  it('fails with a usage error when an --old file does not parse', () => {
    const bad = cli(['check', '--crd', `${FIX}/crd.yaml`, '--old', `${FIX}/crd.yaml-missing`, `${FIX}/new.yaml`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read test/cli/fixtures/update/crd.yaml-missing');
  });
});

describe('objectIdentity (the pairing admit --old and check --old share)', () => {
  const crds = new CrdSet();
  crds.add({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true }, { name: 'v2', served: true }] },
  });
  it('pairs versions of one group, and a namespaced custom resource without a namespace with the default namespace', () => {
    const a = objectIdentity({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, crds);
    const b = objectIdentity({ apiVersion: 'example.com/v2', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } }, crds);
    expect(a).toBe(b);
  });
  it('keeps different names, kinds and namespaces apart', () => {
    const w = (name: string, namespace: string, kind = 'Widget'): string => objectIdentity({ apiVersion: 'example.com/v1', kind, metadata: { name, namespace } }, crds);
    expect(new Set([w('a', 'x'), w('b', 'x'), w('a', 'y'), w('a', 'x', 'Gadget')]).size).toBe(4);
  });
});
