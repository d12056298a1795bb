import { existsSync, globSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(`./${path}`, import.meta.url));

const workspaces = ['libs', 'services']
  .flatMap((group) => readdirSync(here(group)).map((name) => `${group}/${name}`))
  .concat(['platform', 'cli', 'deploy', 'bench', 'web', 'scripts'])
  .filter((dir) => existsSync(here(`${dir}/package.json`)) || existsSync(here(`${dir}/test`)));

// Every test file belongs to one tier, and its name or folder says which:
//
//   unit     src/**/*.test.ts – beside the code, no servers: pure logic, or a service's own logic
//            against fakes of its repositories. `npm run test:unit` runs them with no PostgreSQL,
//            NATS or Redis (the global setup is not even loaded).
//   service  test/**/*.test.ts – one package in process against the real PostgreSQL, NATS and
//            Redis (a test/ folder is this tier by its place, though a few of its files need no
//            server: deploy/test reads manifests, scripts/test runs the release's scripts) – and
//            the tests beside the code that need those servers, listed in `serverTestsBesideCode`.
//   e2e      *.browser.test.ts (Chromium) and tests of several processes: platform/test/ and the
//            CLI runs listed in `processTests`.
//   bench    bench/test/ – the benchmarks' checks.
//
// A test beside the code that starts needing a server moves to the service tier by a line below:
// a unit run gets no servers (`createTestContext` refuses, naming this list).
const BROWSER = '**/*.browser.test.ts';

/** Tests beside the code (under src/) that need the servers: the service tier runs them. */
const serverTestsBesideCode: Record<string, string[]> = {
  // The NATS bus and its connection, against a NATS server (the contract suite, restarts, tracing).
  'libs/bus': ['src/nats/**/*.test.ts', 'src/**/trace-propagation.test.ts'],
  'services/gateway': [
    // Route tests, through `inject` on the gateway with every service behind it.
    'src/routes/**/*.test.ts',
    // The window counter and the penalty scores, in Redis as well as in memory.
    'src/limits/window-counter.test.ts',
    'src/limits/adaptive-limits.test.ts',
    'src/limits/message-limits.test.ts',
    'src/live/stream-leases.test.ts',
    // A2A tasks in Redis, read by another replica.
    'src/protocols/a2a/task-store.test.ts',
  ],
};

/** Tests under test/ that start the platform, the CLI, a NATS cluster or a Redis Sentinel group as processes: the e2e tier runs them. */
const processTests: Record<string, string[]> = {
  platform: ['test/**/*.test.ts'],
  'libs/bus': ['test/nats-cluster.test.ts'],
  'libs/stores': ['test/redis-sentinel.test.ts'],
  cli: ['test/cli-run.test.ts', 'test/mcp-run.test.ts'],
};

/** Folders of benchmark checks: the bench tier runs them. */
const benchTests: Record<string, string[]> = {
  bench: ['test/**/*.test.ts'],
};

type Tier = 'unit' | 'service' | 'e2e' | 'bench';

/** Which files of a workspace a tier runs, as globs relative to the workspace. */
function tierFiles(tier: Tier, dir: string): { include: string[]; exclude: string[] } {
  const server = serverTestsBesideCode[dir] ?? [];
  const processes = processTests[dir] ?? [];
  const bench = benchTests[dir] ?? [];
  switch (tier) {
    case 'unit':
      return { include: ['src/**/*.test.ts'], exclude: [BROWSER, ...server] };
    case 'service':
      return { include: ['test/**/*.test.ts', ...server], exclude: [BROWSER, ...processes, ...bench] };
    case 'e2e':
      return { include: [BROWSER, ...processes], exclude: [] };
    case 'bench':
      return { include: bench, exclude: [] };
  }
}

/**
 * Order within `npm test`: the unit tier first (half a minute: a broken build shows at once), then
 * the service, browser and benchmark tests side by side as before, then the platform's tests: they
 * start the services as processes (six at a time in the rolling restart, an embedded PostgreSQL
 * for npm start) and time their readiness, so they run after everything else, two files at a time,
 * and no browser or benchmark test starves them.
 */
const groupOrder = (tier: Tier, dir: string) => (tier === 'unit' ? 0 : tier === 'e2e' && dir === 'platform' ? 2 : 1);

const tiers: Tier[] = ['unit', 'service', 'e2e', 'bench'];

// One vitest project per workspace and tier, named `<tier>:<workspace>` (`unit:sessions`,
// `service:gateway`, `e2e:platform`): `--project 'unit:*'` runs a tier, `--project '*:gateway'`
// a package. A tier without files in a workspace has no project.
const projects: TestProjectInlineConfiguration[] = tiers.flatMap((tier) =>
  workspaces.flatMap((dir) => {
    const { include, exclude } = tierFiles(tier, dir);
    const files = globSync(include, { cwd: here(dir), exclude: ['**/node_modules/**', ...exclude] });
    if (files.length === 0) return [];
    return [
      {
        extends: true,
        test: {
          name: `${tier}:${dir.split('/').pop() ?? dir}`,
          root: here(dir),
          include,
          exclude: ['**/node_modules/**', ...exclude],
          // PostgreSQL, NATS and Redis: found or started once per run, for the tiers that need them.
          globalSetup: tier === 'unit' ? [] : [here('libs/testing/src/global-setup.ts')],
          sequence: { groupOrder: groupOrder(tier, dir) },
          // What the e2e tests poll for (a page's text, a link's look) comes over a running platform,
          // in a browser: on a loaded machine, past expect.poll's own 1 s.
          ...(tier === 'e2e' ? { expect: { poll: { timeout: 10_000 } } } : {}),
        },
      },
    ];
  }),
);

export default defineConfig({
  test: {
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
    projects,
  },
});
