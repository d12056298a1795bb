import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUploadStore, UploadTooLargeError } from '../src/index.js';
import { countingSource, pausingSource } from './streams.js';
import { describeUploadStoreContract } from './upload-store-contract.js';

const MiB = 1024 * 1024;

/** Every file under `dir`, temporary ones included, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describeUploadStoreContract('fileUploadStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-uploads-'));
  return {
    store: fileUploadStore(join(dir, 'uploads')),
    leftovers: () => filesUnder(join(dir, 'uploads')),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('fileUploadStore on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-uploads-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a key as a path of folders, readable by the platform’s user alone', async () => {
    const root = join(dir, 'private', 'uploads');
    const store = fileUploadStore(root);
    await store.put('t1/ses_1/upl_1', countingSource(10).stream, { maxBytes: 100 });

    expect(await filesUnder(root)).toEqual(['t1/ses_1/upl_1']);
    expect((await stat(join(root, 't1/ses_1/upl_1'))).mode & 0o777).toBe(0o600);
    for (const folder of ['', 't1', 't1/ses_1']) expect((await stat(join(root, folder))).mode & 0o777, folder || 'root').toBe(0o700);
  });

  it('writes beside the final name and publishes the file only when it is complete', async () => {
    const root = join(dir, 'publish');
    const store = fileUploadStore(root);
    const source = pausingSource(4 * MiB, MiB);
    const put = store.put('t1/ses_1/big', source.stream, { maxBytes: 8 * MiB });

    // Halfway, only a temporary file exists and the key opens nothing.
    await source.paused;
    const whileWriting = await waitFor(async () => {
      const files = await filesUnder(root);
      return files.length > 0 && files;
    });
    expect(whileWriting).toEqual([expect.stringMatching(/^t1\/ses_1\/\.~big\.[0-9a-f]{16}$/)]);
    expect(await store.open('t1/ses_1/big')).toBeUndefined();

    source.resume();
    expect((await put).bytes).toBe(4 * MiB);
    expect(await filesUnder(root)).toEqual(['t1/ses_1/big']);
  });

  it('counts a file still being written under an erased prefix as nothing and removes it', async () => {
    const root = join(dir, 'erase');
    const store = fileUploadStore(root);
    await store.put('t1/ses_1/done', countingSource(10).stream, { maxBytes: 100 });
    const source = pausingSource(4 * MiB, MiB);
    const put = store.put('t1/ses_1/writing', source.stream, { maxBytes: 8 * MiB });
    await source.paused;
    await waitFor(async () => (await filesUnder(root)).length === 2);

    expect(await store.deletePrefix('t1/')).toBe(1);
    source.resume();
    await expect(put).rejects.toThrow();
    expect(await filesUnder(root)).toEqual([]);
  });

  it('leaves no file behind for a refused put in a folder it had to create', async () => {
    const root = join(dir, 'refused');
    const store = fileUploadStore(root);
    await expect(store.put('t5/ses_5/x', countingSource(200).stream, { maxBytes: 100 })).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('deletes with a key what a put killed midway left of it, and nothing of other keys', async () => {
    const root = join(dir, 'killed');
    const store = fileUploadStore(root);
    await store.put('t1/ses_1/kept', countingSource(10).stream, { maxBytes: 100 });
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./killed-put-process.ts', import.meta.url)), root, 't1/ses_1/upl_1'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(createInterface({ input: child.stdout! }), 'line');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;

    // The killed put published nothing, but its temporary file stays until the key is deleted.
    expect(await filesUnder(root)).toEqual([expect.stringMatching(/^t1\/ses_1\/\.~upl_1\.[0-9a-f]{16}$/), 't1/ses_1/kept']);
    expect(await store.open('t1/ses_1/upl_1')).toBeUndefined();
    await store.delete('t1/ses_1/upl_1');
    expect(await filesUnder(root)).toEqual(['t1/ses_1/kept']);
    await store.delete('t1/ses_9/never');
  });
});
