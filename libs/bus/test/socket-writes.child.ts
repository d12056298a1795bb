/**
 * Counts the socket writes of the bus's NATS connection, in a process of its own so that nothing
 * else writes from its thread meanwhile (a test worker also writes its messages to the test
 * runner). Prints one JSON line: for each case, the write system calls of this thread while it ran.
 * Run with `node --import tsx`; NATS_URL and BUS_NAMESPACE say where.
 */
import { readFileSync } from 'node:fs';
import { createLogger } from '@parley/logger';
import { contractCatalog } from '../src/contract/catalog.js';
import { createNatsBus } from '../src/nats/bus.js';
import { connectNats } from '../src/nats/connect.js';
import { Outbox } from '../src/nats/outbox.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const namespace = process.env.BUS_NAMESPACE ?? 'missing';
const logger = createLogger({ service: 'socket-writes', level: 'silent' });

/** The write system calls this thread has made (Linux). */
function writeCalls(): number {
  const match = /^syscw:\s*(\d+)$/m.exec(readFileSync('/proc/thread-self/io', 'utf8'));
  if (!match) throw new Error('no syscw in /proc/thread-self/io');
  return Number(match[1]);
}

async function countWrites(run: () => Promise<void>): Promise<number> {
  const before = writeCalls();
  await run();
  return writeCalls() - before;
}

/** Runs `callbacks` callbacks in one turn of the event loop (timers due at the same moment), each on its own; resolves after the turn's writes. */
function inOneTurn(callbacks: number, each: (index: number) => void): Promise<void> {
  return new Promise((resolve) => {
    for (let index = 0; index < callbacks; index += 1) {
      setTimeout(() => {
        each(index);
        if (index === callbacks - 1) setImmediate(resolve);
      }, 5);
    }
  });
}

const nc = await connectNats({ servers, connectTimeoutMs: 3_000, name: 'socket-writes' });
const outbox = new Outbox(nc, logger);
const subject = `${namespace}.writes`;
await nc.flush();

const counts: Record<string, number> = {};
// The client alone: one write per callback that published.
counts.client = await countWrites(() => inOneTurn(200, (index) => nc.publish(subject, `m${index}`)));
counts.outbox = await countWrites(() => inOneTurn(200, (index) => outbox.publish(subject, `m${index}`)));
// A reply whose acknowledgement follows once it is written, as a work queue's responder does.
counts.written = await countWrites(() =>
  inOneTurn(100, (index) => outbox.publish(subject, `reply${index}`, undefined, { written: () => outbox.publish(subject, `ack${index}`) })),
);

// A bus whose handlers answer from timer callbacks of their own, all at the same moment, as a
// service answers from replies of the LLM or statements' results.
const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, name: 'socket-writes-bus' });
let answerAt = 0;
await bus.serve('echo', async ({ text }, ctx) => {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, answerAt - Date.now())));
  return { text, requestId: ctx.requestId, traceId: ctx.traceId, subject: ctx.subject };
}).ready;
const inbox = `${namespace}.replies`;
let received = 0;
let expected = 0;
let allReceived: () => void = () => {};
nc.subscribe(inbox, {
  callback: () => {
    received += 1;
    if (received === expected) allReceived();
  },
});
/** Sends `count` requests in one write; once the server has them, the replies still to come. */
const ask = async (count: number): Promise<{ replies: Promise<void> }> => {
  received = 0;
  expected = count;
  const replies = new Promise<void>((resolve) => {
    allReceived = resolve;
  });
  answerAt = Date.now() + 300;
  for (let index = 0; index < count; index += 1) nc.publish(`${namespace}.contract.echo`, JSON.stringify({ text: `r${index}` }), { reply: inbox });
  await nc.flush();
  return { replies };
};
// Once first, so that what the process loads and sets up on the way is not counted.
await (await ask(5)).replies;
const { replies } = await ask(100);
counts.bus = await countWrites(() => replies);

await bus.drain();
await nc.drain();
process.stdout.write(`${JSON.stringify(counts)}\n`);
