import { createHash, type Hash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { UploadTooLargeError } from './errors.js';

/**
 * Counts and hashes the bytes that pass through it, and fails with UploadTooLargeError in the
 * chunk that takes the count past `maxBytes`: that chunk is not passed on, and the stream it is
 * piped from is not read further.
 */
export class ByteMeter extends Transform {
  bytes = 0;
  readonly #maxBytes: number;
  readonly #hash: Hash = createHash('sha256');

  constructor(maxBytes: number) {
    super();
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
    this.#maxBytes = maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.#maxBytes) {
      callback(new UploadTooLargeError(this.#maxBytes));
      return;
    }
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  /** The SHA-256 of everything passed, in hex; read it once the stream has ended. */
  digest(): string {
    return this.#hash.digest('hex');
  }
}

/** Runs a put's checks; when one fails, `body` is destroyed as a failed put destroys it, then the error thrown. */
export function refuseEarly<T>(body: Readable, check: () => T): T {
  try {
    return check();
  } catch (error) {
    body.destroy();
    throw error;
  }
}
