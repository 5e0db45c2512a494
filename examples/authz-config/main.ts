/**
 * A kube-apiserver authorization chain: Node, RBAC, then an external webhook that is only
 * asked about Dynamic Resource Allocation (`resource.k8s.io`) requests, plus an audit
 * policy that records the authorization decision of those requests.
 *
 * Output (beside the chart manifests, in the App's outdir):
 *   authorization-config.yaml -> kube-apiserver --authorization-config
 *   audit-policy.yaml         -> kube-apiserver --audit-policy-file
 */
import { App, Duration } from 'cdk8s';
import {
  AuditPolicy, AuditRule, Authorizer, AuthzConfig, AuthzMatchCondition, WebhookConnection,
} from '../../lib';

const app = new App();

new AuthzConfig(app, 'authz', {
  fileName: 'authorization-config.yaml',
  authorizers: [
    Authorizer.node(),
    Authorizer.rbac(),
    Authorizer.webhook({
      name: 'dra-policy.example.com',
      connection: WebhookConnection.kubeConfigFile('/etc/kubernetes/authz-webhook.kubeconfig'),
      timeout: Duration.seconds(3),
      matchConditions: [AuthzMatchCondition.resourceGroups(['resource.k8s.io'])],
    }),
  ],
});

new AuditPolicy(app, 'audit', {
  fileName: 'audit-policy.yaml',
  rules: [AuditRule.authorizationDecisions({ resources: [{ group: 'resource.k8s.io' }] })],
});

app.synth();
