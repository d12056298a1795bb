import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a release changes in a package.json. */
export interface Manifest {
  name?: string;
  version?: string;
  private?: boolean;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [field: string]: unknown;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * The manifest at `version`: its own version, and each dependency on a package of the workspace
 * that names a version range (`^0.1.0`, as the published widget components name their loader)
 * moved to `^version` – so the packages published together require each other at that version.
 * A workspace dependency written `*` stays: it is resolved in the repository, never published.
 */
export function withVersion(manifest: Manifest, version: string, workspaceNames: ReadonlySet<string>): Manifest {
  const next: Manifest = { ...manifest, version };
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = manifest[field];
    if (!dependencies) continue;
    next[field] = Object.fromEntries(
      Object.entries(dependencies).map(([name, range]) => [name, workspaceNames.has(name) && range !== '*' ? `^${version}` : range]),
    );
  }
  return next;
}

/** The root's workspace folders (`libs/*`, `platform` …) that hold a package.json, relative to the root. */
export function workspaceFolders(root: string): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  return (manifest.workspaces ?? [])
    .flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
        : [pattern],
    )
    .filter((folder) => existsSync(join(root, folder, 'package.json')))
    .sort();
}
