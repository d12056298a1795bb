import type { Readable } from 'node:stream';

export interface PutOptions {
  /** The largest file accepted, in bytes. One byte more fails the put with UploadTooLargeError. */
  maxBytes: number;
}

/** What a completed put stored: its size and the SHA-256 of its bytes (hex), counted as they streamed by. */
export interface PutResult {
  bytes: number;
  sha256: string;
}

export interface StoredUpload {
  /** The file's bytes, read as they are consumed. Consume or destroy it: it holds a file or a connection. */
  body: Readable;
  bytes: number;
}

/**
 * Where visitors' files are kept: the local filesystem (one-process mode) or an S3 bucket. Keys
 * are paths of ids (`<tenant>/<session>/<upload id>`, see upload-key.ts); a bad key is an
 * InvalidUploadKeyError, before anything is touched.
 *
 * A put streams: it never holds the whole file in memory, and a file is visible only once complete.
 * A put that fails – too large, or its stream errors – leaves nothing behind, and a key that held a
 * file keeps it.
 */
export interface UploadStore {
  /**
   * Stores `body` under `key`, replacing what was there. Rejects with UploadTooLargeError past
   * `maxBytes`. `body` is read to its end, or destroyed when the put fails.
   */
  put(key: string, body: Readable, options: PutOptions): Promise<PutResult>;
  /** The stored file, or undefined when there is none. */
  open(key: string): Promise<StoredUpload | undefined>;
  /** Removes the file; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes every file whose key starts with `prefix` (a plain string prefix, as S3 has it: `t1/s`
   * selects `t1/s1/…` and `t1/s2/…`; end it with `/` for one folder). Returns how many were removed.
   * Erasure and retention delete a tenant's or a session's files this way.
   */
  deletePrefix(prefix: string): Promise<number>;
  /** Releases connections; the store is not used afterwards. */
  close(): Promise<void>;
}
