import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { auditKeys } from './audit-chain.js';
import { AuditCheckpointer } from './audit-checkpointer.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import type { AuditCheckpointStore } from './checkpoint-store.js';

export interface AuditLog {
  service: AuditService;
  /** Checkpoints the last appends' head, then closes the checkpoint store (the service drains). */
  close(): Promise<void>;
}

/**
 * The audit log, a module of the links service: its hash chain keyed with AUDIT_KEY, and its signed
 * head checkpointed to `checkpoints` after appends when there is a store to keep it in.
 */
export function createAuditLog(deps: { db: Kysely<DB>; key: string; checkpoints: AuditCheckpointStore | undefined; logger: Logger }): AuditLog {
  const keys = auditKeys(deps.key);
  const repository = new AuditRepository(deps.db, keys.chain);
  const store = deps.checkpoints;
  const checkpoints = store && {
    store,
    writer: new AuditCheckpointer(store, keys, (seq) => repository.at(seq), deps.logger.child({ module: 'audit' })),
  };
  return {
    service: new AuditService(repository, keys, checkpoints),
    close: async () => {
      await checkpoints?.writer.flush();
      await checkpoints?.store.close();
    },
  };
}
