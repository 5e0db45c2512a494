/**
 * Findings where the API server's verdict is not a refusal (warnings, objects it does not
 * check) and the rules it applies that were missing: each test cites the upstream source.
 */
import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { CrdSet } from '../../lib/check/crd';
import { checkObject, notCheckedReason } from '../../lib/check/registry';

const msgs = (o: unknown, crds?: CrdSet) => checkObject(o, { crds }).map((v) => `[${v.checkId}] ${formatViolation(v)}`);

function pod(annotations: Record<string, string>, container: Record<string, unknown> = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations },
    spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1', ...container }] },
  };
}

// pkg/api/pod/warnings.go (warningsForPodSpecAndMeta) and the AppArmor version skew in pkg/registry/core/pod/strategy.go.
describe('deprecated pod annotations are warnings', () => {
  it('warns on container.apparmor.security.beta.kubernetes.io/<container>', () => {
    expect(msgs(pod({ 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' }))).toEqual([
      '[pod/deprecated] metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]: is deprecated since v1.30 (got "runtime/default"). Set securityContext.appArmorProfile (e.g. type: RuntimeDefault) of container "app" instead.',
    ]);
    expect(severityOf('pod/deprecated')).toBe('warning');
  });
  it('warns on the seccomp pod and container annotations when the field is not set', () => {
    expect(msgs(pod({ 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default', 'container.seccomp.security.alpha.kubernetes.io/app': 'runtime/default' }))).toEqual([
      '[pod/deprecated] metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]: is non-functional in v1.27+ (got "runtime/default"). Set spec.securityContext.seccompProfile instead.',
      '[pod/deprecated] metadata.annotations["container.seccomp.security.alpha.kubernetes.io/app"]: is non-functional in v1.27+ (got "runtime/default"). Set securityContext.seccompProfile of container "app" instead.',
    ]);
  });
  it('does not warn on the container seccomp annotation when the container sets the field', () => {
    expect(msgs(pod({ 'container.seccomp.security.alpha.kubernetes.io/app': 'runtime/default' }, { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }))).toEqual([]);
  });
  it('warns in a Deployment pod template too', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' }, annotations: { 'scheduler.alpha.kubernetes.io/critical-pod': '' } }, spec: pod({}).spec } },
    };
    expect(msgs(d)).toEqual(['[pod/deprecated] spec.template.metadata.annotations["scheduler.alpha.kubernetes.io/critical-pod"]: is non-functional in v1.16+ (got ""). Set spec.priorityClassName instead.']);
  });
});

// The swagger paths of the 1.36 catalog say which kinds are namespaced; the API server ignores a namespace on the others.
describe('metadata.namespace on a cluster-scoped kind', () => {
  it('warns that the namespace is ignored', () => {
    expect(msgs({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', namespace: 'default' } })).toEqual([
      '[meta/cluster-scoped-namespace] metadata.namespace: is ignored: Namespace is cluster-scoped (got "default"; allowed: unset). Remove metadata.namespace.',
    ]);
    expect(severityOf('meta/cluster-scoped-namespace')).toBe('warning');
  });
  it('says nothing for a namespaced kind', () => {
    expect(msgs({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } })).toEqual([]);
  });
});

// pkg/apis/core/validation/validation.go: ValidatePortNumOrName (IsValidPortName: "must contain at least one letter").
describe('Service targetPort', () => {
  const svc = (targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { a: 'b' }, ports: [{ port: 80, targetPort }] } });
  it('fails when targetPort is a quoted number', () => {
    expect(msgs(svc('8080'))).toEqual([
      '[service/target-port] spec.ports[0].targetPort: is not a port name: it must contain at least one letter (a-z) (got "8080"; allowed: a port number, or the name of a container port (IANA_SVC_NAME)). Write the number without quotes: targetPort: 8080.',
    ]);
  });
  it('accepts a port name, a number, and 0 (defaulted to port: pkg/apis/core/v1/defaults.go)', () => {
    expect(msgs(svc('http'))).toEqual([]);
    expect(msgs(svc(8080))).toEqual([]);
    expect(msgs(svc(0))).toEqual([]);
  });
});

// pkg/apis/core/validation/validation.go validateContainers: at least one container is required.
describe('containers: []', () => {
  it('fails when a pod has no containers', () => {
    expect(msgs({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } })).toContain(
      '[pod/containers] spec.containers: must have at least one container (got []; allowed: one or more containers). Add the container the pod runs.',
    );
  });
});

