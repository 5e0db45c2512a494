import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ApfFlowSchema, ApfVerb, Authorizer, AuthzConfig, AuthzMatchCondition, MutatingPolicy, Mutation, PriorityLevel,
  ResourceRule, Subject, WebhookConnection,
} from '../../../lib';

/** Props of {@link PlatformCluster}. */
export interface PlatformClusterProps extends ChartProps {
  /** Namespace of the platform's own controllers. @default 'platform-system' */
  readonly controllersNamespace?: string;
}

/**
 * The cluster-side objects the platform ships once: a pod-hardening MutatingPolicy as a
 * safety net for pods that do not come through the platform constructs, an API Priority
 * and Fairness lane for the platform's controllers, and the kube-apiserver authorization
 * chain (written as `authorization-config.yaml` beside the manifests).
 */
export class PlatformCluster extends Chart {
  /** The safety-net policy. */
  public readonly hardenPods: MutatingPolicy;
  /** The controllers' FlowSchema. */
  public readonly controllersLane: ApfFlowSchema;

  constructor(scope: Construct, id: string, props: PlatformClusterProps = {}) {
    super(scope, id, props);
    const ns = props.controllersNamespace ?? 'platform-system';
    // Namespace exclusions and failure policy come from the house rules.
    this.hardenPods = new MutatingPolicy(this, 'HardenPods', {
      name: 'platform-harden-pods',
      rules: [ResourceRule.pods()],
      mutations: [Mutation.hardenPods()],
    });
    this.controllersLane = new ApfFlowSchema(this, 'Controllers', {
      name: 'platform-controllers',
      matchingPrecedence: 450,
      priorityLevel: PriorityLevel.WORKLOAD_HIGH,
      rules: [{
        subjects: [Subject.serviceAccount(ns, 'platform-controller')],
        resourceRules: [{ verbs: [ApfVerb.ALL], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true }],
      }],
    });
    // Timeout and failure policy of the webhook come from the house rules.
    new AuthzConfig(this, 'Authz', {
      fileName: 'authorization-config.yaml',
      authorizers: [
        Authorizer.webhook({
          name: 'tenancy.acme.example',
          connection: WebhookConnection.kubeConfigFile('/etc/kubernetes/tenancy-webhook.kubeconfig'),
          matchConditions: [AuthzMatchCondition.resourceGroups(['resource.k8s.io', 'apps', 'batch'])],
        }),
      ],
    });
  }
}
