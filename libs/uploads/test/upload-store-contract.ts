import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidUploadKeyError, type UploadStore, UploadTooLargeError } from '../src/index.js';
import { bytesOf, countingSource, expectedBytes, readAll, sha256 } from './streams.js';

export interface StoreUnderTest {
  store: UploadStore;
  /**
   * Everything the backing storage holds, as the store's owner would see it by looking: the files
   * in the folder (temporary ones included), or the bucket's keys and its unfinished multipart uploads.
   */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

/** What every UploadStore promises (upload-store.ts), run against one store. */
export function describeUploadStoreContract(name: string, start: () => Promise<StoreUnderTest>): void {
  describe(`${name}: the UploadStore contract`, () => {
    let subject: StoreUnderTest;
    let store: UploadStore;

    beforeAll(async () => {
      subject = await start();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close();
    });
    beforeEach(async () => {
      await store.deletePrefix('t');
      expect(await subject.leftovers()).toEqual([]);
    });

    it('gives a stored file back, byte for byte, with its size and SHA-256', async () => {
      const { stream } = countingSource(300_000, { chunkBytes: 7_000 });
      const result = await store.put('t1/ses_1/upl_1', stream, { maxBytes: MiB });
      const expected = expectedBytes(300_000);
      expect(result).toEqual({ bytes: 300_000, sha256: sha256(expected) });

      const opened = await store.open('t1/ses_1/upl_1');
      expect(opened?.bytes).toBe(300_000);
      expect((await readAll(opened!.body)).equals(expected)).toBe(true);
    });

    it('stores an empty file', async () => {
      expect(await store.put('t1/ses_1/empty', bytesOf(''), { maxBytes: 10 })).toEqual({ bytes: 0, sha256: sha256(Buffer.alloc(0)) });
      const opened = await store.open('t1/ses_1/empty');
      expect(opened?.bytes).toBe(0);
      expect((await readAll(opened!.body)).length).toBe(0);
    });

    it('replaces the file under a key on a second put', async () => {
      await store.put('t1/ses_1/upl_1', bytesOf('first version'), { maxBytes: 100 });
      await store.put('t1/ses_1/upl_1', bytesOf('second'), { maxBytes: 100 });
      const opened = await store.open('t1/ses_1/upl_1');
      expect((await readAll(opened!.body)).toString()).toBe('second');
      expect(await subject.leftovers()).toHaveLength(1);
    });

    it('opens nothing for a key never stored', async () => {
      expect(await store.open('t1/ses_1/never')).toBeUndefined();
      expect(await store.open('nowhere/at/all')).toBeUndefined();
    });

    it('deletes a file, and a missing one without complaint', async () => {
      await store.put('t1/ses_1/upl_1', bytesOf('bye'), { maxBytes: 100 });
      await store.delete('t1/ses_1/upl_1');
      expect(await store.open('t1/ses_1/upl_1')).toBeUndefined();
      await store.delete('t1/ses_1/upl_1');
      await store.delete('t9/never/stored');
      expect(await subject.leftovers()).toEqual([]);
    });

    it('deletes by prefix and counts what it deleted', async () => {
      const keys = ['t1/ses_1/a', 't1/ses_1/b', 't1/ses_2/c', 't1/ses_3/deep/d', 't10/ses_1/e', 't2/ses_1/f', 't2/ses_1/g'];
      for (const key of keys) await store.put(key, bytesOf(key), { maxBytes: 100 });

      expect(await store.deletePrefix('t1/ses_1/')).toBe(2);
      expect(await store.open('t1/ses_1/a')).toBeUndefined();
      // A plain string prefix: `t1/ses_` selects every session of t1, and `t1/` is not `t10/`.
      expect(await store.deletePrefix('t1/ses_')).toBe(2);
      expect(await store.deletePrefix('t1/')).toBe(0);
      expect(await store.deletePrefix('t2/ses_9/')).toBe(0);
      expect(await store.deletePrefix('nobody/')).toBe(0);

      const left = await store.open('t10/ses_1/e');
      expect((await readAll(left!.body)).toString()).toBe('t10/ses_1/e');
      expect(await store.deletePrefix('t2/ses_1/')).toBe(2);
      expect(await store.deletePrefix('t10')).toBe(1);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('takes a file of exactly maxBytes and refuses one byte more, storing nothing', async () => {
      expect((await store.put('t1/ses_1/exact', countingSource(1000).stream, { maxBytes: 1000 })).bytes).toBe(1000);
      await store.delete('t1/ses_1/exact');

      const error = await store.put('t1/ses_1/over', countingSource(1001).stream, { maxBytes: 1000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UploadTooLargeError);
      expect(error).toMatchObject({ code: 'payload_too_large', status: 413, maxBytes: 1000 });
      expect(await store.open('t1/ses_1/over')).toBeUndefined();
      expect(await subject.leftovers()).toEqual([]);
    });

    it('stops reading a too-large stream at the limit instead of reading it to its end', async () => {
      const source = countingSource(50 * MiB, { chunkBytes: 16 * 1024 });
      await expect(store.put('t1/ses_1/huge', source.stream, { maxBytes: 100_000 })).rejects.toBeInstanceOf(UploadTooLargeError);
      // The limit plus what stream buffers hold between the source and the meter.
      expect(source.pulled()).toBeLessThan(100_000 + 512 * 1024);
      expect(source.stream.destroyed).toBe(true);
      expect(await subject.leftovers()).toEqual([]);
    });

    it('leaves nothing when a file passes the limit after parts of it were sent', async () => {
      const source = countingSource(12 * MiB, { chunkBytes: 256 * 1024 });
      await expect(store.put('t1/ses_1/parts', source.stream, { maxBytes: 11 * MiB })).rejects.toBeInstanceOf(UploadTooLargeError);
      expect(await store.open('t1/ses_1/parts')).toBeUndefined();
      expect(await subject.leftovers()).toEqual([]);
    });

    it('keeps the file already under a key when a put to it fails', async () => {
      await store.put('t1/ses_1/kept', bytesOf('the original'), { maxBytes: 100 });
      await expect(store.put('t1/ses_1/kept', countingSource(5000).stream, { maxBytes: 100 })).rejects.toBeInstanceOf(UploadTooLargeError);
      await expect(store.put('t1/ses_1/kept', countingSource(5000, { failAfter: 2000, chunkBytes: 1000 }).stream, { maxBytes: MiB })).rejects.toThrow(
        'the connection was lost',
      );
      const opened = await store.open('t1/ses_1/kept');
      expect((await readAll(opened!.body)).toString()).toBe('the original');
      expect(await subject.leftovers()).toHaveLength(1);
    });

    it('fails with the stream’s own error when it breaks midway, and stores nothing', async () => {
      const small = countingSource(100_000, { failAfter: 30_000, chunkBytes: 10_000 });
      await expect(store.put('t1/ses_1/broken', small.stream, { maxBytes: MiB })).rejects.toThrow('the connection was lost');
      // Past a multipart upload's first part, too.
      const large = countingSource(12 * MiB, { failAfter: 7 * MiB, chunkBytes: 256 * 1024 });
      await expect(store.put('t1/ses_1/broken', large.stream, { maxBytes: 20 * MiB })).rejects.toThrow('the connection was lost');
      expect(await store.open('t1/ses_1/broken')).toBeUndefined();
      expect(await subject.leftovers()).toEqual([]);
    });

    it('refuses bad keys and prefixes before touching anything', async () => {
      const badKeys = ['', '/t1/a', '../t1/a', 't1/../a', 't1/a/..', 't1//a', 't1/./a', 't1/a/', 't1/a b', 't1\\a', 't1/é', 't1/a~', 'x'.repeat(1025)];
      for (const key of badKeys) {
        const body = bytesOf('data');
        const error = await store.put(key, body, { maxBytes: 100 }).catch((e: unknown) => e);
        expect(error, key).toBeInstanceOf(InvalidUploadKeyError);
        expect(error, key).toMatchObject({ code: 'invalid', status: 400 });
        expect(body.destroyed, key).toBe(true);
        await expect(store.open(key), key).rejects.toBeInstanceOf(InvalidUploadKeyError);
        await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidUploadKeyError);
      }
      for (const prefix of ['', '/', '/t1', '../', 't1/../', 't1//', 't1 /', '*']) {
        await expect(store.deletePrefix(prefix), prefix).rejects.toBeInstanceOf(InvalidUploadKeyError);
      }
      expect(await subject.leftovers()).toEqual([]);
    });
  });
}
