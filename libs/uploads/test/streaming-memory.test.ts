import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUploadStore, judgeUpload, s3UploadStore, type UploadStore } from '../src/index.js';
import { type S3TestServer, startS3Server } from './s3-server.js';
import { samplePdf } from './sample-files.js';
import { countingSource, expectedBytes, sha256 } from './streams.js';

const MiB = 1024 * 1024;

// Garbage is collected as the sampler runs, so what the samples see is what is held, not chunks
// already passed on that V8 has not got round to freeing. The sampler's collections are minor ones
// (the young generation, where a chunk's buffer dies): a full collection every few milliseconds
// would take the process's whole time on a busy machine.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
const collectGarbage = () => gc({ type: 'major' });
const collectYoungGarbage = () => gc({ type: 'minor' });

/**
 * An upload goes through judgeUpload and put while this process's resident memory is sampled: a
 * store that held the file would grow by its size and more. The bounds are generous, so that an
 * allocator's timing cannot fail the test; the growth seen is printed. (The S3 server runs in a
 * process of its own and is not counted.)
 */
async function measure(store: UploadStore, key: string, size: number): Promise<number> {
  // Load what the first put loads (file-type, the S3 client's connections) before measuring.
  const warmUp = await judgeUpload(countingSource(100_000, { head: samplePdf() }).stream, { maxBytes: size, allowed: ['application/pdf'] });
  await store.put(`${key}-warm-up`, warmUp.body, { maxBytes: size });

  collectGarbage();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    collectYoungGarbage();
  }, 5);
  try {
    const source = countingSource(size, { chunkBytes: 64 * 1024, head: samplePdf() });
    const judged = await judgeUpload(source.stream, { maxBytes: size, allowed: ['image/png', 'application/pdf'] });
    const result = await store.put(key, judged.body, { maxBytes: size });
    peak = Math.max(peak, process.memoryUsage.rss());
    expect(result).toEqual({ bytes: size, sha256: sha256(expectedBytes(size, samplePdf())) });
    return peak - before;
  } finally {
    clearInterval(sampler);
  }
}

const report = (store: string, size: number, growth: number) =>
  console.info(`${store}: RSS grew by ${(growth / MiB).toFixed(1)} MiB for a ${size / MiB} MiB upload`);

describe('an upload streamed through judgeUpload and put', () => {
  let dir: string;
  let server: S3TestServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-uploads-'));
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('to the filesystem grows the process by a small part of the file', async () => {
    const store = fileUploadStore(dir);
    const growth = await measure(store, 't1/ses_1/large', 10 * MiB);
    report('fileUploadStore', 10 * MiB, growth);
    expect(growth).toBeLessThan(4 * MiB);
  });

  it('to S3 grows the process by a small part of the file, whatever its size', async () => {
    // The file is held in a spool file on disk, not in memory, and sent from it: a store that
    // gathered it, or even one 5 MiB multipart part of it, in memory would pass the bound.
    const store = s3UploadStore(server.options);
    for (const size of [10 * MiB, 40 * MiB]) {
      const growth = await measure(store, `t1/ses_1/large-${size}`, size);
      report('s3UploadStore', size, growth);
      expect(growth).toBeLessThan(4 * MiB);
    }
    expect(await server.listKeys()).toContain(`t1/ses_1/large-${40 * MiB}`);
    await store.close();
  }, 120_000);
});
