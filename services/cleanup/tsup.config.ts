import { defineConfig } from 'tsup';

// Each service ships as one file: the workspace libs are bundled in, npm dependencies stay external.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  noExternal: [/^@parley\//],
  clean: true,
  sourcemap: true,
});