// k8s.io/apiextensions-apiserver: structural schemas, pruning and x-kubernetes-validations (schema/cel/compilation.go).
describe('custom resources', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [{
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              metadata: { type: 'object' },
              spec: {
                'type': 'object',
                'required': ['size'],
                'x-kubernetes-validations': [
                  { rule: '!has(self.minSize) || self.minSize <= self.size', message: 'minSize must not exceed size' },
                  { rule: "!has(self.mode) || self.mode != 'slow' || self.size < 10", messageExpression: "'slow widgets hold fewer than 10, not ' + string(self.size)" },
                ],
                'properties': {
                  size: { type: 'integer', minimum: 1 },
                  minSize: { type: 'integer' },
                  mode: { type: 'string', enum: ['fast', 'slow'] },
                  extra: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
            },
          },
        },
      }],
    },
  };
  const crds = new CrdSet();
  crds.add(crd);
  const widget = (spec: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'a' }, spec });
  /** The CRD with other x-kubernetes-validations on spec. */
  const withRules = (rules: unknown[]): CrdSet => {
    const copy = structuredClone(crd);
    (copy.spec.versions[0].schema.openAPIV3Schema.properties.spec as any)['x-kubernetes-validations'] = rules;
    const set = new CrdSet();
    set.add(copy);
    return set;
  };

  it('reports a custom resource without its CRD as not checked', () => {
    expect(notCheckedReason(widget({ size: 1 }))).toBe('example.com/v1 Widget is not a Kubernetes 1.36 kind (a custom resource or a configuration file kind) and no CustomResourceDefinition for it was given');
    expect(notCheckedReason(widget({ size: 1 }), crds)).toBeUndefined();
    expect(severityOf('cli/not-checked')).toBe('notice');
  });
  it('accepts a custom resource that fits its schema, with preserved unknown fields', () => {
    expect(msgs(widget({ size: 3, minSize: 1, mode: 'fast', extra: { anything: [1] } }), crds)).toEqual([]);
  });
  it('fails when a custom resource breaks its schema', () => {
    expect(msgs(widget({ size: 0, mode: 'quick', colour: 'red' }), crds)).toEqual([
      '[crd/bounds] spec.size: must be greater than or equal to 1 (got 0). Raise the value.',
      '[crd/enum] spec.mode: is not one of the values the schema allows (got "quick"; allowed: "fast", "slow"). Use one of the allowed values.',
      '[crd/unknown-field] spec.colour: unknown field "colour" (the API server prunes it, and kubectl\'s strict field validation refuses it) (allowed: extra, minSize, mode, size). Remove it or add it to the openAPIV3Schema of CRD widgets.example.com.',
      '[crd/rules-not-checked] some validation rules were not checked because the object was invalid; correct the existing errors to complete validation. Fix the errors above, then check again to run the x-kubernetes-validations rules.',
    ]);
  });
  it('fails when a required field is missing or has the wrong type', () => {
    expect(msgs(widget({ minSize: 'x' }), crds)).toEqual([
      '[crd/required] spec.size: is required. Set size, as the openAPIV3Schema of CRD widgets.example.com requires.',
      '[crd/type] spec.minSize: must be of type integer (got "x"; allowed: integer). Write a value of type integer, as the openAPIV3Schema of CRD widgets.example.com declares.',
      '[crd/rules-not-checked] some validation rules were not checked because the object was invalid; correct the existing errors to complete validation. Fix the errors above, then check again to run the x-kubernetes-validations rules.',
    ]);
  });
  it('type-checks x-kubernetes-validations rules with self typed by the schema', () => {
    const set = withRules([{ rule: 'self.minSise <= self.size', message: 'm' }]);
    expect(msgs(widget({ size: 2 }), set)).toEqual([
      "[cel/no-such-field] spec: x-kubernetes-validations rule: undefined field 'minSise' on object at 1:6 (got \"self.minSise <= self.size\"). Did you mean 'minSize'?",
    ]);
  });
  it('evaluates x-kubernetes-validations rules on the value, with message and messageExpression', () => {
    expect(msgs(widget({ size: 2, minSize: 5 }), crds)).toEqual([
      '[crd/rule] spec: minSize must not exceed size. Change the value so that the rule "!has(self.minSize) || self.minSize <= self.size" holds.',
    ]);
    expect(msgs(widget({ size: 12, mode: 'slow' }), crds)).toEqual([
      '[crd/rule] spec: slow widgets hold fewer than 10, not 12. Change the value so that the rule "!has(self.mode) || self.mode != \'slow\' || self.size < 10" holds.',
    ]);
  });
  it('fails when a rule cannot be evaluated (an optional field read without has)', () => {
    const set = withRules([{ rule: 'self.minSize <= self.size' }]);
    expect(msgs(widget({ size: 2 }), set)).toEqual([
      '[crd/rule] spec: no such key: minSize evaluating rule: self.minSize <= self.size. The rule reads a field this object does not set: set it (the CRD author can guard the rule with has(...)).',
    ]);
  });
  it('does not run transition rules (they read oldSelf and run on update only)', () => {
    const set = withRules([{ rule: 'self.size >= oldSelf.size' }]);
    expect(msgs(widget({ size: 2 }), set)).toEqual([]);
  });
  it('fails when the CRD of the group does not serve the version', () => {
    expect(msgs({ apiVersion: 'example.com/v2', kind: 'Widget', metadata: { name: 'w' } }, crds)).toEqual([
      '[crd/not-served] apiVersion: no CRD given serves example.com/v2 Widget (got "example.com/v2 Widget"). Use a version and kind the CustomResourceDefinition serves, or pass the CRD that defines it.',
    ]);
  });
});
