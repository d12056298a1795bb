import { describe, expect, it } from 'vitest';
import { runUploadsBench, uploadsTable } from '../uploads/main.js';

const MiB = 1024 * 1024;

describe('npm run bench -- uploads', () => {
  it('streams 10 MiB files through a running gateway into a folder and into S3: every file stored, none held by the gateway midway', async () => {
    const log: string[] = [];
    const result = await runUploadsBench({ stores: ['file', 's3'], uploads: 1, fileBytes: 10 * MiB, runtime: 'tsx', log: (line) => log.push(line) });

    expect(result.runs.map((run) => run.store)).toEqual(['file', 's3']);
    for (const run of result.runs) {
      // Warm-up, paused and unpaused files alike reached the store.
      expect(run.storedFiles, log.join('\n')).toBe(8);
      expect(run.heldGrowthBytes).toHaveLength(1);
      // Three quarters of a file held would be 7.5 MiB; beside other tests the collections make
      // the figures noisier than a run on a quiet machine, which judges the 2 MB target.
      expect(Math.max(...run.heldGrowthBytes), log.join('\n')).toBeLessThan(4 * MiB);
      expect(run.retainedBytes, log.join('\n')).toBeLessThan(4 * MiB);
      expect(run.peakRssGrowthBytes).toHaveLength(1);
    }
    expect(result.bare.peakRssGrowthBytes).toHaveLength(1);
    expect(uploadsTable(result)).toContain('| S3 (s3rver) | 1 + 1 × 10.0 MiB |');
  }, 240_000);
});
