import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { contractCatalog } from '../contract/catalog.js';
import { createNatsBus } from './bus.js';
import { connectNats } from './connect.js';
import { deleteNamespaceStreams } from './events.js';
import { Outbox } from './outbox.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger({ service: 'outbox-test', level: 'silent' });
const countsWrites = existsSync('/proc/thread-self/io');

/** The write system calls this thread has made (Linux): the socket writes of the event loop's thread. */
function writeCalls(): number {
  const match = /^syscw:\s*(\d+)$/m.exec(readFileSync('/proc/thread-self/io', 'utf8'));
  if (!match) throw new Error('no syscw in /proc/thread-self/io');
  return Number(match[1]);
}

/**
 * The fewest write system calls of three runs of `run`. The test runner's own messages to its
 * parent process are writes of this thread too, and now and then one goes out during a run (many
 * writes, when the parent is slow to read): a run that coalesces shows in the fewest, where one
 * that does not would write a hundred times each time.
 */
async function fewestWrites(run: () => Promise<void>): Promise<number> {
  let fewest = Number.POSITIVE_INFINITY;
  const { openSync, writeSync } = await import('node:fs');
  const nul = openSync('/dev/null', 'w');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    writeSync(nul, 'MARK-START');
    const before = writeCalls();
    await run();
    fewest = Math.min(fewest, writeCalls() - before);
    writeSync(nul, `MARK-END ${writeCalls() - before}`);
  }
  return fewest;
}

/** Runs `callbacks` callbacks in one turn of the event loop (timers due at the same moment), each on its own. */
function inOneTurn(callbacks: number, each: (index: number) => void): Promise<void> {
  return new Promise((resolve) => {
    for (let index = 0; index < callbacks; index += 1) {
      setTimeout(() => {
        each(index);
        // After the turn's writes, which were scheduled by the first callback.
        if (index === callbacks - 1) setImmediate(resolve);
      }, 5);
    }
  });
}

