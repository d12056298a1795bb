import type { PlatformBus } from '@parley/bus';
import { AppError, MAX_CHECKED_BASES } from '@parley/contracts';

/** Those of `names` (ids `kb_…` or names) that are none of the tenant's knowledge bases. */
export type UnknownBases = (tenantId: string, names: string[]) => Promise<string[]>;

/**
 * Asks the memory service, which owns knowledge bases (docs/workflow.md "Validation"). When it
 * does not answer, the config cannot be checked and is not saved: 503 `unavailable` with
 * `details.reason: "knowledge_unavailable"`, never a save that skipped the check.
 */
export function busUnknownBases(bus: PlatformBus): UnknownBases {
  return async (tenantId, names) => {
    const unique = [...new Set(names)];
    const unknown: string[] = [];
    try {
      for (let start = 0; start < unique.length; start += MAX_CHECKED_BASES) {
        const bases = unique.slice(start, start + MAX_CHECKED_BASES);
        unknown.push(...(await bus.request('memory.knowledge.check-bases', { tenantId, bases })).unknown);
      }
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'unavailable')) throw error;
      throw new AppError('unavailable', 'the knowledge bases the config names cannot be checked now (the memory service does not answer): try again', {
        details: { reason: 'knowledge_unavailable' },
        retryAfterSeconds: error.retryAfterSeconds ?? 5,
        cause: error,
      });
    }
    return unknown;
  };
}
