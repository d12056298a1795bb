import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { KeyValueBucket } from '../types.js';

/** JetStream's answers to a write whose expected revision is no longer the last one. */
const wrongRevision = new Set<number>([JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown]);

/** A namespace's bucket on the server: named after the namespace, like its streams, so tests and benches delete it with them. */
export const keyValueBucketName = (namespace: string, bucket: string) => `${namespace}_${bucket}`.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The JetStream KV bucket behind `Bus.keyValue` (file storage, the latest value only, `replicas`
 * copies), on the bus's own connection.
 */
export async function openNatsKeyValue(
  js: JetStreamClient,
  jsm: JetStreamManager,
  namespace: string,
  bucket: string,
  replicas: number,
): Promise<KeyValueBucket> {
  const kv = await new Kvm(js).create(keyValueBucketName(namespace, bucket), { history: 1, replicas });
  // An existing bucket is opened as it is: its stream (`KV_<bucket>`) is brought to NATS_REPLICAS here.
  const status = await kv.status();
  if (status.replicas !== replicas) await jsm.streams.update(status.streamInfo.config.name, { num_replicas: replicas });
  return {
    get: async (key) => {
      const entry = await kv.get(key);
      // A deleted or purged key reads as a marker with no value: nothing to read, but its revision still counts.
      if (entry?.operation !== 'PUT') return { value: undefined, revision: entry?.revision ?? null };
      return { value: entry.string(), revision: entry.revision };
    },
    replace: async (key, value, revision) => {
      try {
        if (revision === null) await kv.create(key, value);
        else await kv.update(key, value, revision);
        return true;
      } catch (error) {
        if (error instanceof JetStreamApiError && wrongRevision.has(error.code)) return false;
        throw error;
      }
    },
  };
}
