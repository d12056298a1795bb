import { Readable } from 'node:stream';
import { UnsupportedMediaTypeError, UploadTooLargeError } from './errors.js';
import { NEVER_ALLOWED_TYPES, SNIFF_BYTES, sniffType } from './sniff-type.js';

export interface JudgeOptions {
  /** The largest file accepted; a file whose head already passes it is refused here. */
  maxBytes: number;
  /** Media types accepted (`image/png`, `text/plain`, …). HTML, SVG and XML never are. */
  allowed: readonly string[];
}

export interface JudgedUpload {
  /** The type judged from the file's bytes. */
  type: string;
  /** The whole file again, head included: pass it to UploadStore.put. */
  body: Readable;
}

/**
 * Reads the first SNIFF_BYTES of `body` (no more), judges the file's type from them, and refuses
 * with UnsupportedMediaTypeError (carrying the judged type, or `unknown`) unless it is allowed.
 * An accepted file comes back as a stream that replays the head and then reads on from `body`, so
 * the caller stores it without the head having been lost or the rest buffered.
 *
 * A refused `body` is destroyed, as is `body` when the returned stream is destroyed: nothing is
 * left half-read. A `body` that fails while its head is read rejects with its own error.
 */
export async function judgeUpload(body: Readable, { maxBytes, allowed }: JudgeOptions): Promise<JudgedUpload> {
  const source = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const release = () => {
    body.destroy();
  };

  // One byte past maxBytes is enough to know a small limit is passed.
  const wanted = Math.min(SNIFF_BYTES, maxBytes + 1);
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  try {
    while (size < wanted) {
      const next = await source.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    release();
    throw error;
  }
  if (size > maxBytes) {
    release();
    throw new UploadTooLargeError(maxBytes);
  }

  const read = Buffer.concat(chunks, size);
  const type = await sniffType(read.subarray(0, SNIFF_BYTES)).catch((error: unknown) => {
    release();
    throw error;
  });
  const accepted = new Set(allowed.map((item) => item.toLowerCase()));
  if (type === undefined || NEVER_ALLOWED_TYPES.has(type) || !accepted.has(type)) {
    release();
    throw new UnsupportedMediaTypeError(type ?? 'unknown');
  }

  async function* replay(): AsyncGenerator<Buffer> {
    yield read;
    if (ended) return;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  const replaying = Readable.from(replay(), { objectMode: false });
  // On end, on error, and when destroyed before or while being read: the source goes with it.
  replaying.once('close', release);
  return { type, body: replaying };
}
