import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { contractCatalog } from './contract.suite.js';
import { createNatsBus } from './nats-bus.js';

/**
 * The turn queue through a NATS server that dies: this file starts a server of its own (the
 * machine's is shared), kills it with SIGKILL and starts it again on the same port and store.
 */

async function natsBinary(): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/bin'].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, 'nats-server');
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function startServer(binary: string, port: number, storeDir: string): Promise<ChildProcess> {
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Server is ready/.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`nats-server exited (${code}):\n${output}`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const binary = await natsBinary();

describe.skipIf(binary === undefined)('nats bus: the work queue when its NATS server dies', () => {
  const logger = createLogger({ service: 'bus-test', level: 'silent' });
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  });

  /** A server of the test's own, a responder (two slots, holding requests from 10 up until released) and a caller. */
  async function setUp() {
    const port = await freePort();
    const storeDir = await mkdtemp(join(tmpdir(), 'parley-nats-restart-'));
    cleanups.push(() => rm(storeDir, { recursive: true, force: true }));
    let server = await startServer(binary as string, port, storeDir);
    cleanups.push(() => kill(server));
    const url = `nats://127.0.0.1:${port}`;
    const namespace = `t_${randomBytes(6).toString('hex')}`;
    const responder = await createNatsBus({ catalog: contractCatalog, servers: url, namespace, logger, name: 'responder' });
    cleanups.push(() => responder.drain());
    const caller = await createNatsBus({ catalog: contractCatalog, servers: url, namespace, logger, name: 'caller' });
    cleanups.push(() => caller.drain());

    const runs: number[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await responder.serve(
      'queued',
      async ({ n }, ctx) => {
        runs.push(n);
        if (n >= 10) await held;
        return { n, worker: 'only', queuedMs: ctx.queuedMs ?? -1 };
      },
      { maxInFlight: 2 },
    ).ready;
    await expect(caller.request('queued', { n: 0 })).resolves.toMatchObject({ n: 0 });

    /** SIGKILL, a new server on the same port and store, and back once JetStream answers the caller (its inbox subscribed anew). */
    const restart = async () => {
      await kill(server);
      server = await startServer(binary as string, port, storeDir);
      const back = Date.now();
      for (;;) {
        const answered = await caller.queueStats('queued').then(
          () => true,
          () => false,
        );
        if (answered) return;
        if (Date.now() - back > 20_000) throw new Error('JetStream did not come back');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const timesRun = (n: number) => runs.filter((m) => m === n).length;
    return { caller, runs, release, restart, timesRun };
  }

  it('answers what was running and what was stored when the server died', async () => {
    const { caller, runs, release, restart, timesRun } = await setUp();
    // Two requests run (held), a third waits in the stream; the server dies under them.
    const before = [10, 11, 12].map((n) => caller.request('queued', { n }, { timeoutMs: 30_000 }));
    while (runs.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await caller.queueStats('queued')).waiting).toBe(1);
    await restart();
    // The held runs finish and answer, and the stored request is taken: every caller gets its reply.
    release();
    expect((await Promise.all(before)).map((r) => r.n)).toEqual([10, 11, 12]);
    // What ran when the server died may run again (JetStream had not yet written that it was
    // delivered, so it delivers it anew); the stored one runs once.
    expect(timesRun(10)).toBeGreaterThanOrEqual(1);
    expect(timesRun(11)).toBeGreaterThanOrEqual(1);
    expect(timesRun(12)).toBe(1);
  }, 60_000);

  it('takes new requests within seconds once the server is back, each run once', async () => {
    const { caller, restart, timesRun } = await setUp();
    // The server dies while the responder only waits for work: the pulls it held die with it. The
    // responder pulls anew when its connection comes back, and gives up within 12 s a pull the
    // server never answers.
    await restart();
    const sent = Date.now();
    const replies = await Promise.all([1, 2, 3].map((n) => caller.request('queued', { n }, { timeoutMs: 40_000 })));
    expect(replies.map((r) => r.n)).toEqual([1, 2, 3]);
    // Within the pulls' expiry and the ack wait of a message a lost pull took.
    expect(Date.now() - sent).toBeLessThan(25_000);
    for (const n of [0, 1, 2, 3]) expect(timesRun(n)).toBe(1);
    expect((await caller.queueStats('queued')).waiting).toBe(0);
  }, 60_000);
});
