import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  StorageType,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { EventRoute } from '../core/catalog-routes.js';
import { connectNats } from './connect.js';
import { keyValueBucketName } from './key-value.js';

/**
 * The JetStream side of the NATS bus: one stream per namespace holding every event under
 * `<namespace>.events.>`, and one durable pull consumer per (durable name, event).
 */

// JetStream API codes this module reacts to (besides the client's own JetStreamApiCodes).
const streamNameInUse = 10058;
const consumerExists = new Set([10013, 10148]);
/** At a stream's creation: the server could not make its store (JSStreamStoreFailedF). */
const storeFailed = 10077;
/** How often a stream whose store the server could not make is asked for again, a moment apart. */
const STORE_ATTEMPTS = 4;

/**
 * Adds a stream; asks again, a moment later, when the server could not make its store. A NATS
 * server that removes one stream while it creates another can delete the account's store folder
 * under the new one ("could not create storage directory"), which a second try creates anew.
 */
export async function addStream(jsm: JetStreamManager, config: Parameters<JetStreamManager['streams']['add']>[0], pauseMs = 25): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await jsm.streams.add(config);
      return;
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === storeFailed) || attempt === STORE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
    }
  }
}

// Stream and consumer names may not hold `.`, `*`, `>`, whitespace or path separators.
export const toJetStreamName = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_');

export const eventStreamName = (namespace: string): string => toJetStreamName(`${namespace}_events`);

export const durableConsumerName = (durable: string, eventName: string): string => toJetStreamName(`${durable}__${eventName}`);

export interface EventStreamOptions {
  /** How long an event is kept in the stream. */
  maxAgeMs: number;
  /** Copies the cluster keeps of it (NATS_REPLICAS). */
  replicas: number;
}

/** Creates the namespace's stream, or brings an existing one to this configuration. */
export async function ensureEventStream(jsm: JetStreamManager, namespace: string, options: EventStreamOptions): Promise<string> {
  const name = eventStreamName(namespace);
  const config = { subjects: [`${namespace}.events.>`], max_age: nanos(options.maxAgeMs), num_replicas: options.replicas };
  try {
    await addStream(jsm, { name, storage: StorageType.File, ...config });
  } catch (error) {
    // Exists with other settings (an older deployment): JetStream refuses a second add, so update it.
    if (!(error instanceof JetStreamApiError && error.code === streamNameInUse)) throw error;
    await jsm.streams.update(name, config);
  }
  return name;
}

/**
 * Redelivery is driven by the handler's nak with the spec's backoff, not by a consumer `backoff`:
 * JetStream replaces ack_wait with the first backoff value, which would redeliver an event still
 * being handled by a live (merely slow) handler.
 */
export function durableConsumerConfig(route: EventRoute, name: string, ackWaitMs: number): Partial<ConsumerConfig> {
  return {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    // A new durable starts from what the stream holds, so events published before it existed count.
    deliver_policy: DeliverPolicy.All,
    filter_subject: route.subject,
    max_deliver: route.spec.retry.maxDeliver,
    ack_wait: nanos(ackWaitMs),
    // An ordered event's next delivery waits for the one before to be acknowledged.
    ...(route.spec.ordered ? { max_ack_pending: 1 } : {}),
  };
}

/** Creates the durable consumer, or updates the settings JetStream lets change on an existing one. */
export async function ensureDurableConsumer(jsm: JetStreamManager, stream: string, config: Partial<ConsumerConfig>): Promise<void> {
  try {
    await jsm.consumers.add(stream, config);
  } catch (error) {
    // Servers that refuse to re-create a durable with changed settings get them as an update.
    if (!(error instanceof JetStreamApiError && consumerExists.has(error.code)) || config.durable_name === undefined) throw error;
    await jsm.consumers.update(stream, config.durable_name, {
      max_deliver: config.max_deliver,
      ack_wait: config.ack_wait,
      max_ack_pending: config.max_ack_pending,
    });
  }
}

/** Deletes a namespace's event stream and with it its consumers, its work queues and key-value buckets (tests clean up with it). */
export async function deleteNamespaceStreams(servers: string, namespace: string): Promise<void> {
  const nc = await connectNats({ servers, connectTimeoutMs: 3_000, name: 'parley-bus-cleanup' });
  try {
    const jsm = await jetstreamManager(nc);
    const notFound = (error: unknown) => {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error;
    };
    await jsm.streams.delete(eventStreamName(namespace)).catch(notFound);
    const doomed: string[] = [];
    // The work queues' streams (one per work-queue subject, under `<namespace>.queue.`).
    for await (const name of jsm.streams.names(`${namespace}.queue.>`)) doomed.push(name);
    // The key-value buckets' streams (Bus.keyValue): `KV_<namespace>_<bucket>`.
    const buckets = `KV_${keyValueBucketName(namespace, '')}`;
    for await (const name of jsm.streams.names()) if (name.startsWith(buckets)) doomed.push(name);
    for (const name of doomed) await jsm.streams.delete(name).catch(notFound);
  } finally {
    await nc.close();
  }
}
