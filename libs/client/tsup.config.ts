import { defineConfig } from 'tsup';

// The published package: one ES module for browsers and Node 20+; its types are tsc's (tsconfig.build.json).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  platform: 'neutral',
  target: 'es2022',
  clean: true,
  sourcemap: true,
});
