/**
 * Custom resources validated in the order and with the rules of apiextensions-apiserver
 * v0.36.0: decoding (customresource_handler.go unstructuredSchemaCoercer.apply: ObjectMeta
 * decoding, pruning, objectmeta/algorithm.go coerce), PrepareForCreate (status dropped with
 * the status subresource), validator.go Validate (ValidateObjectMetaAccessor, the schema with
 * kube-openapi formats), strategy.go Validate (validateEmbeddedResource, list sets and maps,
 * hasBlockingErr before the rules), on real CRDs with their published examples
 * (test/fixtures/crds/README.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CrdSet, checkCustomResource } from '../../lib/check/crd';
import { checkObject } from '../../lib/check/registry';

const FIX = path.join(__dirname, '..', 'fixtures', 'crds');
const docs = (file: string): any[] => parseAllDocuments(fs.readFileSync(path.join(FIX, file), 'utf-8')).map((d) => d.toJSON()).filter((d) => d);
const crdsOf = (...files: string[]): CrdSet => {
  const crds = new CrdSet();
  for (const f of files) for (const d of docs(f)) crds.add(d);
  return crds;
};
/** What kubectl sends: the default namespace filled in for namespaced kinds. */
const withNs = (o: any, namespaced = true) => (namespaced && !o.metadata.namespace ? { ...o, metadata: { ...o.metadata, namespace: 'default' } } : o);
const findings = (o: unknown, crds: CrdSet) => checkObject(o, { crds }).map((v) => `${v.checkId} ${v.field}: ${v.problem}`);
const ids = (o: unknown, crds: CrdSet) => checkObject(o, { crds }).map((v) => `${v.checkId} ${v.field}`);
const clone = <T>(x: T): T => structuredClone(x);

const THING = (schema: unknown, opts: { scope?: string; status?: boolean } = {}) => {
  const crds = new CrdSet();
  crds.add({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      scope: opts.scope ?? 'Namespaced',
      names: { kind: 'Thing', plural: 'things' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema }, ...(opts.status ? { subresources: { status: {} } } : {}) }],
    },
  });
  return crds;
};
const thing = (spec: unknown, metadata: Record<string, unknown> = { name: 'a', namespace: 'd' }) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata, spec });
const obj = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties: props, ...extra });

