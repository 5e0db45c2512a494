import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { WorkloadHardening } from '../../../lib';

/** Props of {@link WebService}. */
export interface WebServiceProps {
  /** Image, from the platform registry. */
  readonly image: string;
  /** Port the container listens on (above 1024: no capability is needed). */
  readonly port: number;
  /** Replicas. @default 2 */
  readonly replicas?: number;
  /** Paths the app writes to (emptyDirs; the root filesystem is read-only). @default ['/tmp'] */
  readonly writablePaths?: string[];
  /** Who may call the service besides the ingress controller. @default - only the ingress controller */
  readonly callers?: kplus.INetworkPolicyPeer[];
  /** What the service may call (besides DNS), with the ports. @default - nothing */
  readonly dependencies?: Array<{ peer: kplus.INetworkPolicyPeer; port: number }>;
}

/**
 * The platform's web service: a hardened Deployment (house rules from the HardeningProfile
 * above it), a ClusterIP Service on port 80, and a default-deny NetworkPolicy opened for
 * the ingress controller, the declared callers and the declared dependencies.
 */
export class WebService extends Construct {
  /** The Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The Service in front of it. */
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      replicas: props.replicas ?? 2,
      containers: [{
        image: props.image,
        portNumber: props.port,
        readiness: kplus.Probe.fromHttpGet('/healthz', { port: props.port }),
        liveness: kplus.Probe.fromTcpSocket({ port: props.port }),
      }],
    });
    const hardening = WorkloadHardening.apply(this.deployment, { writablePaths: props.writablePaths });
    this.service = new kplus.Service(this, 'Service', { selector: this.deployment, ports: [{ port: 80, targetPort: props.port }] });
    const ingress = kplus.Pods.select(this, 'IngressController', {
      labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      namespaces: kplus.Namespaces.select(this, 'IngressNamespace', { names: ['ingress-nginx'] }),
    });
    hardening.allowFrom(ingress, [kplus.NetworkPolicyPort.tcp(props.port)]);
    for (const caller of props.callers ?? []) hardening.allowFrom(caller, [kplus.NetworkPolicyPort.tcp(props.port)]);
    for (const dep of props.dependencies ?? []) hardening.allowTo(dep.peer, [kplus.NetworkPolicyPort.tcp(dep.port)]);
  }
}
