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

/** A stream's first bytes, read, and the whole stream again. */
export interface PeekedStream {
  /** At most the bytes asked for (fewer when the stream is shorter). */
  head: Buffer;
  /** The head replayed, then the rest read on from the source: destroying it destroys the source. */
  body: Readable;
}

/**
 * Reads the first `bytes` of `body` (a chunk may take it a little past them), and gives them back
 * with a stream that replays them and reads on, so a caller can judge a file by its head and still
 * store it whole without buffering it. Destroy the returned stream to refuse the file: the source
 * goes with it, as it does when the returned stream ends or fails. A source that fails while the
 * head is read is destroyed, and its error rejects. (The source is destroyed once the returned stream
 * has closed, on a later tick: a caller that must know it gone at once destroys it too.)
 */
export async function peekStream(body: Readable, bytes: number): Promise<PeekedStream> {
  const source = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  try {
    while (size < bytes) {
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
    body.destroy();
    throw error;
  }
  const head = Buffer.concat(chunks, size);
  async function* replay(): AsyncGenerator<Buffer> {
    yield head;
    if (ended) return;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  const replaying = Readable.from(replay(), { objectMode: false });
  // On end, on error, and when destroyed before or while being read: the source goes with it.
  replaying.once('close', () => body.destroy());
  return { head, body: replaying };
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
  // One byte past maxBytes is enough to know a small limit is passed.
  const peeked = await peekStream(body, Math.min(SNIFF_BYTES, maxBytes + 1));
  const refuse = (error: Error) => {
    peeked.body.destroy();
    // At once, not when the replay closes on the next tick: a refused file is done with.
    body.destroy();
    return error;
  };
  if (peeked.head.length > maxBytes) throw refuse(new UploadTooLargeError(maxBytes));
  const type = await sniffType(peeked.head.subarray(0, SNIFF_BYTES)).catch((error: unknown) => {
    throw refuse(error as Error);
  });
  const accepted = new Set(allowed.map((item) => item.toLowerCase()));
  if (type === undefined || NEVER_ALLOWED_TYPES.has(type) || !accepted.has(type)) throw refuse(new UnsupportedMediaTypeError(type ?? 'unknown'));
  return { type, body: peeked.body };
}