describe('cert-manager v1.21.1 (Certificate, ClusterIssuer) with its published examples', () => {
  const crds = crdsOf('cert-manager-v1.21.1.yaml');
  const examples = docs('cert-manager-examples.yaml');
  const byName = (n: string) => clone(examples.find((e) => e.metadata.name === n));

  it('loads both kinds', () => expect(crds.size).toBe(2));

  it('accepts the published examples', () => {
    for (const name of ['example-com', 'selfsigned-cluster-issuer', 'selfsigned-issuer', 'my-selfsigned-ca', 'letsencrypt-staging', 'my-acme-server-with-eab']) {
      const e = byName(name);
      expect(findings(withNs(e, e.kind === 'Certificate'), crds), name).toEqual([]);
    }
  });

  it('refuses the two published examples the 1.21.1 CRD does not fit, with the field the server names', () => {
    // certificate.md spells emailAddresses as emailAddress: kubectl's strict field validation refuses it
    expect(ids(withNs(byName('ca-cert-example')), crds)).toEqual(['crd/unknown-field spec.nameConstraints.permitted.emailAddress']);
    // acme/README.md "Reusing an ACME Account" leaves out spec.acme.server, which the CRD requires
    expect(ids(byName('my-acme-server-with-existing-acme-account'), crds)).toEqual(['crd/required spec.acme.server', 'crd/rules-not-checked ']);
  });

  it('refuses what the CRD itself rules out', () => {
    const cert = byName('example-com');
    const bad = (mutate: (c: any) => void) => {
      const c = clone(cert);
      mutate(c);
      return ids(c, crds);
    };
    expect(bad((c) => { c.spec.privateKey.algorithm = 'RSA2'; })).toEqual(['crd/enum spec.privateKey.algorithm']);
    expect(bad((c) => { c.spec.usages.push('bogus'); })).toEqual(['crd/enum spec.usages[2]']);
    expect(bad((c) => { delete c.spec.issuerRef; })).toEqual(['crd/required spec.issuerRef']);
    expect(bad((c) => { c.spec.privateKey.size = '2048'; })).toEqual(['crd/type spec.privateKey.size']);
    expect(bad((c) => { c.metadata.name = 'Example_Com'; })).toEqual(['meta/name metadata.name']);
    // format: int32 (kube-openapi IsValueValidAgainstRange): Invalid, not blocking
    expect(bad((c) => { c.spec.revisionHistoryLimit = 2 ** 31; })).toEqual(['crd/bounds spec.revisionHistoryLimit']);
  });

  it('accepts what only the cert-manager webhook refuses (a duration in days)', () => {
    const c = byName('example-com');
    c.spec.duration = '90d';
    expect(findings(c, crds)).toEqual([]);
  });

  it('refuses the caBundle placeholder of acme/README.md "Private ACME Servers" (format: byte)', () => {
    const issuer = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'my-acme-server-issuer' },
      spec: { acme: { server: 'https://my-acme-server.example.com', caBundle: '<base64 encoded CA Bundle in PEM format>', privateKeySecretRef: { name: 'k' } } },
    };
    expect(findings(issuer, crds)).toEqual([
      'crd/format spec.acme.caBundle: must be of type byte (the schema\'s format)',
      'crd/rules-not-checked : some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
    issuer.spec.acme.caBundle = Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64');
    expect(findings(issuer, crds)).toEqual([]);
  });

  it("runs the ClusterIssuer's own CEL rule (venafi: exactly one of tpp, cloud, or ngts)", () => {
    const venafi = (v: Record<string, unknown>) => ({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'v' }, spec: { venafi: { zone: 'z', ...v } } });
    const tpp = { url: 'https://tpp.example.com/vedsdk', credentialsRef: { name: 'c' } };
    const cloud = { apiTokenSecretRef: { name: 't', key: 'k' } };
    expect(findings(venafi({ tpp }), crds)).toEqual([]);
    expect(findings(venafi({ tpp, cloud }), crds)).toEqual(['crd/rule spec.venafi: exactly one of tpp, cloud, or ngts must be configured']);
  });

  it('does not check status on create: the status subresource drops it (PrepareForCreate)', () => {
    const c = byName('example-com');
    c.status = { notAfter: 'tomorrow', conditions: 'none' };
    expect(findings(c, crds)).toEqual([]);
  });
});

describe('prometheus-operator v0.93.0 (ServiceMonitor, PrometheusRule) with its published examples', () => {
  const crds = crdsOf('prometheus-operator-v0.93.0.yaml');
  const examples = docs('prometheus-operator-examples.yaml');

  it('accepts every published example but the scrape-class one, which leaves out the required selector', () => {
    const out = examples.map((e) => [e.metadata.name, ids(withNs(e), crds)] as const);
    expect(out.filter(([, f]) => f.length > 0)).toEqual([['servicemonitor-example', ['crd/required spec.selector']]]);
    expect(out.length).toBe(8);
  });

  it('refuses what the CRDs rule out, with the field', () => {
    const sm = withNs(clone(examples.find((e) => e.kind === 'ServiceMonitor')));
    const pr = withNs(clone(examples.find((e) => e.kind === 'PrometheusRule')));
    const bad = (o: any, mutate: (c: any) => void) => {
      const c = clone(o);
      mutate(c);
      return ids(c, crds);
    };
    expect(bad(sm, (c) => { c.spec.endpoints[0].scheme = 'ftp'; })).toEqual(['crd/enum spec.endpoints[0].scheme']);
    expect(bad(sm, (c) => { c.spec.endpoints[0].interval = '30 seconds'; })).toEqual(['crd/pattern spec.endpoints[0].interval']);
    expect(bad(pr, (c) => { c.spec.groups.push(clone(c.spec.groups[0])); })).toEqual(['crd/duplicate spec.groups[1]']);
    expect(bad(pr, (c) => { delete c.spec.groups[0].rules[0].expr; })).toEqual(['crd/required spec.groups[0].rules[0].expr']);
    expect(bad(pr, (c) => { c.spec.groups[0].rules[0].for = '5 minutes'; })).toEqual(['crd/pattern spec.groups[0].rules[0].for']);
    expect(bad(pr, (c) => { c.metadata.labels.role = 'alert rules'; })).toEqual(['meta/labels metadata.labels["role"]']);
  });

  it('checks the examples quickly', () => {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) for (const e of examples) checkObject(withNs(e), { crds });
    expect((performance.now() - t0) / (10 * examples.length)).toBeLessThan(50);
  });
});

