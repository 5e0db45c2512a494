/**
 * A CustomResourceDefinition given with --crd is checked as the API server checks it at
 * creation, and its findings point at the --crd file.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/main';

const FIX = 'test/cli/fixtures/crd-file';

function cli(args: string[]): { code: number; stdout: string } {
  let stdout = '';
  const code = run(args, { stdout: (t) => { stdout += t; }, stderr: () => {}, readStdin: () => '', stderrIsTty: false });
  return { code, stdout };
}

describe('check --crd <file>', () => {
  it('reports a rule that does not compile against the CRD file', () => {
    const r = cli(['check', '--pss', 'none', '--format', 'json', '--crd', `${FIX}/bad-crd.yaml`, `${FIX}/gadgets.yaml`]);
    const json = JSON.parse(r.stdout);
    const onCrd = json.findings.filter((f: any) => f.file === `${FIX}/bad-crd.yaml`);
    expect(onCrd.map((f: any) => [f.checkId, f.kind, f.name, f.field])).toEqual([
      ['crd/definition', 'CustomResourceDefinition', 'gadgets.example.com', 'spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule'],
    ]);
    expect(onCrd[0].message).toContain('compilation failed');
    // the CRD file is not counted as an input document
    expect(json.documents).toBe(2);
    expect(r.code).toBe(1);
  });

  it('reports nothing on a valid CRD given with --crd', () => {
    const r = cli(['check', '--pss', 'none', '--format', 'json', '--crd', 'test/cli/fixtures/verdicts/crd.yaml', `${FIX}/gadgets.yaml`]);
    const json = JSON.parse(r.stdout);
    expect(json.findings.filter((f: any) => f.file === 'test/cli/fixtures/verdicts/crd.yaml')).toEqual([]);
  });

  it('reports the CRD once when it is both --crd and an input', () => {
    const r = cli(['check', '--pss', 'none', '--format', 'json', '--crd', `${FIX}/bad-crd.yaml`, `${FIX}/bad-crd.yaml`, `${FIX}/gadgets.yaml`]);
    const json = JSON.parse(r.stdout);
    expect(json.findings.filter((f: any) => f.file === `${FIX}/bad-crd.yaml` && f.checkId === 'crd/definition')).toHaveLength(1);
  });
});
