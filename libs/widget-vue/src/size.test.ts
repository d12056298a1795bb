import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The wrapper as a site's bundler would take it: minified, Vue left to the site. */
const BUDGET_BYTES = 2 * 1024;

describe("the Vue wrapper's size", () => {
  it(`is at most ${BUDGET_BYTES} bytes minified and gzipped, Vue excluded`, async () => {
    const result = await build({
      entryPoints: [new URL('./index.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      external: ['vue'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    // It is the wrapper: the component and the loading of widget.js, not Vue itself.
    expect(code).toContain('widget.js');
    expect(code).not.toContain('createRenderer(');
    const gzipped = gzipSync(code).length;
    console.log(`@parley/widget-vue: ${code.length} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET_BYTES})`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
