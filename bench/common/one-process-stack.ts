import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, startService } from './child-process.js';
import { Cleanups, nodeFlags, repoRoot, type Stack, type StackOptions } from './stack.js';

const READY_TIMEOUT_MS = 90_000;

/** The embedded PostgreSQL server's process, while it runs (its postmaster.pid names it). */
function embeddedPostgresPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops the embedded PostgreSQL if the platform could not (it was killed): otherwise the server
 * would outlive the run and keep its temporary data folder busy.
 */
function stopOrphanedPostgres(dataDir: string): void {
  const pid = embeddedPostgresPid(dataDir);
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    // Already gone.
  }
}

/**
 * `npm start` as a user runs it (platform/src/main.ts through tsx), in a child process so the
 * load generator does not share its thread: embedded PostgreSQL in a temporary DATA_DIR, the
 * in-process bus and in-memory stores.
 */
export async function startOneProcessStack(options: StackOptions): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
  const adminApiKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  const chatApiSecret = `bench-chat-${randomBytes(12).toString('hex')}`;
  const cleanups = new Cleanups();
  cleanups.add(`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
  const onExit = () => stopOrphanedPostgres(dataDir);
  process.once('exit', onExit);
  cleanups.add('stop an orphaned embedded PostgreSQL', async () => {
    process.off('exit', onExit);
    stopOrphanedPostgres(dataDir);
  });
  try {
    const platform = startService('platform', [...nodeFlags('platform', options), '--import', 'tsx', 'platform/src/main.ts'], {
      cwd: repoRoot,
      env: childEnv({
        ...options.serviceEnv,
        ...options.gatewayEnv,
        ...(options.llmBaseUrl ? { OPENAI_BASE_URL: options.llmBaseUrl, OPENAI_API_KEY: 'bench' } : {}),
        ...options.runnerEnv,
        ...options.memoryEnv,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        ADMIN_API_KEY: adminApiKey,
        CHAT_API_SECRET: chatApiSecret,
      }),
    });
    cleanups.add('stop the platform', () => platform.stop());
    options.log('starting the platform in one process (embedded PostgreSQL, in-process bus, memory stores)');
    const [, url] = await platform.waitForLine(/Gateway:\s+(http:\/\/\S+)/, READY_TIMEOUT_MS);
    // What it says it runs on: the caller's DATABASE_URL and friends must not have leaked in.
    const [, database, bus, stores] = await platform.waitForLine(/database: ([\w-]+), bus: ([\w-]+), stores: ([\w-]+)/, 1_000);
    if (database !== 'embedded' || bus !== 'in-process' || stores !== 'memory') {
      throw new Error(`the platform runs on database: ${database}, bus: ${bus}, stores: ${stores} – expected embedded, in-process, memory`);
    }
    return {
      mode: 'one-process',
      description: 'platform/src/main.ts in one process (tsx): embedded PostgreSQL, in-process bus, memory stores',
      url: url ?? '',
      adminApiKey,
      chatApiSecret,
      processes: [platform],
      servers: [],
      assertRunning() {
        if (!platform.running) throw platform.failure('died during the benchmark');
      },
      stop: () => cleanups.runAll(),
    };
  } catch (error) {
    await cleanups.runAll().catch(() => undefined);
    throw error;
  }
}
