import type { KeyValueBucket } from '../types.js';

/**
 * `Bus.keyValue` in process: the same compare-and-set as JetStream's, in memory, so it lasts as
 * long as the bus. What must outlive a restart of the one-process mode is kept under DATA_DIR.
 */
export function inProcessKeyValue(): KeyValueBucket {
  const entries = new Map<string, { value: string; revision: number }>();
  let lastRevision = 0;
  return {
    get: async (key) => {
      const entry = entries.get(key);
      return { value: entry?.value, revision: entry?.revision ?? null };
    },
    replace: async (key, value, revision) => {
      if ((entries.get(key)?.revision ?? null) !== revision) return false;
      entries.set(key, { value, revision: ++lastRevision });
      return true;
    },
  };
}
