import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditCheckpointStore } from './checkpoint-store.js';

/**
 * The checkpoint in a file under DATA_DIR: the one-process mode's store outside PostgreSQL when
 * there is no NATS (one process writes it, so compare-and-set compares the file's content).
 * Written to a temporary file and renamed, so a crash never leaves half a checkpoint.
 */
export function fileAuditCheckpoints(dataDir: string): AuditCheckpointStore {
  const path = join(dataDir, 'audit-checkpoint.json');
  const current = () =>
    readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  // Writes one at a time: the compare and the rename must not interleave.
  let last: Promise<unknown> = Promise.resolve();
  return {
    read: async () => {
      const value = await current();
      return { value, revision: value ?? null };
    },
    replace: (value, revision) => {
      const write = last.then(async () => {
        if (((await current()) ?? null) !== revision) return false;
        await mkdir(dataDir, { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        await writeFile(temporary, value, { mode: 0o600 });
        await rename(temporary, path);
        return true;
      });
      last = write.catch(() => undefined);
      return write;
    },
    close: async () => {
      await last;
    },
  };
}
