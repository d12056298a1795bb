import { readdirSync, existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Every workspace is a vitest project: tests live beside the code (src/**/*.test.ts) and
// integration tests in each package's test/ folder. One `npm test` runs them all.
const workspaces = ['libs', 'services']
  .flatMap((group) => readdirSync(group).map((name) => `${group}/${name}`))
  .concat(['platform', 'cli', 'deploy'])
  .filter((dir) => existsSync(`${dir}/package.json`) || existsSync(`${dir}/test`));

export default defineConfig({
  test: {
    globalSetup: ['libs/testing/src/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: workspaces.map((dir) => ({
      extends: true,
      test: {
        name: dir.split('/').pop() ?? dir,
        root: dir,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      },
    })),
  },
});
