import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The wrapper as a site's bundler would take it: minified, React left to the site. */
const BUDGET_BYTES = 2 * 1024;

describe("the React wrapper's size", () => {
  it(`is at most ${BUDGET_BYTES} bytes minified and gzipped, React excluded`, async () => {
    const result = await build({
      entryPoints: [new URL('./index.tsx', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      jsx: 'automatic',
      external: ['react', 'react/jsx-runtime'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    // It is the wrapper: the component and the loading of widget.js, not React itself.
    expect(code).toContain('widget.js');
    expect(code).not.toContain('__SECRET_INTERNALS');
    const gzipped = gzipSync(code).length;
    console.log(`@parley/widget-react: ${code.length} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET_BYTES})`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
