import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3UploadStore, uploadStoreFromEnv } from '../src/index.js';
import { type S3TestServer, startS3Server } from './s3-server.js';
import { bytesOf, readAll } from './streams.js';
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
});
