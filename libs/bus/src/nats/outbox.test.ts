import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { connectNats } from './connect.js';
import { Outbox } from './outbox.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger({ service: 'outbox-test', level: 'silent' });
const countsWrites = existsSync('/proc/thread-self/io');

/** The write system calls this thread has made (Linux): the socket writes of the event loop's thread among them. */
function writeCalls(): number {
  const match = /^syscw:\s*(\d+)$/m.exec(readFileSync('/proc/thread-self/io', 'utf8'));
  if (!match) throw new Error('no syscw in /proc/thread-self/io');
  return Number(match[1]);
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

  it('sends what many callbacks of one event-loop turn send at the end of the turn, in order, nothing lost', async () => {
    const { nc, subject, received, outbox } = await listening((msg) => msg.string());

    await inOneTurn(200, (index) => outbox.publish(subject, `m${index}`));

    await nc.flush();
    await expect.poll(() => received.length).toBe(200);
    expect(received).toEqual(Array.from({ length: 200 }, (_, index) => `m${index}`));
  });

  it('sends what a write’s outcome sends in the same turn, after what was sent before it', async () => {
    const { nc, subject, received, outbox } = await listening((msg) => msg.string());

    // A reply whose acknowledgement follows once it is written, as a work queue's responder does.
    await inOneTurn(100, (index) => outbox.publish(subject, `reply${index}`, undefined, { written: () => outbox.publish(subject, `ack${index}`) }));

    await nc.flush();
    await expect.poll(() => received.length).toBe(200);
    // Each acknowledgement after its reply; the replies in order, and the acknowledgements.
    const replies = Array.from({ length: 100 }, (_, index) => `reply${index}`);
    const acks = Array.from({ length: 100 }, (_, index) => `ack${index}`);
    expect(received.filter((text) => text.startsWith('reply'))).toEqual(replies);
    expect(received.filter((text) => text.startsWith('ack'))).toEqual(acks);
    expect(replies.every((reply, index) => received.indexOf(reply) < received.indexOf(acks[index] as string))).toBe(true);
  });

  it.runIf(countsWrites)('sends as it goes a turn that sends more than 32 KiB, all of it in order', async () => {
    const { nc, subject, received, outbox } = await listening((msg) => msg.data[0]);

    // 1 MiB in 10 KiB messages from one callback: what waits for the end of the turn stays bounded,
    // so most of it is written before the callback returns.
    let writtenMeanwhile = 0;
    await inOneTurn(1, () => {
      const before = writeCalls();
      for (let index = 0; index < 100; index += 1) outbox.publish(subject, new Uint8Array(10 * 1024).fill(index));
      writtenMeanwhile = writeCalls() - before;
    });

    expect(writtenMeanwhile).toBeGreaterThanOrEqual(20);
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
});
