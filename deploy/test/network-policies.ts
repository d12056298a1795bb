import { type Container, type NetworkPolicy, type NetworkPolicyPeer, type NetworkPolicyPort, resolvePort, selects } from './kubernetes.js';

/**
 * What the NetworkPolicies of a namespace let in and out of one pod. Policies add up: a pod
 * selected by a policy of a type is isolated for that direction, and what any of them allows is
 * allowed. (Traffic from the node – the kubelet's probes – is never blocked.)
 */

export interface IngressRule {
  policy: string;
  from: NetworkPolicyPeer[];
  /** The pod's ports the rule opens (named ports resolved); empty: the rule names none, so all. */
  ports: number[];
}

/** The types a policy governs: as declared, else Ingress, and Egress when it has egress rules. */
function typesOf(policy: NetworkPolicy): string[] {
  return policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress'] : [])];
}

function governing(policies: NetworkPolicy[], labels: Record<string, string>, type: 'Ingress' | 'Egress'): NetworkPolicy[] {
  return policies.filter((policy) => selects(policy.spec.podSelector, labels) && typesOf(policy).includes(type));
}

function portNumbers(ports: NetworkPolicyPort[], container: Container | undefined, policy: string): number[] {
  return ports.flatMap((port) => {
    const first = container ? resolvePort(container, port.port) : typeof port.port === 'number' ? port.port : undefined;
    if (first === undefined) throw new Error(`${policy}: port ${String(port.port)} cannot be resolved`);
    const last = port.endPort ?? first;
    return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
  });
}

/** Every ingress rule that admits traffic to the pod. */
export function ingressRules(policies: NetworkPolicy[], labels: Record<string, string>, container: Container): IngressRule[] {
  return governing(policies, labels, 'Ingress').flatMap((policy) =>
    (policy.spec.ingress ?? []).map((rule) => ({
      policy: policy.metadata.name,
      from: rule.from ?? [],
      ports: portNumbers(rule.ports ?? [], container, policy.metadata.name),
    })),
  );
}

/**
 * The destination ports the pod may connect to, and the policies with a rule that names no port
 * (which opens every one).
 */
export function egressPorts(policies: NetworkPolicy[], labels: Record<string, string>): { ports: number[]; unrestricted: string[] } {
  const ports = new Set<number>();
  const unrestricted: string[] = [];
  for (const policy of governing(policies, labels, 'Egress')) {
    for (const rule of policy.spec.egress ?? []) {
      if (!rule.ports || rule.ports.length === 0) unrestricted.push(policy.metadata.name);
      // A destination's named port cannot be read from here: give egress ports as numbers.
      for (const port of portNumbers(rule.ports ?? [], undefined, policy.metadata.name)) ports.add(port);
    }
  }
  return { ports: [...ports].sort((a, b) => a - b), unrestricted };
}

/** A pod as the policies see it: its labels and namespace, and its container for named ports. */
export interface PolicyPod {
  labels: Record<string, string>;
  namespace: string;
  container?: Container;
}

/**
 * Whether a policy's peer names the pod: a podSelector alone means pods of the policy's own
 * namespace; a namespaceSelector matches the namespace's name label. An ipBlock names addresses,
 * which pods do not keep: it is never taken to name a pod.
 */
function peerNames(peer: NetworkPolicyPeer, policyNamespace: string | undefined, pod: PolicyPod): boolean {
  if (peer.ipBlock) return false;
  const namespaceMatches = peer.namespaceSelector
    ? selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace })
    : pod.namespace === policyNamespace;
  return namespaceMatches && (peer.podSelector === undefined || selects(peer.podSelector, pod.labels));
}

function rulesAllow(
  policies: NetworkPolicy[],
  pod: PolicyPod,
  type: 'Ingress' | 'Egress',
  port: number,
  container: Container | undefined,
  peer: PolicyPod,
): boolean {
  const governed = governing(
    policies.filter((policy) => policy.metadata.namespace === pod.namespace),
    pod.labels,
    type,
  );
  if (governed.length === 0) return true;
  return governed.some((policy) =>
    (type === 'Ingress'
      ? (policy.spec.ingress ?? []).map((rule) => ({ peers: rule.from, ports: rule.ports }))
      : (policy.spec.egress ?? []).map((rule) => ({ peers: rule.to, ports: rule.ports }))
    ).some(
      (rule) =>
        (rule.ports === undefined || rule.ports.length === 0 || portNumbers(rule.ports, container, policy.metadata.name).includes(port)) &&
        (rule.peers === undefined || rule.peers.length === 0 || rule.peers.some((candidate) => peerNames(candidate, policy.metadata.namespace, peer))),
    ),
  );
}

/** Whether the policies let `from` open a connection to `to` on `port`: out of the one, and into the other. */
export function allowsConnection(policies: NetworkPolicy[], from: PolicyPod, to: PolicyPod, port: number): boolean {
  return rulesAllow(policies, from, 'Egress', port, to.container, to) && rulesAllow(policies, to, 'Ingress', port, to.container, from);
}
