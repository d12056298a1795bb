import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3UploadStore, UploadTooLargeError, uploadStoreFromEnv } from '../src/index.js';
import { type S3TestServer, startS3Server } from './s3-server.js';
import { bytesOf, countingSource, pausingSource, readAll } from './streams.js';
import { describeUploadStoreContract } from './upload-store-contract.js';

describeUploadStoreContract('s3UploadStore', async () => {
  const server = await startS3Server();
  // Small batches, so deletePrefix is seen to list and delete page by page.
  const store = s3UploadStore({ ...server.options, deleteBatchSize: 2 });
  return {
    store,
    leftovers: async () => [...(await server.listKeys()), ...(await server.pendingUploads()).map((id) => `unfinished upload ${id}`)],
    close: async () => {
      await store.close();
      await server.close();
    },
  };
});

const MiB = 1024 * 1024;

/** Files this process holds open under `dir`, named or not (an unlinked file reads `… (deleted)`). */
async function openFilesUnder(dir: string): Promise<string[]> {
  const descriptors = await readdir('/proc/self/fd');
  const targets = await Promise.all(descriptors.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target.startsWith(`${dir}/`));
}

describe('s3UploadStore against its bucket', () => {
  let server: S3TestServer;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('deletes a prefix holding more keys than one batch', async () => {
    const store = s3UploadStore({ ...server.options, deleteBatchSize: 3 });
    const keys = Array.from({ length: 10 }, (_, i) => `t1/ses_1/upl_${i}`);
    for (const key of keys) await store.put(key, bytesOf(key), { maxBytes: 100 });
    await store.put('t1/ses_2/other', bytesOf('other'), { maxBytes: 100 });

    expect(await store.deletePrefix('t1/ses_1/')).toBe(10);
    expect(await server.listKeys()).toEqual(['t1/ses_2/other']);
    await store.close();
  });

  it('is what uploadStoreFromEnv builds when S3_BUCKET is set', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-data-'));
    const store = uploadStoreFromEnv(server.env, { dataDir });
    await store.put('t7/ses_1/from-env', bytesOf('in the bucket'), { maxBytes: 100 });
    expect(await server.listKeys()).toContain('t7/ses_1/from-env');
    expect(await readdir(dataDir)).toEqual([]);
    expect(await store.deletePrefix('t7/')).toBe(1);
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reports a missing bucket as an error, not as a missing file', async () => {
    const store = s3UploadStore({ ...server.options, bucket: 'no-such-bucket' });
    await expect(store.open('t1/ses_1/upl_1')).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await store.close();
  });

  it('stores objects that no browser would render inline', async () => {
    const store = s3UploadStore(server.options);
    await store.put('t1/ses_1/page', bytesOf('<html><script>alert(1)</script></html>'), { maxBytes: 100 });
    const response = await fetch(`${server.options.endpoint}/${server.options.bucket}/t1/ses_1/page`);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe('attachment');
    expect((await readAll((await store.open('t1/ses_1/page'))!.body)).toString()).toContain('<script>');
    await store.close();
  });

  it('holds a file on its way in a spool file that has no name and is closed whatever the outcome', async () => {
    const spoolDir = await mkdtemp(join(tmpdir(), 'parley-spool-'));
    const store = s3UploadStore({ ...server.options, spoolDir });

    // Halfway through: the file is open, already unlinked, so nothing in the folder can be left behind.
    const source = pausingSource(4 * MiB, MiB);
    const put = store.put('t1/ses_1/spooled', source.stream, { maxBytes: 8 * MiB });
    await source.paused;
    expect(await readdir(spoolDir)).toEqual([]);
    expect(await openFilesUnder(spoolDir)).toEqual([expect.stringMatching(/\/parley-upload-[0-9a-f]{16} \(deleted\)$/)]);
    source.resume();
    expect((await put).bytes).toBe(4 * MiB);
    expect(await openFilesUnder(spoolDir)).toEqual([]);

    // Failing while spooling (too large, the visitor's connection lost) and failing at the bucket.
    await expect(store.put('t1/ses_1/over', countingSource(3 * MiB).stream, { maxBytes: 2 * MiB })).rejects.toBeInstanceOf(UploadTooLargeError);
    await expect(store.put('t1/ses_1/cut', countingSource(3 * MiB, { failAfter: MiB }).stream, { maxBytes: 8 * MiB })).rejects.toThrow(
      'the connection was lost',
    );
    const nowhere = s3UploadStore({ ...server.options, bucket: 'no-such-bucket', spoolDir });
    // A bucket that refuses before it reads the body is seen as its answer (NoSuchBucket) or, when
    // the server has closed the connection first, as the broken pipe: either way the put fails.
    await expect(nowhere.put('t1/ses_1/lost', countingSource(2 * MiB).stream, { maxBytes: 8 * MiB })).rejects.toSatisfy(
      (error: Error) => error.name === 'NoSuchBucket' || /EPIPE|ECONNRESET|socket hang up/.test(`${error.message} ${(error as { code?: string }).code ?? ''}`),
    );
    await nowhere.close();

    expect(await readdir(spoolDir)).toEqual([]);
    expect(await openFilesUnder(spoolDir)).toEqual([]);
    expect(await server.listKeys()).toEqual(expect.not.arrayContaining(['t1/ses_1/over', 't1/ses_1/cut', 't1/ses_1/lost']));
    await store.deletePrefix('t1/');
    await store.close();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('refuses to spool into a folder that does not exist, consuming nothing', async () => {
    const store = s3UploadStore({ ...server.options, spoolDir: join(tmpdir(), 'parley-no-such-folder', 'spool') });
    const source = countingSource(MiB);
    await expect(store.put('t1/ses_1/nowhere', source.stream, { maxBytes: 2 * MiB })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(source.stream.destroyed).toBe(true);
    await store.close();
  });
});
