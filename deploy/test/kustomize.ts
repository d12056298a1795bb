import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { applyJsonPatch, isObject, type Json, type JsonObject } from './json-patch.js';

/**
 * A Kustomize renderer for the features deploy/k8s uses – `resources` (files and folders with
 * their own kustomization), `components` (kind Component: its resources added, its patches
 * applied to everything gathered so far), `namespace`, `labels`, `patches` (strategic merge and
 * JSON 6902, with or without `target`), `replicas` and `images` – applied in Kustomize's order. Any other field
 * of a kustomization is refused, so a feature this renderer does not know cannot be silently
 * left out of what the tests check. Where `kubectl` is installed the tests compare its
 * `kubectl kustomize` with this one's output.
 */

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

interface KustomizationFile {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  patches?: Array<{ path?: string; patch?: string; target?: Target }>;
  replicas?: Array<{ name: string; count: number }>;
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
}

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'components', 'labels', 'patches', 'replicas', 'images']);

/** Kinds that live outside any namespace: the namespace transformer leaves them alone (a Namespace is renamed). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'ClusterTriggerAuthentication',
]);

/** Workloads whose pod template the `labels` transformer reaches with `includeTemplates`. */
const TEMPLATE_PATHS: Record<string, string[][]> = {
  Deployment: [['spec', 'template', 'metadata', 'labels']],
  ReplicaSet: [['spec', 'template', 'metadata', 'labels']],
  StatefulSet: [['spec', 'template', 'metadata', 'labels']],
  DaemonSet: [['spec', 'template', 'metadata', 'labels']],
  Job: [['spec', 'template', 'metadata', 'labels']],
  CronJob: [
    ['spec', 'jobTemplate', 'metadata', 'labels'],
    ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
  ],
};

const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

const clone = <T>(value: T): T => structuredClone(value);

export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '');
const versionOf = (apiVersion: string) => apiVersion.split('/').at(-1) ?? '';
export const idOf = (object: Manifest) => `${object.apiVersion} ${object.kind} ${object.metadata.namespace ?? '~'}/${object.metadata.name}`;

function kustomizationFile(dir: string): string {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!file) throw new Error(`${dir} has no kustomization.yaml`);
  return file;
}

function loadKustomization(dir: string, kind: 'Kustomization' | 'Component' = 'Kustomization'): KustomizationFile {
  const file = kustomizationFile(dir);
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
  const kustomization = (document.toJS() ?? {}) as KustomizationFile;
  for (const field of Object.keys(kustomization)) {
    if (!SUPPORTED_FIELDS.has(field)) throw new Error(`${file}: "${field}" is not supported by deploy/test/kustomize.ts – add it there first`);
  }
  if ((kustomization.kind ?? 'Kustomization') !== kind) throw new Error(`${file}: kind ${kustomization.kind ?? 'Kustomization'} where a ${kind} belongs`);
  return kustomization;
}

/** Every object of a multi-document YAML file. */
export function loadManifests(text: string, where: string): Manifest[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`${where}: ${document.errors.map((e) => e.message).join('; ')}`);
    const object = document.toJS() as Manifest | null;
    if (object === null) return [];
    if (!object.apiVersion || !object.kind || !object.metadata?.name) throw new Error(`${where}: a document without apiVersion, kind or metadata.name`);
    return [object];
  });
}

/** What `kustomize build dir` (and `kubectl kustomize dir`) prints, as objects. */
export function kustomize(dir: string): Manifest[] {
  return build(dir, loadKustomization(dir), []);
}

/**
 * The objects of a kustomization (or a component, which starts from the objects gathered before
 * it): its resources, then its components in order, then its own transformers.
 */
function build(dir: string, kustomization: KustomizationFile, gathered: Manifest[]): Manifest[] {
  let objects: Manifest[] = [...gathered];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    if (!existsSync(path)) throw new Error(`${kustomizationFile(dir)} lists ${resource}, which does not exist`);
    const loaded = statSync(path).isDirectory() ? kustomize(path) : loadManifests(readFileSync(path, 'utf8'), path);
    for (const object of loaded) {
      if (objects.some((other) => idOf(other) === idOf(object))) throw new Error(`${dir}: ${idOf(object)} is defined twice`);
      objects.push(object);
    }
  }
  for (const component of kustomization.components ?? []) {
    const path = join(dir, component);
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw new Error(`${kustomizationFile(dir)} lists the component ${component}, which is not a folder`);
    objects = build(path, loadKustomization(path, 'Component'), objects);
  }
  // Kustomize's order: patches, namespace, labels, replicas, images.
  for (const entry of kustomization.patches ?? []) objects = applyPatchEntry(objects, entry, dir);
  if (kustomization.namespace) objects = objects.map((object) => withNamespace(object, kustomization.namespace ?? ''));
  for (const labels of kustomization.labels ?? []) objects = objects.map((object) => withLabels(object, labels));
  for (const replicas of kustomization.replicas ?? []) objects = withReplicas(objects, replicas, dir);
  for (const image of kustomization.images ?? []) objects = objects.map((object) => withImage(object, image));
  return objects;
}

