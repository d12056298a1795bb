import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * What `npm ci --omit=dev --workspace=services/<name>` installs for a service, read from the
 * lockfile the way npm resolves it: the service's dependencies, the workspaces among them with
 * their own dependencies (never their devDependencies), and every npm package with its
 * dependencies, optional dependencies and non-optional peers, each found where npm placed it
 * (nested node_modules first, then up towards the root).
 */
interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
  resolved?: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as { packages: Record<string, LockEntry> };

function runtimeNames(entry: LockEntry): string[] {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional);
  return [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers];
}

/** Where npm put `name` as seen from the package at `from` (a lockfile key such as `services/gateway`). */
function locate(name: string, from: string): string | undefined {
  let base = from;
  for (;;) {
    const key = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** The npm packages (by name) a production install of the workspace at `workspace` brings. */
export function productionPackages(workspace: string): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    let entry = lock.packages[key];
    if (entry?.link && entry.resolved) {
      // A workspace: its own package.json entry in the lockfile, by folder.
      visit(entry.resolved);
      return;
    }
    if (!entry) throw new Error(`${key} is not in package-lock.json`);
    if (key.includes('node_modules/')) names.add(key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    entry = lock.packages[key] as LockEntry;
    for (const name of runtimeNames(entry)) {
      const found = locate(name, key);
      if (found) visit(found);
    }
  };
  visit(workspace);
  return names;
}
