import type { PlatformBus } from '@parley/bus';
import type { AuditCheckpointStore } from './checkpoint-store.js';

/** The bus's key-value bucket that holds the checkpoint (`<namespace>_audit_checkpoint` on NATS). */
const BUCKET = 'audit_checkpoint';
const KEY = 'head';

/**
 * The checkpoint in the bus's key-value bucket: on NATS a JetStream KV bucket (file storage), where
 * the services already keep their durable events. It goes over the bus's own connection, so
 * closing the store leaves that connection to the bus's owner.
 */
export async function busAuditCheckpoints(bus: PlatformBus): Promise<AuditCheckpointStore> {
  const bucket = await bus.keyValue(BUCKET);
  return {
    read: () => bucket.get(KEY),
    replace: (value, revision) => bucket.replace(KEY, value, revision === null ? null : Number(revision)),
    close: async () => {},
  };
}
