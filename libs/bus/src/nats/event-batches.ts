import { type MsgHdrs, headers as natsHeaders } from '@nats-io/transport-node';
import type { Logger } from '@parley/logger';
import type { EventRoute } from '../core/catalog-routes.js';
import { headerNames } from '../core/codec.js';

/**
 * A batch stays well below NATS's default max_payload (1 MB) however large its events: one that
 * would pass this many bytes is sent first.
 */
const MAX_BATCH_BYTES = 256 * 1024;

/** An event of a tallied subject (EventSpec.tally): its headers' text and its payload, merged with the alike ones after it. */
interface Tallied {
  headers: string;
  payload: unknown;
}

/** What merging may add to a tallied event's text (a count, and its name), counted ahead against MAX_BATCH_BYTES. */
const TALLY_GROWTH = 32;

interface Pending {
  /**
   * Each event as `{"h":{headers},"p":payload}` text, in the order published; a tallied one as it
   * stands, written out once, when the batch is sent.
   */
  items: (string | Tallied)[];
  bytes: number;
  /** By key (EventSpec.tally), the item that stands for that key's events so far. */
  tallied: Map<string, Tallied>;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  timer: NodeJS.Timeout;
}

const itemText = (item: string | Tallied): string => (typeof item === 'string' ? item : `{"h":${item.headers},"p":${JSON.stringify(item.payload)}}`);

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
    const { batch, tally } = route.spec;
    if (!batch) throw new Error(`event ${route.name} is not batched`);
    const key = tally && payload !== undefined ? tally.key(payload) : undefined;
    let pending = this.pending.get(route.subject);
    const alike = key === undefined ? undefined : pending?.tallied.get(key);
    if (pending && alike && tally) {
      alike.payload = tally.merge(alike.payload, payload);
      return this.waitFor(pending);
    }
    const headerText = JSON.stringify(headerRecord(headers));
    const item = key === undefined ? `{"h":${headerText},"p":${body}}` : { headers: headerText, payload };
    const bytes = (typeof item === 'string' ? item.length : headerText.length + body.length + 11 + TALLY_GROWTH) + 1;
    if (pending && pending.bytes + bytes > MAX_BATCH_BYTES) {
      this.send(route.subject);
      pending = undefined;
    }
    if (!pending) {
      pending = { items: [], bytes: 2, tallied: new Map(), waiters: [], timer: setTimeout(() => this.send(route.subject), batch.windowMs) };
      this.pending.set(route.subject, pending);
    }
    if (key !== undefined && typeof item !== 'string') pending.tallied.set(key, item);
    pending.items.push(item);
    pending.bytes += bytes;
    const stored = this.waitFor(pending);
    if (pending.items.length >= batch.max) this.send(route.subject);
    return stored;
  }

  /** Settles with the batch's storing. */
  private waitFor(pending: Pending): Promise<void> {
    return new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }));
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
    return this.store(subject, `[${pending.items.map(itemText).join(',')}]`, headers).then(
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
