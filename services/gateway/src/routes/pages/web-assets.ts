import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built pages (web/dist), found upward from this module: from the sources
 * (services/gateway/src) in development and tests, from the bundle (services/gateway/dist) in the
 * image, where the Dockerfile puts web/dist beside services/. Undefined when they were not built.
 */
export function findWebDist(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'chat.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