describe('metadata of custom resources (validator.go: ValidateObjectMetaAccessor with NameIsDNSSubdomain)', () => {
  const crds = THING(obj({ spec: obj({ n: { type: 'integer' } }) }));
  const meta = (m: Record<string, unknown>) => ids(thing({ n: 1 }, m), crds);
  it('refuses a bad name, a missing name, a bad namespace, labels and annotation keys', () => {
    expect(meta({ name: 'Bad_Name', namespace: 'd' })).toEqual(['meta/name metadata.name']);
    expect(meta({ namespace: 'd' })).toEqual(['meta/name metadata.name']);
    expect(meta({ name: 'a', namespace: 'apps.default' })).toEqual(['meta/namespace metadata.namespace']);
    expect(meta({ name: 'a', namespace: 'd', labels: { 'a/b/c': 'x', 'ok': 'bad value' } })).toEqual(['meta/labels metadata.labels["a/b/c"]', 'meta/labels metadata.labels["ok"]']);
    expect(meta({ name: 'a', namespace: 'd', annotations: { 'bad key!': 'x' } })).toEqual(['meta/annotations metadata.annotations["bad key!"]']);
    expect(meta({ generateName: 'Bad_', namespace: 'd' })).toEqual(['meta/generate-name metadata.generateName']);
    expect(meta({ generateName: 'ok-', namespace: 'd' })).toEqual([]);
  });
  it('refuses metadata that does not decode as an ObjectMeta, and unknown metadata fields', () => {
    expect(meta({ name: 'a', namespace: 'd', labels: { a: 1 } })).toEqual(['crd/metadata metadata']);
    expect(meta({ name: 'a', namespace: 'd', finalizers: 'x' })).toEqual(['crd/metadata metadata']);
    expect(meta({ name: 'a', namespace: 'd', creationTimestamp: null })).toEqual([]);
    expect(meta({ name: 'a', namespace: 'd', labelz: { a: 'b' } })).toEqual(['crd/unknown-field metadata.labelz']);
  });
  it('only warns about a namespace on a cluster-scoped kind (the server clears it)', () => {
    const cluster = THING(obj({ spec: obj({}) }), { scope: 'Cluster' });
    expect(checkObject(thing({}, { name: 'a', namespace: 'd' }), { crds: cluster }).map((v) => v.checkId)).toEqual(['meta/cluster-scoped-namespace']);
  });
  it('lets a metadata.name restriction of the schema apply', () => {
    const short = THING(obj({ metadata: obj({ name: { type: 'string', maxLength: 5 } }), spec: obj({}) }));
    expect(ids(thing({}, { name: 'toolong', namespace: 'd' }), short)).toEqual(['crd/bounds metadata.name']);
  });
});

