import { type MsgHdrs, headers as natsHeaders } from '@nats-io/transport-node';
import type { Logger } from '@parley/logger';
import type { EventRoute } from '../core/catalog-routes.js';
import { headerNames } from '../core/codec.js';

/**
 * A batch stays well below NATS's default max_payload (1 MB) however large its events: one that
 * would pass this many bytes is sent first.
 */
const MAX_BATCH_BYTES = 256 * 1024;

interface Pending {
  /** Each event as `{"h":{headers},"p":payload}` text, in the order published. */
  items: string[];
  bytes: number;
  /** EventSpec.tally: by key, the item that stands for that key's events so far, and its payload merged. */
  tallied: Map<string, { index: number; headers: string; payload: unknown }>;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  timer: NodeJS.Timeout;
}

/** Stores one message in the event stream (the bus's publish to JetStream). */
export type StoreMessage = (subject: string, body: string, headers: MsgHdrs) => Promise<void>;

/**
 * The publishing side of batched events (EventSpec.batch): per subject, the events published
 * within the window go out as one stored message, a JSON array of `{h, p}` – each event's own
 * headers (its request and trace ids, its trace context) and its payload –, marked with the
 * `Parley-Batch` header. Each caller's publish settles with its batch. Batches of one subject are
 * sent in the order they close, over one connection, so JetStream stores them in that order.
 */
export class EventBatches {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly store: StoreMessage,
    private readonly logger: Logger,
  ) {}

  /** `payload` is what `body` encodes: an event of a tallied subject (EventSpec.tally) is merged into its key's item by it. */
  add(route: EventRoute, body: string, headers: MsgHdrs, payload?: unknown): Promise<void> {
    const batch = route.spec.batch;
    if (!batch) throw new Error(`event ${route.name} is not batched`);
    const tally = route.spec.tally;
    const key = tally && payload !== undefined ? tally.key(payload) : undefined;
    const pending = this.pending.get(route.subject);
    const alike = key === undefined ? undefined : pending?.tallied.get(key);
    if (pending && alike && tally) {
      const merged = tally.merge(alike.payload, payload);
      const item = `{"h":${alike.headers},"p":${JSON.stringify(merged)}}`;
      const before = pending.items[alike.index] as string;
      if (pending.bytes - before.length + item.length <= MAX_BATCH_BYTES) {
        pending.items[alike.index] = item;
        pending.bytes += item.length - before.length;
        alike.payload = merged;
        return new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }));
      }
    }
    const headerText = JSON.stringify(headerRecord(headers));
    const item = `{"h":${headerText},"p":${body}}`;
    let open = pending;
    if (open && open.bytes + item.length > MAX_BATCH_BYTES) {
      this.send(route.subject);
      open = undefined;
    }
    if (!open) {
      open = { items: [], bytes: 2, tallied: new Map(), waiters: [], timer: setTimeout(() => this.send(route.subject), batch.windowMs) };
      this.pending.set(route.subject, open);
    }
    const batchOf = open;
    if (key !== undefined) batchOf.tallied.set(key, { index: batchOf.items.length, headers: headerText, payload });
    batchOf.items.push(item);
    batchOf.bytes += item.length + 1;
    const stored = new Promise<void>((resolve, reject) => batchOf.waiters.push({ resolve, reject }));
    if (batchOf.items.length >= batch.max) this.send(route.subject);
    return stored;
  }

  /** Sends every pending batch now (a bus about to close); resolves once each is stored or failed. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending.keys()].map((subject) => this.send(subject)));
  }

  private send(subject: string): Promise<void> {
    const pending = this.pending.get(subject);
    if (!pending) return Promise.resolve();
    this.pending.delete(subject);
    clearTimeout(pending.timer);
    const headers = natsHeaders();
    headers.set(headerNames.batch, String(pending.items.length));
    return this.store(subject, `[${pending.items.join(',')}]`, headers).then(
      () => {
        for (const waiter of pending.waiters) waiter.resolve();
      },
      (error: unknown) => {
        this.logger.debug({ err: error, subject, events: pending.items.length }, 'a batch of events was not stored');
        for (const waiter of pending.waiters) waiter.reject(error);
      },
    );
  }
}

/** A message's headers as plain text pairs (the first value of each). */
function headerRecord(headers: MsgHdrs): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, values] of headers) if (values[0] !== undefined) record[name] = values[0];
  return record;
}

/** The headers one event of a batch was published with, as a message's headers again. */
export function batchItemHeaders(record: unknown): MsgHdrs {
  const headers = natsHeaders();
  if (record && typeof record === 'object') {
    for (const [name, value] of Object.entries(record)) if (typeof value === 'string') headers.set(name, value);
  }
  return headers;
}
