import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../test/streams.js';
import { openSpoolFile } from './spool-file.js';

describe('openSpoolFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-spool-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives back what was written, as often as it is read, with no name in its folder', async () => {
    const spool = await openSpoolFile(dir);
    expect(await readdir(dir)).toEqual([]);
    const written = Buffer.from('x'.repeat(200_000) + 'the end');
    await pipeline(Readable.from([written.subarray(0, 70_000), written.subarray(70_000)]), spool.writer());
    expect((await readAll(spool.reader())).equals(written)).toBe(true);
    expect((await readAll(spool.reader())).equals(written)).toBe(true);
    await spool.close();
  });

  it('closes with a reader left halfway, which then ends without an error', async () => {
    const spool = await openSpoolFile(dir);
    await pipeline(Readable.from([Buffer.alloc(300_000, 1)]), spool.writer());
    const reader = spool.reader();
    const errors: unknown[] = [];
    reader.on('error', (error) => errors.push(error));
    const first = await new Promise<Buffer>((resolve) => reader.once('data', resolve));
    reader.pause();
    expect(first.length).toBeGreaterThan(0);
    await spool.close();
    expect(reader.destroyed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
  });

  it('fails to open in a folder that does not exist', async () => {
    await expect(openSpoolFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
