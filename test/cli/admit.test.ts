/**
 * `cdk8s-haru admit`: in-process through the CLI entry point (fast), and once as the compiled
 * bin that users run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ensureBuilt, runCli } from './build';
import { run } from '../../lib/cli/main';

const FIX = 'test/cli/fixtures/admit';

function cli(argv: string[], stdin = ''): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(['admit', ...argv], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: () => stdin, stderrIsTty: false });
  return { code, stdout, stderr };
}
const docs = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJSON());

describe('cdk8s-haru admit', () => {
  it('prints the admitted objects as YAML in input order and exits 0', () => {
    const r = cli(['--policies', `${FIX}/policies.yaml`, `${FIX}/pods.yaml`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [web, dns] = docs(r.stdout);
    expect(web.metadata).toEqual({ name: 'web', namespace: 'shop', labels: { team: 'web', by: 'admin' } });
    // kube-system is excluded by the namespace selector; without --namespaces no namespace has env=prod.
    expect(dns.metadata).toEqual({ name: 'dns', namespace: 'kube-system' });
  });

  it('uses the namespace labels from --namespaces, and --user for request.userInfo', () => {
    const r = cli(['--policies', `${FIX}/policies.yaml`, '--namespaces', `${FIX}/namespaces.yaml`, '--user', 'alice', '--group', 'dev', `${FIX}/pods.yaml`]);
    expect(r.code).toBe(1);
    // annotate-prod adds below a missing annotations map: the API server rejects the pod.
    expect(r.stderr).toBe(`cdk8s-haru admit: ${FIX}/pods.yaml: document 1 Pod shop/web rejected: policy 'annotate-prod' with binding 'annotate-prod-binding' denied request: `
      + 'mutations[0]: JSON Patch: add operation does not apply: doc is missing path: "/metadata/annotations/prod": missing value\n');
    expect(docs(r.stdout)).toEqual([expect.objectContaining({ metadata: { name: 'dns', namespace: 'kube-system' } })]);
  });

  it('prints results with per-policy traces with --format json', () => {
    const r = cli(['--policies', `${FIX}/policies.yaml`, '--format', 'json', `${FIX}/pods.yaml`]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results).toHaveLength(2);
    expect(out.results[0]).toMatchObject({ admitted: true, object: { metadata: { labels: { team: 'web', by: 'admin' } } } });
    expect(out.results[0].policies).toEqual([
      { name: 'add-team', binding: 'add-team-binding', matched: true, applied: true, changed: true, reinvoked: true },
      { name: 'annotate-prod', binding: '', matched: false, applied: false, changed: false, reinvoked: false },
    ]);
  });

  it('reads objects from standard input', () => {
    const r = cli(['--policies', `${FIX}/policies.yaml`, '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: i}]}\n');
    expect(r.code).toBe(0);
    expect(docs(r.stdout)[0].metadata.labels).toEqual({ team: 'web', by: 'admin' });
  });

  it('reports check findings on the admitted objects with --check', () => {
    const r = cli(['--policies', `${FIX}/policies.yaml`, '--check', `${FIX}/pods.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${FIX}/pods.yaml (admitted, document 1):`);
    expect(r.stderr).toContain('[pss/');
  });

  it.each([
    [[`${FIX}/pods.yaml`], 'cdk8s-haru admit: --policies is required (a file or directory with admission policies and bindings)'],
    [['--policies', `${FIX}/policies.yaml`], 'cdk8s-haru admit: no objects given; name files, directories or - for standard input'],
    [['--policies', `${FIX}/policies.yaml`, '--operation', 'DELETE', `${FIX}/pods.yaml`], 'cdk8s-haru admit: --operation must be CREATE or UPDATE (got "DELETE")'],
    [['--policies', `${FIX}/policies.yaml`, '--format', 'xml', `${FIX}/pods.yaml`], 'cdk8s-haru admit: --format must be yaml or json (got "xml")'],
    [['--policies', `${FIX}/missing.yaml`, `${FIX}/pods.yaml`], `cdk8s-haru admit: cannot read ${FIX}/missing.yaml: no such file or directory`],
  ])('fails with exit 2 on usage errors: %j', (argv, message) => {
    const r = cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
  });

  const VFIX = 'test/cli/fixtures/admit-vap';

  it('runs ValidatingAdmissionPolicies: Deny rejects with the server message, Warn prints kubectl warnings', () => {
    const r = cli(['--policies', `${VFIX}/policies.yaml`, `${VFIX}/pods.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      "Warning: Validation failed for ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest-warn': do not use the latest tag",
      `cdk8s-haru admit: ${VFIX}/pods.yaml: document 3 Pod shop/nolabel rejected: pods "nolabel" is forbidden: ValidatingAdmissionPolicy 'team-label' with binding 'team-label-deny' denied request: pods need a team label`,
      '',
    ]);
    const [web, api] = docs(r.stdout);
    // the API server's defaults (core/v1 SetDefaults_Container, SetDefaults_PodSpec, SetDefaults_Pod)
    expect(web.spec.containers[0]).toEqual({ name: 'app', image: 'app:latest', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(api.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {}, enableServiceLinks: true });
    expect(api.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
  });

  it('prints objects as written with --no-defaults', () => {
    const r = cli(['--policies', `${VFIX}/policies.yaml`, '--no-defaults', `${VFIX}/pods.yaml`]);
    expect(docs(r.stdout)[1].spec).toEqual({ containers: [{ name: 'app', image: 'api:2' }] });
  });

  it('admits an object with a stored version from --old as an UPDATE from it', () => {
    const r = cli(['--policies', `${VFIX}/policies.yaml`, '--old', `${VFIX}/old.yaml`, '--format', 'json', `${VFIX}/pods.yaml`]);
    const out = JSON.parse(r.stdout);
    expect(out.results[1]).toMatchObject({ admitted: false, reason: 'Invalid' });
    expect(out.results[1].message).toContain('team may not change from payments');
    expect(out.results[0]).toMatchObject({ admitted: true, warnings: [expect.stringContaining('do not use the latest tag')] });
    expect(JSON.parse(out.results[0].auditAnnotations['validation.policy.admission.k8s.io/validation_failure'])[0]).toMatchObject({ policy: 'no-latest', validationActions: ['Warn', 'Audit'] });
  });

  it('refuses policies the API server would refuse, with exit 2 and the finding', () => {
    const r = cli(['--policies', `${VFIX}/policies.yaml`, '--policies', `${VFIX}/invalid.yaml`, `${VFIX}/pods.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('the API server would refuse these policies or bindings; nothing was admitted');
    expect(r.stderr).toContain('[admission/validation-actions] ValidatingAdmissionPolicyBinding "both": spec.validationActions: must not contain both Deny and Warn');
  });

  it('prints the usage with --help', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-haru admit --policies <file|dir> [options] <file|dir|->...');
  });
});

describe('cdk8s-haru admit (compiled bin)', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('admits from the command line as users run it', () => {
    const r = runCli(['admit', '--policies', `${FIX}/policies.yaml`, `${FIX}/pods.yaml`]);
    expect(r.code).toBe(0);
    expect(docs(r.stdout)[0].metadata.labels).toEqual({ team: 'web', by: 'admin' });
  });
});
