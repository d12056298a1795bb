import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import type { AuditCheckpointStore } from './checkpoint-store.js';

const KEY = 'head';
const wrongRevision = new Set<number>([JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown]);

/** The bucket of a namespace's checkpoint: named after the namespace, like its event stream. */
export const auditCheckpointBucket = (namespace: string) => `${namespace.replace(/[^A-Za-z0-9_-]/g, '_')}_audit_checkpoint`;

/**
 * The checkpoint in a JetStream key-value bucket (file storage): where the services already keep
 * their durable events when NATS is configured. Its own connection, closed with the service.
 */
export async function natsAuditCheckpoints(options: { natsUrl: string; namespace: string }): Promise<AuditCheckpointStore> {
  const nc = await connect({ servers: options.natsUrl.split(',').map((server) => server.trim()), name: 'links-audit-checkpoint' });
  let kv: KV;
  try {
    kv = await new Kvm(nc).create(auditCheckpointBucket(options.namespace), { history: 1 });
  } catch (error) {
    await nc.close();
    throw error;
  }
  return {
    read: async () => {
      const entry = await kv.get(KEY);
      // A deleted or purged key reads as a marker with no value: nothing written, revision still counts.
      if (entry?.operation !== 'PUT') return { value: undefined, revision: entry?.revision ?? null };
      return { value: entry.string(), revision: entry.revision };
    },
    replace: async (value, revision) => {
      try {
        if (revision === null) await kv.create(KEY, value);
        else await kv.update(KEY, value, Number(revision));
        return true;
      } catch (error) {
        // JetStream refuses a write whose expected revision is no longer the last one.
        if (error instanceof JetStreamApiError && wrongRevision.has(error.code)) return false;
        throw error;
      }
    },
    close: () => nc.close(),
  };
}
