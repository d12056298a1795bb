import { defineConfig } from 'tsup';

/**
 * How every service is built: one file per service with the workspace libs bundled in; every
 * npm package stays external (resolved from the image's production node_modules).
 */
export const serviceBuild = defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  noExternal: [/^@parley\//],
  external: [/^(?!@parley\/)[a-z@]/],
  clean: true,
  sourcemap: true,
});
