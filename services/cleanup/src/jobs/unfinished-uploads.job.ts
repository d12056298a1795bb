import type { PlatformBus } from '@parley/bus';

/**
 * An upload unfinished for this long has lost its gateway: a request carrying a file ends far
 * sooner (REQUEST_TIMEOUT_SECONDS, 30 s unless raised).
 */
export const UNFINISHED_UPLOAD_MINUTES = 60;
/** Files per question to the sessions service, and questions per run at most (a backlog goes over several runs). */
const SWEEP_BATCH = 500;
const BATCHES_PER_RUN = 20;

/**
 * Files whose gateway died while they streamed in, or before it recorded them (docs/operations.md,
 * "Visitors' files"): the sessions service deletes them from the upload store and forgets them.
 */
export async function sweepUnfinishedUploads(bus: PlatformBus): Promise<string> {
  let swept = 0;
  let failed = 0;
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const result = await bus.request('sessions.uploads.sweep', { olderThanMinutes: UNFINISHED_UPLOAD_MINUTES, limit: SWEEP_BATCH });
    swept += result.swept;
    failed += result.failed;
    // A batch with failures is tried again at the next run, not in a loop now.
    if (result.swept < SWEEP_BATCH) break;
  }
  return failed > 0 ? `deleted the files of ${swept} unfinished uploads, ${failed} could not be deleted` : `deleted the files of ${swept} unfinished uploads`;
}
