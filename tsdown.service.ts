import type { UserConfig } from 'tsdown';

/**
 * How every service is built: one file per entry with the workspace libs bundled in; every npm
 * package stays external (resolved from the image's production node_modules).
 */
const base: UserConfig = {
  format: 'esm',
  platform: 'node',
  target: 'node22',
  deps: { alwaysBundle: [/^@parley\//], neverBundle: [/^(?!@parley\/)[a-z@]/] },
  // services/<name>/dist/main.js, as the Dockerfile's CMD and `npm start` of a service name it.
  fixedExtension: false,
  // Each file whole, its dynamic imports inlined: no chunk shared between main.js and migrate.js.
  outputOptions: { codeSplitting: false },
  dts: false,
  sourcemap: true,
  clean: true,
};

/** One build per entry (`{ main: 'src/main.ts' }`): each output file is whole. */
export function serviceBuilds(entries: Record<string, string>): UserConfig[] {
  return Object.entries(entries).map(([name, file]) => ({ ...base, entry: { [name]: file } }));
}

export const serviceEntries = { main: 'src/main.ts' };

/**
 * The services that own tables (links, sessions, memory, cleanup) also ship the migration command
 * as dist/migrate.js, so an image can migrate apart from its service:
 * `node services/<name>/dist/migrate.js status|up|down` (docs/operations.md, "Migrations").
 */
export const databaseServiceEntries = { ...serviceEntries, migrate: '../../libs/db/src/migrate-cli.ts' };