// --- namespace, labels, replicas, images ---------------------------------------------------

function withNamespace(object: Manifest, namespace: string): Manifest {
  const copy = clone(object);
  if (copy.kind === 'Namespace') copy.metadata.name = namespace;
  else if (!CLUSTER_SCOPED.has(copy.kind)) copy.metadata.namespace = namespace;
  if (copy.kind === 'RoleBinding' || copy.kind === 'ClusterRoleBinding') {
    throw new Error(`${idOf(copy)}: the namespace of binding subjects is not handled by deploy/test/kustomize.ts`);
  }
  return copy;
}

function withLabels(object: Manifest, labels: NonNullable<KustomizationFile['labels']>[number]): Manifest {
  if (labels.includeSelectors) throw new Error('labels with includeSelectors are not supported by deploy/test/kustomize.ts (selectors are immutable anyway)');
  const copy = clone(object);
  copy.metadata.labels = { ...copy.metadata.labels, ...labels.pairs };
  if (labels.includeTemplates) {
    for (const path of TEMPLATE_PATHS[copy.kind] ?? []) {
      const parent = path.slice(0, -1).reduce<Json | undefined>((node, key) => (isObject(node) ? node[key] : undefined), copy as unknown as Json);
      if (!isObject(parent)) continue;
      const key = path.at(-1) ?? '';
      parent[key] = { ...(isObject(parent[key]) ? parent[key] : {}), ...labels.pairs };
    }
  }
  return copy;
}

function withReplicas(objects: Manifest[], replicas: { name: string; count: number }, dir: string): Manifest[] {
  let matched = false;
  const result = objects.map((object) => {
    if (!REPLICATED.has(object.kind) || object.metadata.name !== replicas.name) return object;
    matched = true;
    const copy = clone(object) as Manifest & { spec?: JsonObject };
    copy.spec = { ...copy.spec, replicas: replicas.count };
    return copy;
  });
  // Kustomize ignores a name that matches nothing; here it is a mistake worth failing on.
  if (!matched) throw new Error(`${dir}: replicas names ${replicas.name}, which no workload is called`);
  return result;
}

/** `registry:5000/name:tag@sha256:…` into its name, tag and digest. */
export function parseImage(image: string): { name: string; tag: string | undefined; digest: string | undefined } {
  const [withTag = '', digest] = image.split('@');
  const colon = withTag.lastIndexOf(':');
  const hasTag = colon > withTag.lastIndexOf('/');
  return { name: hasTag ? withTag.slice(0, colon) : withTag, tag: hasTag ? withTag.slice(colon + 1) : undefined, digest };
}

function withImage(object: Manifest, rule: NonNullable<KustomizationFile['images']>[number]): Manifest {
  const copy = clone(object) as unknown as Json;
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
        for (const container of value) {
          if (!isObject(container) || typeof container.image !== 'string') continue;
          const image = parseImage(container.image);
          if (image.name !== rule.name) continue;
          const name = rule.newName ?? image.name;
          if (rule.digest) container.image = `${name}@${rule.digest}`;
          else if (rule.newTag) container.image = `${name}:${rule.newTag}`;
          else container.image = `${name}${image.tag ? `:${image.tag}` : ''}${image.digest ? `@${image.digest}` : ''}`;
        }
      }
      visit(value);
    }
  };
  visit(copy);
  return copy as unknown as Manifest;
}

// --- patches ---------------------------------------------------------------------------------

function applyPatchEntry(objects: Manifest[], entry: NonNullable<KustomizationFile['patches']>[number], dir: string): Manifest[] {
  const text = entry.patch ?? (entry.path ? readFileSync(join(dir, entry.path), 'utf8') : undefined);
  if (text === undefined) throw new Error(`${dir}: a patch with neither patch nor path`);
  const parsed = parseDocument(text).toJS() as Json;
  if (Array.isArray(parsed)) {
    if (!entry.target) throw new Error(`${dir}: a JSON 6902 patch needs a target`);
    const targets = objects.filter((object) => matchesTarget(object, entry.target ?? {}));
    if (targets.length === 0) throw new Error(`${dir}: the patch's target ${JSON.stringify(entry.target)} matches nothing`);
    return objects.map((object) => (targets.includes(object) ? (applyJsonPatch(object as unknown as Json, parsed) as unknown as Manifest) : object));
  }
  if (!isObject(parsed)) throw new Error(`${dir}: a patch that is neither a list of operations nor an object`);
  const patch = parsed as unknown as Manifest;
  const target: Target = entry.target ?? {
    group: groupOf(patch.apiVersion),
    version: versionOf(patch.apiVersion),
    kind: patch.kind,
    name: patch.metadata?.name,
    ...(patch.metadata?.namespace ? { namespace: patch.metadata.namespace } : {}),
  };
  const targets = objects.filter((object) => matchesTarget(object, target));
  if (targets.length === 0) throw new Error(`${dir}: the patch of ${patch.kind} ${patch.metadata?.name} matches nothing`);
  return objects.map((object) => {
    if (!targets.includes(object)) return object;
    // With a target, the patch's own name (often a placeholder) is not applied.
    const body = clone(parsed);
    const metadata = body.metadata;
    if (isObject(metadata)) {
      delete metadata.name;
      delete metadata.namespace;
    }
    return strategicMerge(object as unknown as Json, body, builtIn(object.apiVersion), []) as unknown as Manifest;
  });
}

