import { join } from 'node:path';
import { runToEnd } from './child-process.js';
import { repoRoot } from './stack.js';

/**
 * Bundles live under node_modules so that their bare imports (fastify, pg, …) resolve to the
 * root node_modules, and so that the services' own dist/ folders are left alone.
 */
const BUNDLE_ROOT = join(repoRoot, 'node_modules', '.cache', 'parley-bench');

/**
 * Builds one service exactly as `npm run build` does (its own tsdown.config.ts, run from its folder),
 * but into the bench's cache, fresh on every run so a stale dist/ is never measured.
 * Returns the path of the bundle's entry.
 */
export async function bundleService(name: string): Promise<string> {
  const outDir = join(BUNDLE_ROOT, name);
  const tsdown = join(repoRoot, 'node_modules', 'tsdown', 'dist', 'run.mjs');
  const { code, output } = await runToEnd(process.execPath, [tsdown, '--out-dir', outDir], { cwd: join(repoRoot, 'services', name) });
  if (code !== 0) throw new Error(`tsdown failed for services/${name} (exit ${code}):\n${output}`);
  return join(outDir, 'main.js');
}
