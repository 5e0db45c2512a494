/**
 * Gives every container of pods in namespaces labelled `environment: production` default
 * requests (100m CPU / 256Mi memory) and limits (2 CPU / 4Gi memory) where it has none.
 * The values come from the ConfigMap `resource-limits-params` (the policy's parameter, so
 * operators can change them without touching the policy); if the ConfigMap is missing the
 * binding denies the request (`parameterNotFoundAction: Deny`). kube-system is excluded
 * through the immutable `kubernetes.io/metadata.name` label.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import {
  CelValue, Mutation, MutatingPolicy, ParameterNotFoundAction, ParamKind, ParamRef, ResourceRule,
} from '../../lib';

const PARAMS_NAMESPACE = 'platform-policy';
const DEFAULTS = {
  'requests.cpu': '100m',
  'requests.memory': '256Mi',
  'limits.cpu': '2',
  'limits.memory': '4Gi',
};

const app = new App();
const chart = new Chart(app, 'default-resources');

// The parameter object lives in a namespace only the platform team can write to.
new ApiObject(chart, 'params-namespace', {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: PARAMS_NAMESPACE },
});
new ApiObject(chart, 'params', {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'resource-limits-params', namespace: PARAMS_NAMESPACE },
  data: DEFAULTS,
});

// A key missing from the ConfigMap falls back to the same defaults.
const param = (key: keyof typeof DEFAULTS) => CelValue.configMapData(key, DEFAULTS[key]);

new MutatingPolicy(chart, 'default-resources', {
  name: 'default-container-resources',
  rules: [ResourceRule.pods()],
  namespaceSelector: { matchLabels: { environment: 'production' } },
  excludeNamespaces: ['kube-system'],
  paramKind: ParamKind.configMap(),
  paramRef: ParamRef.byName('resource-limits-params', {
    namespace: PARAMS_NAMESPACE,
    parameterNotFoundAction: ParameterNotFoundAction.DENY,
  }),
  mutations: [
    Mutation.defaultResources({
      requests: { cpu: param('requests.cpu'), memory: param('requests.memory') },
      limits: { cpu: param('limits.cpu'), memory: param('limits.memory') },
    }),
  ],
});

app.synth();
