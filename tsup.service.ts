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

/**
 * The services that own tables (links, sessions, memory, cleanup) also ship the migration command
 * as dist/migrate.js, so an image can migrate apart from its service:
 * `node services/<name>/dist/migrate.js status|up|down` (docs/operations.md, "Migrations").
 */
export const databaseServiceBuild = defineConfig({
  ...serviceBuild,
  entry: { main: 'src/main.ts', migrate: '../../libs/db/src/migrate-cli.ts' },
  // Each file whole, main.js as before: no chunk shared between the two.
  splitting: false,
});
