import { defineConfig } from 'tsup';

// Each service ships as one file: the workspace libs are bundled in, every npm package stays
// external (resolved from the image's production node_modules).
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  noExternal: [/^@parley\//],
  external: [/^(?!@parley\/)[a-z@]/],
  clean: true,
  sourcemap: true,
});
