import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** A deterministic byte pattern: byte i of a file is a function of i, so any slice can be checked. */
export function patternBytes(offset: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = ((offset + i) * 31 + ((offset + i) >> 8)) & 0xff;
  return bytes;
}

export interface CountingSource {
  stream: Readable;
  /** Bytes the consumer has pulled from the source so far. */
  pulled(): number;
}

/**
 * `size` bytes of patternBytes in `chunkBytes` chunks, made as they are read (nothing held
 * beforehand), counting how far a consumer read. With `failAfter`, the stream errors once that
 * many bytes have been given.
 */
export function countingSource(
  size: number,
  { chunkBytes = 64 * 1024, failAfter, head }: { chunkBytes?: number; failAfter?: number; head?: Buffer } = {},
): CountingSource {
  let given = 0;
  async function* generate(): AsyncGenerator<Buffer> {
    while (given < size) {
      if (failAfter !== undefined && given >= failAfter) throw new Error('the connection was lost');
      const length = Math.min(chunkBytes, size - given);
      const chunk = patternBytes(given, length);
      if (head && given < head.length) head.copy(chunk, 0, given, Math.min(head.length, given + length));
      given += length;
      yield chunk;
    }
  }
  return { stream: Readable.from(generate(), { objectMode: false }), pulled: () => given };
}

/**
 * patternBytes in 64 KiB chunks that stops after `pauseAfter` bytes until `resume()` is called:
 * a test looks at a store in the middle of a put, without racing it.
 */
export function pausingSource(size: number, pauseAfter: number): CountingSource & { paused: Promise<void>; resume(): void } {
  let resume = () => {};
  const resumed = new Promise<void>((resolve) => {
    resume = resolve;
  });
  let reachedPause = () => {};
  const paused = new Promise<void>((resolve) => {
    reachedPause = resolve;
  });
  let given = 0;
  async function* generate(): AsyncGenerator<Buffer> {
    while (given < size) {
      if (given >= pauseAfter) {
        reachedPause();
        await resumed;
      }
      const length = Math.min(64 * 1024, size - given, given < pauseAfter ? pauseAfter - given : size);
      const chunk = patternBytes(given, length);
      given += length;
      yield chunk;
    }
  }
  return { stream: Readable.from(generate(), { objectMode: false }), pulled: () => given, paused, resume };
}

/** The bytes countingSource(size, { head }) gives. */
export function expectedBytes(size: number, head?: Buffer): Buffer {
  const bytes = patternBytes(0, size);
  head?.copy(bytes, 0, 0, Math.min(head.length, size));
  return bytes;
}

export const bytesOf = (data: Buffer | string) => Readable.from([Buffer.from(data)], { objectMode: false });

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