const anchored = (pattern: string) => new RegExp(`^(?:${pattern})$`);

function matchesTarget(object: Manifest, target: Target): boolean {
  if (target.kind !== undefined && !anchored(target.kind).test(object.kind)) return false;
  if (target.name !== undefined && !anchored(target.name).test(object.metadata.name)) return false;
  if (target.namespace !== undefined && !anchored(target.namespace).test(object.metadata.namespace ?? '')) return false;
  if (target.group !== undefined && target.group !== groupOf(object.apiVersion)) return false;
  if (target.version !== undefined && target.version !== versionOf(object.apiVersion)) return false;
  if (target.labelSelector !== undefined && !matchesSelector(object.metadata.labels ?? {}, target.labelSelector)) return false;
  return true;
}

/** Equality-based label selectors: `a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-separated. */
function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return selector
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .every((part) => {
      const match = /^(!?)([\w./-]+)\s*(?:(==|=|!=)\s*([\w./-]*))?$/.exec(part);
      if (!match) throw new Error(`label selector ${selector}: only =, == and != are supported`);
      const [, not, key = '', operator, value] = match;
      if (!operator) return not ? !(key in labels) : key in labels;
      return operator === '!=' ? labels[key] !== value : labels[key] === value;
    });
}

/** Kubernetes' own kinds merge lists by their patch merge keys; custom resources replace lists. */
const builtIn = (apiVersion: string) => {
  const group = groupOf(apiVersion);
  return !group.includes('.') || group.endsWith('.k8s.io');
};

/** The merge key of a list field of a built-in kind (its `x-kubernetes-patch-merge-key`); undefined: replaced whole. */
function mergeKeyOf(field: string, items: Json[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'ports':
      // A container's ports merge on containerPort, a Service's on port.
      return items.some((item) => isObject(item) && 'containerPort' in item) ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

/**
 * Strategic merge: maps merge (a null deletes the key, `$patch: replace` replaces the map), keyed
 * lists of built-in kinds merge item by item – the patch's items first, in its order, then the
 * original items it does not name, as Kustomize orders them (`$patch: delete` removes one) – and
 * every other list is replaced.
 */
function strategicMerge(original: Json, patch: Json, keyed: boolean, path: string[]): Json {
  if (!isObject(patch)) return clone(patch);
  const directive = patch.$patch;
  if (directive === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return clone(rest);
  }
  if (directive !== undefined) throw new Error(`${path.join('.')}: $patch: ${String(directive)} is not supported here`);
  const result: JsonObject = isObject(original) ? clone(original) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new Error(`${[...path, key].join('.')}: the directive ${key} is not supported by deploy/test/kustomize.ts`);
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      const current = result[key];
      const mergeKey = keyed ? mergeKeyOf(key, [...(Array.isArray(current) ? current : []), ...value]) : undefined;
      result[key] = mergeKey && Array.isArray(current) ? mergeList(current, value, mergeKey, keyed, [...path, key]) : stripDirectives(value);
    } else if (isObject(value)) {
      result[key] = strategicMerge(result[key] ?? null, value, keyed, [...path, key]);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function mergeList(original: Json[], patch: Json[], mergeKey: string, keyed: boolean, path: string[]): Json[] {
  const keyOf = (item: Json) => (isObject(item) ? item[mergeKey] : undefined);
  const named = new Set(patch.map(keyOf));
  const merged: Json[] = [];
  for (const item of patch) {
    if (isObject(item) && item.$patch === 'delete') continue;
    const counterpart = original.find((candidate) => keyOf(candidate) === keyOf(item));
    merged.push(counterpart === undefined ? stripDirectives(item) : strategicMerge(counterpart, item, keyed, [...path, String(keyOf(item))]));
  }
  return [...merged, ...original.filter((item) => !named.has(keyOf(item))).map((item) => clone(item))];
}

function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.filter((item) => !(isObject(item) && item.$patch === 'delete')).map(stripDirectives);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('$'))
      .map(([key, item]) => [key, stripDirectives(item)]),
  );
}
