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

/** An npm package that a workspace's own code imports, and where npm placed it. */
export interface WorkspaceImport {
  /** The workspace whose package.json depends on it, e.g. `libs/llm`. */
  from: string;
  name: string;
  /** Its lockfile key, e.g. `node_modules/openai`. */
  at: string;
}

/**
 * The npm packages that the code of a service and of every workspace lib it depends on imports:
 * the service's bundle holds that code, so at run time each is resolved from
 * `services/<name>/dist/`, that is from `services/<name>/node_modules` or the root `node_modules`.
 */
export function workspaceImports(workspace: string): WorkspaceImport[] {
  const found: WorkspaceImport[] = [];
  const seen = new Set<string>();
  const visit = (from: string) => {
    if (seen.has(from)) return;
    seen.add(from);
    const entry = lock.packages[from];
    if (!entry) throw new Error(`${from} is not in package-lock.json`);
    for (const name of runtimeNames(entry)) {
      const at = locate(name, from);
      if (!at) continue;
      const target = lock.packages[at];
      if (target?.link && target.resolved) visit(target.resolved);
      else found.push({ from, name, at });
    }
  };
  visit(workspace);
  return found;
}
