import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { UserConfig } from 'tsdown';

/**
 * TypeScript 7's compiler, a native program: it writes the declarations, which tsdown then
 * bundles into one dist/index.d.ts (tsdown's own TypeScript path needs the compiler API that
 * TypeScript 7 no longer ships).
 */
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/**
 * How each published library is built (@parley/client, @parley/widget-embed, -react, -vue): one
 * ES module for browsers and Node with its types, its dependencies and peers (React, Vue, the
 * widget loader) left to the consumer's installer, not bundled. The published package.json points
 * at dist/ (scripts/package-manifest.mjs); in the repository it points at the sources.
 */
export function packageBuild(entry: string): UserConfig {
  return {
    entry: { index: entry },
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    // The declarations of src/ alone: a package's tsconfig.json also takes in its tests.
    tsconfig: 'tsconfig.build.json',
    dts: { tsgo: { path: tsc } },
    fixedExtension: false,
    // Readable ES modules, not minified: no source maps to ship beside them.
    sourcemap: false,
    clean: true,
    // The declarations take most of the build's time, which rolldown would warn about every time.
    checks: { pluginTimings: false },
  };
}
