/**
 * A platform team's admission set: MutatingPolicies that fill in what workloads leave out,
 * then ValidatingPolicies that refuse what must not run. The API server runs them in that
 * order, so the validations see the mutated objects.
 *
 * - harden-pods (MAP): HardenedPod defaults for every pod that leaves them unset.
 * - allowed-registries (VAP, Deny): images only from the house registry and the org on ghcr.io,
 *   for pods, `kubectl debug` ephemeral containers and every workload template.
 * - no-latest (VAP, Warn + Audit): flags images without a version tag or digest while teams
 *   migrate; switch the binding to Deny once the audit log is clean.
 * - team-label (VAP, Deny): workloads carry a `team` label.
 * - replica-limit (VAP with a ConfigMap parameter): Deployments stay under a limit the
 *   platform team sets per cluster without changing the policy.
 *
 * Try it offline on third-party manifests:
 *   npm run synth
 *   npx cdk8s-haru admit --policies manifests/platform-policies/ examples/platform-policies/workloads.yaml
 */
import { ApiObject, App, Chart } from 'cdk8s';
import {
  Mutation, MutatingPolicy, ParameterNotFoundAction, ParamKind, ParamRef, ResourceRule, ValidatingPolicy, Validation,
  ValidationAction, ValidationReason,
} from '../../lib';

const app = new App();
const chart = new Chart(app, 'platform-policies');
const system = ['kube-system'];
const workloads = [ResourceRule.deployments(), ResourceRule.statefulSets(), ResourceRule.daemonSets(), ResourceRule.jobs(), ResourceRule.cronJobs()];

new MutatingPolicy(chart, 'harden-pods', {
  name: 'harden-pods',
  rules: [ResourceRule.pods()],
  excludeNamespaces: system,
  mutations: [Mutation.hardenPods()],
});

new ValidatingPolicy(chart, 'allowed-registries', {
  name: 'allowed-registries',
  resourceRules: [ResourceRule.pods(), ResourceRule.ephemeralContainers(), ...workloads],
  excludeNamespaces: system,
  validations: [Validation.allowedRegistries(['registry.example.com', 'ghcr.io/example-org'])],
});

new ValidatingPolicy(chart, 'no-latest', {
  name: 'no-latest',
  resourceRules: [ResourceRule.pods(), ...workloads],
  excludeNamespaces: system,
  validations: [Validation.noLatestTag()],
  validationActions: [ValidationAction.WARN, ValidationAction.AUDIT],
});

new ValidatingPolicy(chart, 'team-label', {
  name: 'team-label',
  resourceRules: workloads,
  excludeNamespaces: system,
  validations: [Validation.requiredLabels(['team'])],
  auditAnnotations: [{ key: 'team', valueExpression: '"team" in object.metadata.?labels.orValue({}) ? string(object.metadata.labels["team"]) : ""' }],
});

new ApiObject(chart, 'replica-limits', {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'replica-limits', namespace: 'platform' },
  data: { maxReplicas: '20' },
});

new ValidatingPolicy(chart, 'replica-limit', {
  name: 'replica-limit',
  resourceRules: [ResourceRule.deployments()],
  paramKind: ParamKind.configMap(),
  paramRef: ParamRef.byName('replica-limits', { namespace: 'platform', parameterNotFoundAction: ParameterNotFoundAction.DENY }),
  variables: [{ name: 'maxReplicas', expression: 'int(params.data.maxReplicas)' }],
  validations: [Validation.expression({
    expression: '!has(object.spec.replicas) || object.spec.replicas <= variables.maxReplicas',
    messageExpression: '"replicas must be at most " + string(variables.maxReplicas) + ", got " + string(object.spec.replicas)',
    reason: ValidationReason.INVALID,
  })],
});

app.synth();
