import { groupOf, type Manifest } from './kustomize.js';

/**
 * The Kubernetes schema of every rendered object: `kubernetes-models` for Kubernetes' own kinds,
 * `@kubernetes-models/keda` and `@kubernetes-models/prometheus-operator` for the custom resources
 * the overlays use. A kind none of them has is an error, never skipped: an object nobody can
 * check is an object nobody has checked.
 */

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
}

/** API groups served by a package other than kubernetes-models. */
const PACKAGES: Record<string, string> = {
  'keda.sh': '@kubernetes-models/keda',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

export class UnknownKindError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`no schema for ${apiVersion} ${kind}: add its models package to deploy/test/schemas.ts`);
    this.name = 'UnknownKindError';
  }
}

/** The model class of `apiVersion` `kind`, from its package's per-kind module (loaded on demand). */
export async function modelOf(apiVersion: string, kind: string): Promise<ModelClass> {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(apiVersion) || !/^\w+$/.test(kind)) throw new UnknownKindError(apiVersion, kind);
  const specifier = `${PACKAGES[groupOf(apiVersion)] ?? 'kubernetes-models'}/${apiVersion}/${kind}`;
  let module: Record<string, unknown>;
  try {
    module = await import(specifier);
  } catch {
    throw new UnknownKindError(apiVersion, kind);
  }
  const model = module[kind] as ModelClass | undefined;
  if (typeof model !== 'function' || model.apiVersion !== apiVersion || model.kind !== kind) throw new UnknownKindError(apiVersion, kind);
  return model;
}

/** Throws, naming the object and each violation, unless the object matches its kind's schema. */
export async function validateManifest(object: Manifest): Promise<void> {
  const Model = await modelOf(object.apiVersion, object.kind);
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