describe('the outbox of a NATS connection', () => {
  const connections: NatsConnection[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((nc) => nc.drain().catch(() => {})));
  });

  const connection = async (name: string) => {
    const nc = await connectNats({ servers, connectTimeoutMs: 3_000, name });
    connections.push(nc);
    return nc;
  };

  /** A connection of the test's own on a fresh subject, and what arrives there, each message as `read` takes it. */
  async function listening<T>(read: (msg: Msg) => T) {
    const nc = await connection('outbox-test');
    const subject = `outbox.${randomBytes(6).toString('hex')}`;
    const received: T[] = [];
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        received.push(read(msg));
      },
    });
    await nc.flush();
    return { nc, subject, received, outbox: new Outbox(nc, logger) };
  }

  it.runIf(countsWrites)('sends what many callbacks of one event-loop turn send in one write, in order, and nothing is lost', async () => {
    const { nc, subject, received, outbox } = await listening((msg) => msg.string());

    const writes = await fewestWrites(() => inOneTurn(200, (index) => outbox.publish(subject, `m${index}`)));

    // One write for the turn (the client alone writes one per callback: 200). A little room for
    // anything else the thread writes meanwhile.
    expect(writes).toBeLessThanOrEqual(5);
    await nc.flush();
    await expect.poll(() => received.length).toBe(600);
    const turn = Array.from({ length: 200 }, (_, index) => `m${index}`);
    expect(received).toEqual([...turn, ...turn, ...turn]);
  });

  it.runIf(countsWrites)('sends what a write’s outcome sends in the same write, after what was sent before it', async () => {
    const { nc, subject, received, outbox } = await listening((msg) => msg.string());

    // A reply whose acknowledgement follows once it is written, as a work queue's responder does.
    let attempt = 0;
    const writes = await fewestWrites(async () => {
      attempt += 1;
      await inOneTurn(100, (index) =>
        outbox.publish(subject, `${attempt}.reply${index}`, undefined, { written: () => outbox.publish(subject, `${attempt}.ack${index}`) }),
      );
    });

    expect(writes).toBeLessThanOrEqual(5);
    await nc.flush();
    await expect.poll(() => received.length).toBe(600);
    // Each acknowledgement after its reply; the replies in order, and the acknowledgements.
    for (const tried of [1, 2, 3]) {
      const replies = Array.from({ length: 100 }, (_, index) => `${tried}.reply${index}`);
      const acks = Array.from({ length: 100 }, (_, index) => `${tried}.ack${index}`);
      expect(received.filter((text) => text.startsWith(`${tried}.reply`))).toEqual(replies);
      expect(received.filter((text) => text.startsWith(`${tried}.ack`))).toEqual(acks);
      expect(replies.every((reply, index) => received.indexOf(reply) < received.indexOf(acks[index] as string))).toBe(true);
    }
  });

  it.runIf(countsWrites)('sends a turn that sends more than 32 KiB as it goes, all of it in order', async () => {
    const { nc, subject, received, outbox } = await listening((msg) => msg.data[0]);

    // 1 MiB in 10 KiB messages from one callback.
    const before = writeCalls();
    await inOneTurn(1, () => {
      for (let index = 0; index < 100; index += 1) outbox.publish(subject, new Uint8Array(10 * 1024).fill(index));
    });
    const writes = writeCalls() - before;

    expect(writes).toBeGreaterThanOrEqual(20);
    await nc.flush();
    await expect.poll(() => received.length).toBe(100);
    expect(received).toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it('flushes, and sends before a drain, what was sent just before, with nothing left behind', async () => {
    const { nc: reader, subject, received } = await listening((msg) => msg.string());
    const nc = await connection('outbox-writer');
    const outbox = new Outbox(nc, logger);

    outbox.publish(subject, 'before flush');
    await outbox.flush();
    outbox.publish(subject, 'before drain');
    outbox.writeNow();
    await nc.drain();

    await reader.flush();
    await expect.poll(() => received).toEqual(['before flush', 'before drain']);
  });

  it('tells a write the client refuses to its `failed` (larger than the server takes, or the connection closed), and sends the others', async () => {
    const { nc, subject, received, outbox } = await listening((msg) => msg.string());
    const outcomes: string[] = [];
    const told = (name: string) => ({ written: () => outcomes.push(`${name} written`), failed: () => outcomes.push(`${name} failed`) });

    outbox.publish(subject, 'small', undefined, told('small'));
    outbox.publish(subject, 'x'.repeat((nc.info?.max_payload ?? 1024 * 1024) + 1), undefined, told('too large'));
    outbox.publish(subject, 'after', undefined, told('after'));
    await outbox.flush();
    expect(outcomes).toEqual(['small written', 'too large failed', 'after written']);
    await expect.poll(() => received).toEqual(['small', 'after']);

    await nc.close();
    const failed = new Promise<unknown>((resolve) => outbox.publish(subject, 'closed', undefined, { failed: resolve }));
    await expect(failed).resolves.toBeInstanceOf(Error);
  });

  it.runIf(countsWrites)('carries a NATS bus’s replies: what its handlers answer in one turn goes out in one write', async () => {
    const namespace = `t_${randomBytes(6).toString('hex')}`;
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, name: 'outbox-bus' });
    try {
      // Each handler answers from a timer callback of its own, as a service answers from a reply of
      // the LLM or a statement's result – all of them at the same moment.
      let answerAt = 0;
      await bus.serve('echo', async ({ text }, ctx) => {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, answerAt - Date.now())));
        return { text, requestId: ctx.requestId, traceId: ctx.traceId, subject: ctx.subject };
      }).ready;
      const nc = await connection('outbox-requests');
      const inbox = `outbox.replies.${randomBytes(6).toString('hex')}`;
      let received: string[] = [];
      let expected = 0;
      let allReceived: () => void = () => {};
      nc.subscribe(inbox, {
        callback: (_error, msg) => {
          received.push((JSON.parse(msg.string()) as { text: string }).text);
          if (received.length === expected) allReceived();
        },
      });
      /** Sends `count` requests in one write: once the server has them, every reply still to come. */
      const ask = async (count: number): Promise<{ replies: Promise<void> }> => {
        received = [];
        expected = count;
        const replies = new Promise<void>((resolve) => {
          allReceived = resolve;
        });
        answerAt = Date.now() + 300;
        for (let index = 0; index < count; index += 1) nc.publish(`${namespace}.contract.echo`, JSON.stringify({ text: `r${index}` }), { reply: inbox });
        await nc.flush();
        return { replies };
      };
      // Once first, so that nothing this process loads or sets up on the way (modules, the
      // subscription's first delivery) is counted below.
      await (await ask(5)).replies;

      const answers: string[][] = [];
      let writes = Number.POSITIVE_INFINITY;
      // The fewest of three, as fewestWrites: the requests go out before the count starts.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const { replies } = await ask(100);
        const before = writeCalls();
        await replies;
        writes = Math.min(writes, writeCalls() - before);
        answers.push([...received].sort());
      }

      // The client alone writes one reply a callback: 100.
      expect(writes).toBeLessThanOrEqual(10);
      const all = Array.from({ length: 100 }, (_, index) => `r${index}`).sort();
      expect(answers).toEqual([all, all, all]);
    } finally {
      await bus.drain();
      await deleteNamespaceStreams(servers, namespace);
    }
  });
});
