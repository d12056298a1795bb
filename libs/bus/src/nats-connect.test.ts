import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { connectNats } from './nats-connect.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** The write system calls this thread has made (Linux): the socket writes of the event loop's thread. */
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

describe('a NATS connection', () => {
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
    const nc = await connection('coalesce-test');
    const subject = `coalesce.${randomBytes(6).toString('hex')}`;
    const received: T[] = [];
    nc.subscribe(subject, {
      callback: (_error, msg) => {
        received.push(read(msg));
      },
    });
    await nc.flush();
    return { nc, subject, received };
  }

  it.runIf(existsSync('/proc/thread-self/io'))(
    'sends what many callbacks of one event-loop turn publish in one write, in order, and nothing is lost',
    async () => {
      const { nc, subject, received } = await listening((msg) => msg.string());

      const before = writeCalls();
      await inOneTurn(200, (index) => nc.publish(subject, `m${index}`));
      const writes = writeCalls() - before;

      // One write for the turn (the client wrote one per callback: 200). A little room for
      // anything else the thread writes meanwhile.
      expect(writes).toBeLessThanOrEqual(5);
      await nc.flush();
      await expect.poll(() => received.length).toBe(200);
      expect(received).toEqual(Array.from({ length: 200 }, (_, index) => `m${index}`));
    },
  );

  it.runIf(existsSync('/proc/thread-self/io'))('writes a turn that publishes more than the client holds as it goes, all of it in order', async () => {
    const { nc, subject, received } = await listening((msg) => msg.data[0]);

    // 1 MiB in 10 KiB messages from one callback: the client holds at most 32 KiB before writing.
    const before = writeCalls();
    await inOneTurn(1, () => {
      for (let index = 0; index < 100; index += 1) nc.publish(subject, new Uint8Array(10 * 1024).fill(index));
    });
    const writes = writeCalls() - before;

    expect(writes).toBeGreaterThanOrEqual(20);
    await nc.flush();
    await expect.poll(() => received.length).toBe(100);
    expect(received).toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it('flushes and drains what was published just before, with nothing left behind', async () => {
    const { nc: reader, subject, received } = await listening((msg) => msg.string());
    const nc = await connection('coalesce-writer');

    nc.publish(subject, 'before flush');
    await nc.flush();
    nc.publish(subject, 'before drain');
    await nc.drain();

    await reader.flush();
    await expect.poll(() => received).toEqual(['before flush', 'before drain']);
  });
});
