import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  childEnv,
  descendantsOf,
  isRunning,
  type ManagedProcess,
  PROCESS_READY_MS,
  processesMatching,
  spawnNode,
  startNpmStart,
  startPlatformProcess,
  waitForExitOf,
  waitForHttp,
} from './process-harness.js';
import { manage, SignedClient } from './signed-client.js';

/** What `npm start` printed for the user. */
interface Started {
  proc: ManagedProcess;
  port: number;
  url: string;
  /** The internal listener of /readyz and /metrics, from the banner's Metrics line. */
  healthUrl: string;
  adminKey: string;
  /** The ready-to-paste `CHAT_API_SECRET=… npx parley --tenant … --agent … --url …` line. */
  command: string;
  chatSecret: string;
  tenantId: string;
  /** The demo link's token, from the printed visitor command. */
  linkToken: string;
  /** From spawn to /healthz answering 200. */
  startMs: number;
}

describe('npm start: the whole platform in one process, as a user runs it', () => {
  let dataDir: string;
  const procs: ManagedProcess[] = [];
  let first: Started;
  let sessionId: string;

  /**
   * `node --import tsx platform/src/main.ts` from the repository root, with no server URLs set.
   * HEALTH_PORT=0 (any free port) unless given: the default 8081 could be taken on this machine.
   */
  function npmStart(vars: Record<string, string>): ManagedProcess {
    const proc = startPlatformProcess({ DATA_DIR: dataDir, HEALTH_PORT: '0', ...vars });
    procs.push(proc);
    return proc;
  }

  async function startAndRead(vars: Record<string, string> = {}): Promise<Started> {
    const port = await freePort();
    const began = Date.now();
    const proc = npmStart({ PORT: String(port), ...vars });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, proc, { timeoutMs: PROCESS_READY_MS });
    const startMs = Date.now() - began;
    await proc.waitForStdout(/Press Ctrl\+C to stop\./, 10_000);
    const read = (pattern: RegExp) => {
      const match = proc.stdout.match(pattern);
      if (!match?.[1]) throw new Error(`npm start printed no ${pattern}\n${proc.describe()}`);
      return match[1];
    };
    const command = read(/^\s*(CHAT_API_SECRET=\S+ npx parley .+?)\s*$/m);
    return {
      proc,
      port,
      url: read(/Gateway:\s+(\S+)/),
      healthUrl: read(/Metrics:\s+(\S+)\/metrics/),
      adminKey: read(/Admin key:\s+(\S+)/),
      command,
      chatSecret: read(/CHAT_API_SECRET=(\S+)/),
      tenantId: read(/--tenant (\S+)/),
      linkToken: read(/\/api\/public\/chat\/([A-Za-z0-9_-]+) /),
      startMs,
    };
  }

  /** Runs the printed command with `npx parley` replaced by `node cli/bin/parley.mjs`, input piped. */
  async function runPrintedCommand(command: string, input: string) {
    const words = command.split(/\s+/);
    const vars: Record<string, string> = {};
    while (words[0] && /^[A-Z_]+=/.test(words[0])) {
      const [name, ...value] = (words.shift() as string).split('=');
      vars[name as string] = value.join('=');
    }
    expect(words.slice(0, 2)).toEqual(['npx', 'parley']);
    const cli = spawnNode('parley', ['cli/bin/parley.mjs', ...words.slice(2)], { env: childEnv(vars), stdin: input });
    procs.push(cli);
    const exit = await cli.waitForExit(20_000);
    return { exit, stdout: cli.stdout, stderr: cli.stderr, describe: cli.describe(80) };
  }

  /** Embedded PostgreSQL servers still running on this DATA_DIR. */
  const postgresOnDataDir = () => processesMatching('postgres', join(dataDir, 'postgres'));
  /** The pid in DATA_DIR's postmaster.pid, when there is one. */
  const postmasterPid = (): number | undefined => {
    try {
      return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  };
  /** Nothing of PostgreSQL left on DATA_DIR: no server on it, and postmaster.pid (if left) names no running process. */
  const expectNoPostgres = (context: string) => {
    expect(postgresOnDataDir(), context).toEqual([]);
    const pid = postmasterPid();
    expect(pid !== undefined && isRunning(pid), `postmaster ${pid} still running\n${context}`).toBe(false);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-npm-start-'));
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop(10_000)));
    // A platform killed outright leaves its PostgreSQL orphaned: stop it (fast shutdown) before removing its files.
    for (const pid of postgresOnDataDir()) process.kill(pid, 'SIGINT');
    for (let i = 0; i < 50 && postgresOnDataDir().length > 0; i++) await sleep(100);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on embedded defaults, prints the gateway, the admin key and a chat command that works', async () => {
    first = await startAndRead();
    // Printed, not asserted: on two cores beside the suite's other process tests it can take most of PROCESS_READY_MS.
    console.info(`npm start: first start (fresh DATA_DIR) answered /healthz after ${first.startMs} ms`);
    expect(first.proc.stdout).toContain('database: embedded, bus: in-process, stores: memory');
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
    // /readyz and /metrics answer on the internal port only; the public one keeps /healthz.
    expect(first.healthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.healthUrl).not.toBe(first.url);
    expect(await (await fetch(`${first.healthUrl}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { postgres: 'ok', bus: 'ok' },
    });
    expect(await (await fetch(`${first.healthUrl}/metrics`)).text()).toContain('parley_http_request_duration_seconds');
    expect((await fetch(`${first.url}/readyz`)).status).toBe(404);
    expect((await fetch(`${first.url}/metrics`)).status).toBe(404);
    expect(first.command).toMatch(/^CHAT_API_SECRET=\S+ npx parley --tenant [0-9a-f-]{36} --agent [0-9a-f-]{36} --url http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.proc.stderr).toBe('');
    expect(first.proc.stdout).toContain('No SMTP_URL: email verification codes for public links are printed here');
    // Its PostgreSQL runs on DATA_DIR (which is how the later checks find a server left behind).
    expect(postgresOnDataDir().length).toBeGreaterThan(0);

    // The console it names is served, and so is the demo link's chat page.
    expect(first.proc.stdout).toContain(`Console:    ${first.url}/console (sign in with the admin key)`);
    const consolePage = await fetch(`${first.url}/console`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<title>Parley console</title>');

    // The printed admin key works on the management API.
    const agents = await manage(first.url, first.adminKey, 'GET', '/api/agents', undefined, first.tenantId);
    expect(agents.status, JSON.stringify(agents.body)).toBe(200);
    expect(JSON.stringify(agents.body)).toContain('demo-intake');

    const run = await runPrintedCommand(first.command, 'My name is Ada, ada@example.com\n/vars\n/end\n');
    expect(run.exit.code, run.describe).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain("Hi, I'm the Parley demo agent.");
    expect(run.stdout).toContain('You: My name is Ada, ada@example.com');
    expect(run.stdout).toContain('Thanks, Ada! Would you like a demo, pricing, or help');
    expect(run.stdout).toContain('Node: Menu (menu)');
    expect(run.stdout).toContain('Extracted: first_name=Ada, email=ada@example.com');
    expect(run.stdout).toContain('📝 first_name = Ada');
    expect(run.stdout).toContain('📝 email = ada@example.com');
    expect(run.stdout).toContain('✓ Session ended');
    expect(run.stdout).toMatch(/Total turns:\s+1\n/);
    sessionId = (run.stdout.match(/Session ID: (text_\S+)/) ?? [])[1] as string;
    expect(sessionId).toMatch(/^text_/);

    // The printed public link answers a visitor with no key at all.
    const visitor = await fetch(`${first.url}/api/public/chat/${first.linkToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'Hello' }),
    });
    expect(visitor.status).toBe(200);
    const reply = (await visitor.json()) as { response: string; session: string };
    expect(reply.session).toMatch(/^pcs_/);
    expect(typeof reply.response).toBe('string');
    // And the printed page of that link is served.
    const page = await fetch(`${first.url}/c/${first.linkToken}`);
    expect(page.status).toBe(200);
    expect(first.proc.stdout).toContain(`${first.url}/c/${first.linkToken}`);
  }, 135_000);

  it('stops on SIGTERM with exit code 0 and starts again faster on the same DATA_DIR, keeping its data; drains for SHUTDOWN_DELAY_SECONDS', async () => {
    first.proc.signal('SIGTERM');
    expect(await first.proc.waitForExit(10_000)).toEqual({ code: 0, signal: null });
    expect(postgresOnDataDir()).toEqual([]);

    const second = await startAndRead({ SHUTDOWN_DELAY_SECONDS: '1' });
    console.info(`npm start: first start ${first.startMs} ms, second start (same DATA_DIR) ${second.startMs} ms`);
    expect(second.adminKey).toBe(first.adminKey);
    expect(second.chatSecret).toBe(first.chatSecret);
    // The same demo tenant and agent: the printed command differs only in its URL (a new port).
    expect(second.command.replace(/--url \S+/, '')).toBe(first.command.replace(/--url \S+/, ''));
    // And the same demo link.
    expect(second.linkToken).toBe(first.linkToken);

    const status = await new SignedClient(second.url, second.chatSecret).status(sessionId);
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    expect(status.body).toMatchObject({
      session_id: sessionId,
      status: 'completed',
      turns: 1,
      collected_data: { first_name: 'Ada', email: 'ada@example.com' },
    });

    // Not ready at once, still serving (asking clients to close their connections) for the delay.
    const signalled = Date.now();
    second.proc.signal('SIGTERM');
    await waitFor(async () => expect((await fetch(`${second.healthUrl}/readyz`)).status).toBe(503), { timeoutMs: 500, intervalMs: 20 });
    const during = await new SignedClient(second.url, second.chatSecret).status(sessionId);
    expect(Date.now() - signalled).toBeLessThan(1_000);
    expect(during.status, JSON.stringify(during.body)).toBe(200);
    expect(during.headers.get('connection')).toBe('close');
    expect(await second.proc.waitForExit(10_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_000);
    expect(postgresOnDataDir()).toEqual([]);
  }, 135_000);

  it('refuses a bad NATS_URL, DATABASE_URL or a taken PORT or HEALTH_PORT in one line, and leaves no PostgreSQL behind', async () => {
    const failedStart = async (vars: Record<string, string>) => {
      const proc = npmStart(vars);
      const exit = await proc.waitForExit(30_000);
      expect(exit.code, proc.describe()).not.toBe(0);
      expect(exit.code, proc.describe()).not.toBeNull();
      const lines = proc.stderr.trim().split('\n');
      expect(lines, proc.describe()).toHaveLength(1);
      expect(proc.stderr).not.toMatch(/^\s+at /m);
      // The embedded server it started is stopped before it exits: nothing is left by then.
      expectNoPostgres(proc.describe());
      return lines[0] as string;
    };

    const nats = await failedStart({ PORT: String(await freePort()), NATS_URL: 'nonsense' });
    expect(nats).toMatch(/^parley: NATS_URL\b/);

    const database = await failedStart({ PORT: String(await freePort()), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
    expect(database).toMatch(/^parley: DATABASE_URL\b/);
    expect(database).toContain('127.0.0.1:1');

    const taken: Server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      taken.once('error', reject);
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port));
    });
    try {
      const inUse = await failedStart({ PORT: String(port) });
      expect(inUse).toContain(`port ${port}`);
      expect(inUse).toContain('in use');
      // The internal port is named as such when it is the one taken.
      const healthInUse = await failedStart({ PORT: String(await freePort()), HEALTH_PORT: String(port) });
      expect(healthInUse).toMatch(new RegExp(`^parley: port ${port} is already in use \\(set HEALTH_PORT\\b`));
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }

    // Nothing was left locked: the same DATA_DIR starts again.
    const again = await startAndRead();
    expect(again.adminKey).toBe(first.adminKey);
    again.proc.signal('SIGTERM');
    expect(await again.proc.waitForExit(10_000)).toEqual({ code: 0, signal: null });
  }, 240_000);
  it('stops its PostgreSQL when a signal comes while it starts, and on SIGHUP', async () => {
    const early = npmStart({ PORT: String(await freePort()) });
    // As soon as its PostgreSQL shows: still starting, most likely, and the platform surely is.
    await waitFor(() => postgresOnDataDir().length > 0, { timeoutMs: 30_000, intervalMs: 10 });
    early.signal('SIGTERM');
    expect(await early.waitForExit(15_000), early.describe()).toEqual({ code: 0, signal: null });
    expect(early.stdout).not.toContain('Parley is running');
    expectNoPostgres(early.describe());

    // A closed terminal (SIGHUP) stops it as SIGTERM does.
    const started = await startAndRead();
    started.proc.signal('SIGHUP');
    expect(await started.proc.waitForExit(10_000), started.proc.describe()).toEqual({ code: 0, signal: null });
    expectNoPostgres(started.proc.describe());
  }, 180_000);

  it('through npm: SIGTERM to npm, or SIGKILL of npm, stops the platform and its PostgreSQL; keys from the environment are never printed', async () => {
    const adminKey = 'npm-start-admin-key-from-a-secret-store';
    const chatSecret = 'npm-start-chat-secret-from-a-secret-store';
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const port = await freePort();
      const npm = startNpmStart({ DATA_DIR: dataDir, HEALTH_PORT: '0', PORT: String(port), ADMIN_API_KEY: adminKey, CHAT_API_SECRET: chatSecret });
      procs.push(npm);
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, npm, { timeoutMs: PROCESS_READY_MS });
      await npm.waitForStdout(/Press Ctrl\+C to stop\./, 10_000);
      // npm → its script's shell → node: the platform is npm's grandchild, below the shell whose command line names it too.
      const named = processesMatching('platform/src/main.ts').filter((pid) => descendantsOf(npm.pid).includes(pid));
      const platform = named.filter((pid) => !descendantsOf(pid).some((below) => named.includes(below)));
      expect(platform, npm.describe()).toHaveLength(1);
      const postmaster = postmasterPid() as number;
      expect(isRunning(postmaster)).toBe(true);

      if (signal === 'SIGTERM') {
        // Set in the environment (a secret store): said to be set, never shown – on any line, in any stream.
        expect(npm.stdout).toContain('Admin key:  set (from ADMIN_API_KEY)');
        expect(npm.stdout).toMatch(/^\s+npx parley --tenant \S+ --agent \S+ --url \S+$/m);
        for (const secret of [adminKey, chatSecret]) {
          expect(npm.stdout).not.toContain(secret);
          expect(npm.stderr).not.toContain(secret);
        }
        // The keys work all the same.
        expect((await manage(`http://127.0.0.1:${port}`, adminKey, 'GET', '/api/tenants')).status).toBe(200);
      }

      npm.signal(signal);
      await waitForExitOf([...platform, postmaster], 20_000);
      expect(postgresOnDataDir()).toEqual([]);
      await npm.waitForExit(10_000);
    }
  }, 240_000);

  it('stops the PostgreSQL a platform killed outright left running, at the next start', async () => {
    const killed = await startAndRead();
    const orphan = postmasterPid() as number;
    killed.proc.signal('SIGKILL');
    await killed.proc.waitForExit(10_000);
    // Killed outright, it could not stop its server: PostgreSQL runs on, orphaned.
    expect(isRunning(orphan)).toBe(true);

    const next = await startAndRead();
    expect(isRunning(orphan)).toBe(false);
    expect(postmasterPid()).not.toBe(orphan);
    expect(next.adminKey).toBe(first.adminKey);
    next.proc.signal('SIGTERM');
    expect(await next.proc.waitForExit(10_000)).toEqual({ code: 0, signal: null });
    expectNoPostgres(next.proc.describe());
  }, 270_000);
});
