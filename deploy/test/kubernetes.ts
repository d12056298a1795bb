import type { Env } from '@parley/config';
import type { Manifest } from './kustomize.js';

/** An object of the rendered output (see kustomize.ts). */
export type K8sObject = Manifest;

export interface ConfigMap extends K8sObject {
  data?: Record<string, string>;
}

export interface Secret extends K8sObject {
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}

export interface HttpProbe {
  httpGet?: { path?: string; port: number | string };
  exec?: { command: string[] };
  tcpSocket?: { port: number | string };
}

interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  envFrom?: Array<{ prefix?: string; configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef; fieldRef?: { fieldPath: string } } }>;
  startupProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type: string };
}

export interface Deployment extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: {
        terminationGracePeriodSeconds?: number;
        automountServiceAccountToken?: boolean;
        securityContext?: SecurityContext;
        containers: Container[];
        volumes?: Volume[];
        affinity?: { podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: Array<{ topologyKey: string; labelSelector?: LabelSelector }> } };
      };
    };
  };
}

/** A StatefulSet: a Deployment's pod template, pods named <name>-0 … and addressed under its headless Service. */
export interface StatefulSet extends K8sObject {
  spec: Deployment['spec'] & { serviceName?: string; volumeClaimTemplates?: Array<{ metadata: { name: string } }> };
}

export interface Volume {
  name: string;
  emptyDir?: { sizeLimit?: string; medium?: string };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
}

export interface Service extends K8sObject {
  spec: { clusterIP?: string; selector: Record<string, string>; ports: Array<{ name?: string; port: number; targetPort?: number | string }> };
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: Array<'Ingress' | 'Egress'>;
    ingress?: Array<{ from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }>;
    egress?: Array<{ to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }>;
  };
}

export interface PodDisruptionBudget extends K8sObject {
  spec: { selector: LabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
}

export interface Ingress extends K8sObject {
  metadata: K8sObject['metadata'] & { annotations?: Record<string, string> };
  spec: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    rules?: Array<{ host?: string; http?: { paths: Array<{ path?: string; backend: IngressBackend }> } }>;
  };
}

export interface IngressBackend {
  service?: { name: string; port: { name?: string; number?: number } };
}

export interface ServiceMonitor extends K8sObject {
  spec: {
    selector: LabelSelector;
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
    endpoints: Array<{ port?: string; targetPort?: number | string; path?: string }>;
  };
}

export interface ScaledObject extends K8sObject {
  spec: {
    scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    triggers: Array<{ type: string; metadata: Record<string, string> }>;
  };
}

/** Whether a label selector selects these labels (an empty selector selects everything). */
export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return labels[key] !== undefined && values.includes(labels[key]);
      case 'NotIn':
        return labels[key] === undefined || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        throw new Error(`unknown selector operator ${String(operator)}`);
    }
  });
  return byLabels && byExpressions;
}

const units: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A resource quantity (`250m`, `1`, `512Mi`, `1.5Gi`) as a number of cores or bytes. */
export function quantity(value: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(value));
  if (!match) throw new Error(`not a quantity: ${value}`);
  return Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN);
}

export function find<T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name) as T | undefined;
}

function secretValues(secret: Secret): Record<string, string> {
  const decoded = Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
  return { ...decoded, ...secret.stringData };
}

/**
 * The container's environment as the kubelet builds it: the image's ENV, then envFrom in order,
 * then env (later wins). A reference to a missing ConfigMap, Secret or key that is not optional
 * throws, as the pod would fail to start.
 */
export function containerEnv(container: Container, objects: K8sObject[], imageEnv: Env): Env {
  const sourceOf = (kind: 'ConfigMap' | 'Secret', name: string, optional: boolean | undefined) => {
    const object = find<ConfigMap & Secret>(objects, kind, name);
    if (!object && !optional) throw new Error(`container ${container.name} reads ${kind} ${name}, which no manifest defines`);
    if (!object) return {};
    return kind === 'Secret' ? secretValues(object) : (object.data ?? {});
  };
  const env: Env = { ...imageEnv };
  for (const source of container.envFrom ?? []) {
    const values = source.configMapRef
      ? sourceOf('ConfigMap', source.configMapRef.name, source.configMapRef.optional)
      : source.secretRef
        ? sourceOf('Secret', source.secretRef.name, source.secretRef.optional)
        : {};
    for (const [key, value] of Object.entries(values)) env[`${source.prefix ?? ''}${key}`] = String(value);
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
    if (!ref) {
      env[variable.name] = variable.value ?? '';
      continue;
    }
    const kind = variable.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap';
    const value = sourceOf(kind, ref.name, ref.optional)[ref.key];
    if (value === undefined && !ref.optional) {
      throw new Error(`container ${container.name}: ${variable.name} reads key ${ref.key} of ${kind} ${ref.name}, which has no such key`);
    }
    if (value !== undefined) env[variable.name] = String(value);
  }
  return env;
}

/** The port number a probe or Service targets, resolving a named port against the container. */
export function resolvePort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

/** Seconds a preStop hook delays SIGTERM: `sleep N` as exec or as the sleep action. */
export function preStopSeconds(container: Container): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;
  const command = preStop?.exec?.command ?? [];
  return command[0] === 'sleep' && command[1] !== undefined ? Number(command[1]) : 0;
}
