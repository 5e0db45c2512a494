import { Lazy } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { FastApiObject } from '../render/fast-api-object';

/** Label cdk8s-plus uses to address a pod; hardened pods use the same key so kplus selectors work. */
export const ADDRESS_LABEL = 'cdk8s.io/metadata.addr';

/** DNS egress rule of the default-deny policy: kube-dns pods in kube-system, UDP and TCP 53. */
export const DNS_EGRESS_RULE = {
  to: [{
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
  }],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

/** Renders a cdk8s-plus peer as NetworkPolicy peers (the same mapping cdk8s-plus uses). */
export function renderPeers(peer: kplus.INetworkPolicyPeer): any[] {
  const config = peer.toNetworkPolicyPeerConfig();
  if (config.ipBlock) return [{ ipBlock: config.ipBlock._toKube() }];
  if (!config.podSelector) return [];
  const podSelector = config.podSelector.labelSelector._toKube();
  const ns = config.podSelector.namespaces;
  if (!ns?.names) {
    const nsSel = ns?.labelSelector?._toKube();
    return [nsSel ? { namespaceSelector: nsSel, podSelector } : { podSelector }];
  }
  const base = ns.labelSelector?._toKube() ?? {};
  return ns.names.map((n) => ({
    podSelector,
    namespaceSelector: {
      ...(base.matchExpressions ? { matchExpressions: base.matchExpressions } : {}),
      matchLabels: { ...base.matchLabels, 'kubernetes.io/metadata.name': n },
    },
  }));
}

function renderPorts(ports?: kplus.NetworkPolicyPort[]): any[] | undefined {
  if (!ports || ports.length === 0) return undefined;
  return ports.map((p) => {
    const k: any = p._toKube();
    const out: any = {};
    if (k.port !== undefined) out.port = typeof k.port === 'object' && k.port !== null ? k.port.value : k.port;
    if (k.endPort !== undefined) out.endPort = k.endPort;
    if (k.protocol !== undefined) out.protocol = k.protocol;
    return out;
  });
}

function withPorts(rule: any, ports?: kplus.NetworkPolicyPort[]): any {
  const rendered = renderPorts(ports);
  return rendered ? { ...rule, ports: rendered } : rule;
}

/**
 * The default-deny NetworkPolicy of a hardened pod or workload: selects the pod by its
 * address label, policyTypes Ingress and Egress, DNS egress, plus explicit allow rules.
 */
export class PodIsolation extends Construct {
  private readonly ingress: Array<{ peer: kplus.INetworkPolicyPeer; ports?: kplus.NetworkPolicyPort[] }> = [];
  private readonly egress: Array<{ peer: kplus.INetworkPolicyPeer; ports?: kplus.NetworkPolicyPort[] }> = [];

  constructor(scope: Construct, id: string, selectorLabels: () => Record<string, string>, namespace?: string) {
    super(scope, id);
    new FastApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: namespace ? { namespace } : {},
      spec: Lazy.any({
        produce: () => {
          const spec: any = { podSelector: { matchLabels: selectorLabels() }, policyTypes: ['Ingress', 'Egress'] };
          if (this.ingress.length) spec.ingress = this.ingress.map((r) => withPorts({ from: renderPeers(r.peer) }, r.ports));
          spec.egress = [DNS_EGRESS_RULE, ...this.egress.map((r) => withPorts({ to: renderPeers(r.peer) }, r.ports))];
          return spec;
        },
      }),
    });
  }

  /** Allows ingress from `peer` (on `ports`, or all ports). */
  public allowFrom(peer: kplus.INetworkPolicyPeer, ports?: kplus.NetworkPolicyPort[]): void {
    this.ingress.push({ peer, ports });
  }

  /** Allows egress to `peer` (on `ports`, or all ports). */
  public allowTo(peer: kplus.INetworkPolicyPeer, ports?: kplus.NetworkPolicyPort[]): void {
    this.egress.push({ peer, ports });
  }
}
