import { jetstreamManager } from '@nats-io/jetstream';
import { connect, RequestError } from '@nats-io/transport-node';
import { namedResponderSubject, workQueueStreamName } from '@parley/bus';
import { waitFor } from './wait-for.js';

/**
 * Deletes every JetStream stream of a namespace: the bus names its streams after the namespace,
 * and KV buckets / object stores named after it live in `KV_…` / `OBJ_…` streams. Returns the
 * names deleted.
 */
export async function deleteNamespaceStreams(natsUrl: string, namespace: string): Promise<string[]> {
  const prefixes = [namespace, `KV_${namespace}`, `OBJ_${namespace}`];
  const nc = await connect({ servers: natsUrl, name: 'parley-test-harness' });
  try {
    const jsm = await jetstreamManager(nc);
    const doomed: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (prefixes.some((prefix) => name.startsWith(prefix))) doomed.push(name);
    }
    for (const name of doomed) await jsm.streams.delete(name);
    return doomed;
  } finally {
    await nc.close();
  }
}

/**
 * Resolves once every durable consumer of the namespace's event stream – of `event` only, when
 * named – has been handed everything the stream holds for it and has acknowledged it all: what was
 * published before the call, repeats and redeliveries included, has been handled. A test proves
 * "nothing more arrives" with it rather than sleeping. Every such consumer must be running (a
 * durable nobody pulls from never catches up). Rejects when that is not so within `timeoutMs`
 * (10 s by default), or when there is no such consumer.
 */
export async function eventConsumersCaughtUp(ctx: { natsUrl: string; namespace: string }, event?: string, options: { timeoutMs?: number } = {}): Promise<void> {
  // Named as libs/bus names them (nats/events.ts): the stream `<namespace>_events`, consumers `<durable>__<event>`.
  const jetStreamName = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  const stream = jetStreamName(`${ctx.namespace}_events`);
  const suffix = event === undefined ? '' : `__${jetStreamName(event)}`;
  const nc = await connect({ servers: ctx.natsUrl, name: 'parley-test-harness' });
  try {
    const jsm = await jetstreamManager(nc);
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    let behind = 'no consumer';
    for (;;) {
      const consumers = [];
      for await (const info of jsm.consumers.list(stream)) if (info.name.endsWith(suffix)) consumers.push(info);
      const lagging = consumers.filter((info) => info.num_pending > 0 || info.num_ack_pending > 0);
      if (consumers.length > 0 && lagging.length === 0) return;
      if (consumers.length > 0) behind = lagging.map((info) => `${info.name}: ${info.num_pending} pending, ${info.num_ack_pending} unacknowledged`).join('; ');
      if (Date.now() > deadline) throw new Error(`the event consumers did not catch up${event === undefined ? '' : ` on ${event}`}: ${behind}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await nc.close();
  }
}

/**
 * What the server holds for a work queue (the stream libs/bus keeps for an RPC such as
 * `runner.turn`): per consumer, the requests waiting and unacknowledged, and the pulls waiting at
 * the server. For a failing test to say where its requests are.
 */
export async function workQueueAtServer(ctx: { natsUrl: string; namespace: string }, rpcName: string): Promise<string> {
  const stream = workQueueStreamName(ctx.namespace, rpcName);
  const nc = await connect({ servers: ctx.natsUrl, name: 'parley-test-harness' });
  try {
    const jsm = await jetstreamManager(nc);
    const lines: string[] = [];
    for await (const info of jsm.consumers.list(stream)) {
      lines.push(
        `${stream}/${info.name}: ${info.num_pending} waiting, ${info.num_ack_pending} unacknowledged, ${info.num_redelivered} redelivered, ${info.num_waiting} pulls waiting; delivered up to ${info.delivered.stream_seq}, acknowledged up to ${info.ack_floor.stream_seq}`,
      );
    }
    return lines.join('\n') || `${stream}: no consumer`;
  } catch (error) {
    return `${stream}: ${String(error)}`;
  } finally {
    await nc.close();
  }
}

/**
 * Watches the requests of `rpcName` offered to one named responder (libs/bus `namedResponders`,
 * such as `sessions.send`) until `stop()`, which gives the subjects they were offered on, each
 * once. The watch takes copies: the responders still get every request.
 */
export async function watchNamedOffers(ctx: { natsUrl: string; namespace: string }, rpcName: string): Promise<{ stop(): Promise<string[]> }> {
  const subject = `${ctx.namespace}.${rpcName}`;
  const named = namedResponderSubject(subject, '');
  const nc = await connect({ servers: ctx.natsUrl, name: 'parley-test-harness' });
  const offered = new Set<string>();
  nc.subscribe(`${subject}.*`, {
    callback: (_error, msg) => {
      if (msg.subject.startsWith(named)) offered.add(msg.subject);
    },
  });
  await nc.flush();
  return {
    async stop() {
      await nc.close();
      return [...offered];
    },
  };
}

/**
 * Resolves once the NATS server holds no subscription on `subject` (one of watchNamedOffers'):
 * a request offered there is then told at once that nothing answers. A killed process's
 * subscriptions go when the server has seen its connection close, a moment after the process
 * is gone; a test that kills a named responder waits for this before it offers the next request.
 * Rejects after `timeoutMs` (10 s by default).
 */
export async function namedResponderGone(natsUrl: string, subject: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const nc = await connect({ servers: natsUrl, name: 'parley-test-harness' });
  try {
    await waitFor(
      async () => {
        try {
          // A live responder answers this with an error of its own; a dead one's connection swallows it.
          await nc.request(subject, '', { timeout: 200 });
          return false;
        } catch (error) {
          return error instanceof RequestError && error.isNoResponders();
        }
      },
      { timeoutMs: options.timeoutMs ?? 10_000, intervalMs: 20 },
    ).catch(() => {
      throw new Error(`${subject} still has a subscription at the NATS server`);
    });
  } finally {
    await nc.close();
  }
}
