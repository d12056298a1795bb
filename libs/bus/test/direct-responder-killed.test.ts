import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { contractCatalog } from '../src/contract/suite.js';
import { createNatsBus } from '../src/nats/bus.js';
import { deleteNamespaceStreams } from '../src/nats/events.js';
import { workQueueStreamName } from '../src/nats/work-queue.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger({ service: 'bus-test', level: 'silent' });
const child = fileURLToPath(new URL('./direct-responder.child.ts', import.meta.url));

/** The responder process, with what it printed. */
function startResponder(namespace: string, slots: number) {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', child], {
    env: { ...process.env, NATS_URL: servers, BUS_NAMESPACE: namespace, RESPONDER_SLOTS: String(slots) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let errors = '';
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
  proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => proc.on('exit', (code, signal) => resolve(signal ?? code)));
  const waitFor = async (what: (lines: string[]) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!what(lines)) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`the responder process did not get there: ${lines.join(' | ')} ${errors}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { proc, lines, exited, waitFor };
}

describe('nats bus: a responder process killed with requests it took directly', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  });

  it('SIGKILL with three requests in hand: after the ack wait each is queued and answered by another responder, run there once', async () => {
    const namespace = `t_${randomBytes(6).toString('hex')}`;
    cleanups.push(() => deleteNamespaceStreams(servers, namespace));
    const responder = startResponder(namespace, 4);
    cleanups.push(async () => {
      responder.proc.kill('SIGKILL');
      await responder.exited;
    });
    await responder.waitFor((lines) => lines.includes('ready'), 20_000);

    // The caller, and a survivor with one slot: it takes only what is queued, never a direct request.
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, workQueues: { direct: true, ackWaitMs: 1_000 } });
    cleanups.push(() => bus.drain());
    const survivorRuns: number[] = [];
    await bus.serve(
      'queued',
      async ({ n }) => {
        survivorRuns.push(n);
        return { n, worker: 'survivor', queuedMs: 0 };
      },
      { maxInFlight: 1 },
    ).ready;

    const replies = [1, 2, 3].map((n) => bus.request('queued', { n }));
    await responder.waitFor((lines) => ['started 1', 'started 2', 'started 3'].every((line) => lines.includes(line)), 5_000);
    const killedAt = performance.now();
    responder.proc.kill('SIGKILL');
    expect(await responder.exited).toBe('SIGKILL');

    const answered = await Promise.all(replies);
    const recoveredMs = performance.now() - killedAt;
    expect(answered.map((reply) => [reply.n, reply.worker])).toEqual([
      [1, 'survivor'],
      [2, 'survivor'],
      [3, 'survivor'],
    ]);
    expect([...survivorRuns].sort()).toEqual([1, 2, 3]);
    // The caller heard nothing for its ack wait (1 s) before queueing them.
    expect(recoveredMs).toBeGreaterThanOrEqual(500);
    expect(recoveredMs).toBeLessThan(8_000);

    // Each was stored once (when queued) and nothing is left in the queue.
    const nc = await connect({ servers });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    expect((await jsm.streams.info(workQueueStreamName(namespace, 'queued'))).state.last_seq).toBe(3);
    expect(await bus.queueStats('queued')).toEqual({ waiting: 0, running: 0, oldestWaitingMs: 0 });
  }, 40_000);
});
