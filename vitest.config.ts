import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(`./${path}`, import.meta.url));

// Every workspace is a vitest project: tests live beside the code (src/**/*.test.ts) and
// integration tests in each package's test/ folder. One `npm test` runs them all.
const workspaces = ['libs', 'services']
  .flatMap((group) => readdirSync(here(group)).map((name) => `${group}/${name}`))
  .concat(['platform', 'cli', 'deploy', 'bench', 'web'])
  .filter((dir) => existsSync(here(`${dir}/package.json`)) || existsSync(here(`${dir}/test`)));

export default defineConfig({
  test: {
    globalSetup: [here('libs/testing/src/global-setup.ts')],
    reporters: ['default', here('libs/testing/src/summary-reporter.ts')],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: most of a test's time is spent waiting on PostgreSQL, NATS, Redis,
    // Chromium and timers, so on a 2-core machine (where vitest would run one) this nearly halves
    // the suite's wall time. A third gained 5% where the suite is bound by CPU, and stretched each
    // test's own time by half, which is what its deadlines (a revocation within 5 s) have to allow.
    maxWorkers: 2,
    // A worker runs file after file in one process, each module evaluated once: a fresh process
    // and module graph per file cost more than the tests of most files. Every file sets up and
    // tears down what it uses (its own database, namespace, key prefix, servers and browser).
    isolate: false,
    projects: workspaces.map((dir) => ({
      extends: true,
      test: {
        name: dir.split('/').pop() ?? dir,
        root: here(dir),
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        // The platform's tests start the services as processes (six at a time in the rolling
        // restart, an embedded PostgreSQL for npm start) and time their readiness: they run after
        // everything else, two files at a time, so no browser or benchmark test starves them.
        ...(dir === 'platform' ? { maxWorkers: 2, sequence: { groupOrder: 1 } } : { sequence: { groupOrder: 0 } }),
      },
    })),
  },
});
