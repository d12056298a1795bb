import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '@parley/config';
import { parseAllDocuments, parseDocument } from 'yaml';

/** The parts of the Kubernetes objects the manifests use. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  /** The manifest file it came from, for messages. */
  file: string;
}

export interface ConfigMap extends K8sObject {
  data?: Record<string, string>;
}

export interface Secret extends K8sObject {
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}

export interface HttpProbe {
  httpGet?: { path?: string; port: number | string };
}

interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  envFrom?: Array<{ prefix?: string; configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }>;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef } }>;
  startupProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  livenessProbe?: HttpProbe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
}

export interface Deployment extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { terminationGracePeriodSeconds?: number; securityContext?: SecurityContext; containers: Container[] };
    };
  };
}

export interface Service extends K8sObject {
  spec: { selector: Record<string, string>; ports: Array<{ name?: string; port: number; targetPort?: number | string }> };
}

export interface HorizontalPodAutoscaler extends K8sObject {
  spec: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: Array<{ type: string; resource?: { name: string } }>;
  };
}

export interface Kustomization {
  namespace?: string;
  resources: string[];
  objects: K8sObject[];
}

/** kustomization.yaml and every object of the files it lists (plain files: no bases, no generators). */
export function loadKustomization(dir: string): Kustomization {
  const document = parseDocument(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
  if (document.errors.length > 0) throw new Error(`kustomization.yaml: ${document.errors.map((e) => e.message).join('; ')}`);
  const kustomization = document.toJS() as { namespace?: string; resources?: string[] };
  const resources = kustomization.resources ?? [];
  const objects = resources.flatMap((resource) => {
    const path = join(dir, resource);
    if (!existsSync(path)) throw new Error(`kustomization.yaml lists ${resource}, which does not exist`);
    if (statSync(path).isDirectory()) throw new Error(`kustomization.yaml lists the folder ${resource}: this test reads files only`);
    return loadManifests(path, resource);
  });
  return { ...(kustomization.namespace ? { namespace: kustomization.namespace } : {}), resources, objects };
}

function loadManifests(path: string, file: string): K8sObject[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  if (!Array.isArray(documents)) return [];
  return documents.flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
    const object = document.toJS() as Omit<K8sObject, 'file'> | null;
    if (object === null) return [];
    if (!object.kind || !object.metadata?.name) throw new Error(`${file}: a document without kind or metadata.name`);
    return [{ ...object, file }];
  });
}

export function find<T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name) as T | undefined;
}

function secretValues(secret: Secret): Record<string, string> {
  const decoded = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
  );
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