describe('embedded resources (objectmeta/validation.go validateEmbeddedResource, algorithm.go coerce)', () => {
  const crds = THING(obj({
    spec: obj({
      e: { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
      list: { type: 'array', items: { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } },
    }),
  }));
  const emb = (e: unknown) => findings(thing({ e }), crds);
  it('accepts a well-formed embedded resource', () => {
    expect(emb({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 1 } })).toEqual([]);
    expect(emb({ apiVersion: 'v1', kind: 'ConfigMap' })).toEqual([]);
  });
  it('refuses apiVersion: 42 and a missing kind', () => {
    expect(emb({ apiVersion: 42 })).toEqual(['crd/embedded-resource spec.e.apiVersion: must be a string', 'crd/embedded-resource spec.e.kind: is required (in an embedded resource)']);
  });
  it('refuses an empty or malformed apiVersion and kind', () => {
    expect(emb({ apiVersion: 'a/b/c', kind: 'Pod' })).toEqual(['crd/embedded-resource spec.e.apiVersion: unexpected GroupVersion string: a/b/c']);
    expect(emb({ apiVersion: '', kind: '' })).toEqual(['crd/embedded-resource spec.e.apiVersion: must not be empty', 'crd/embedded-resource spec.e.kind: must not be empty']);
    expect(ids(thing({ e: { apiVersion: 'v1', kind: 'Con_fig' } }), crds)).toEqual(['crd/embedded-resource spec.e.kind']);
  });
  it('checks embedded metadata with path-segment names', () => {
    expect(ids(thing({ e: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a/b' } } }), crds)).toEqual(['meta/name spec.e.metadata.name']);
    expect(ids(thing({ e: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Upper_Case.ok' } } }), crds)).toEqual([]);
    expect(ids(thing({ e: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b c' } } } }), crds)).toEqual(['meta/labels spec.e.metadata.labels["a"]']);
    expect(ids(thing({ list: [{ apiVersion: 'v1', kind: 'Pod', metadata: { labels: 'x' } }] }), crds)).toEqual(['crd/metadata spec.list[0].metadata']);
  });
});

describe("the server's order and its blocking errors (strategy.go Validate, hasBlockingErr)", () => {
  const rules = [{ rule: 'self.n > 0', message: 'n must be positive' }];
  const crds = THING(obj({
    spec: obj({
      n: { type: 'integer', default: 5 },
      at: { type: 'string', format: 'date-time' },
      items: { type: 'array', items: { type: 'string' } },
      e: { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
    }, { 'x-kubernetes-validations': rules }),
  }));
  const NOTICE = 'crd/rules-not-checked : some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
  it('applies defaults before the rules', () => {
    expect(findings(thing({}), crds)).toEqual([]);
    expect(findings(thing({ n: -1 }), crds)).toEqual(['crd/rule spec: n must be positive']);
  });
  it('a format error is TypeInvalid: it blocks the rules', () => {
    expect(findings(thing({ n: -1, at: 'yesterday' }), crds)).toEqual(['crd/format spec.at: must be of type date-time (the schema\'s format)', NOTICE]);
  });
  it('a missing name (Required) blocks the rules; an invalid name does not', () => {
    expect(findings(thing({ n: -1 }, { namespace: 'd' }), crds)).toEqual(['meta/name metadata.name: name or generateName is required', NOTICE]);
    expect(findings(thing({ n: -1 }, { name: 'Bad_Name', namespace: 'd' }), crds)).toEqual([
      'meta/name metadata.name: must be a DNS-1123 subdomain', 'crd/rule spec: n must be positive',
    ]);
  });
  it('an embedded resource without kind (Required) blocks the rules', () => {
    expect(findings(thing({ n: -1, e: { apiVersion: 'v1' } }), crds)).toEqual(['crd/embedded-resource spec.e.kind: is required (in an embedded resource)', NOTICE]);
  });
  it('refuses a null list item (kube-openapi typeValidator), and prunes a null field', () => {
    expect(findings(thing({ items: ['a', null] }), crds)).toEqual(['crd/type spec.items[1]: must be of type string', NOTICE]);
    expect(findings(thing({ at: null }), crds)).toEqual([]);
  });
  it('counts a nullable null as present for required, and a pruned null as missing', () => {
    const req = THING(obj({ spec: obj({ a: { type: 'string', nullable: true }, b: { type: 'string' } }, { required: ['a', 'b'] }) }));
    expect(ids(thing({ a: null, b: 'x' }), req)).toEqual([]);
    expect(ids(thing({ a: 'x', b: null }), req)).toEqual(['crd/required spec.b']);
  });
  it('validates status without the status subresource, not with it', () => {
    const s = obj({ spec: obj({}), status: obj({ at: { type: 'string', format: 'date' } }) });
    const st = { ...thing({}), status: { at: 'x' } };
    expect(ids(st, THING(s))).toEqual(['crd/format status.at']);
    expect(ids(st, THING(s, { status: true }))).toEqual([]);
    expect(st.status).toEqual({ at: 'x' }); // the input is not changed
  });
  it('keeps checkCustomResource usable on its own', () => {
    expect(checkCustomResource(thing({ at: '2026-01-01T00:00:00Z' }), { crd: 't', namespaced: true, schema: obj({ spec: obj({ at: { type: 'string', format: 'date-time' } }) }) })).toEqual([]);
  });
});
