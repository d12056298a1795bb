import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';

/** Nobody else on the machine reads a visitor's file while it passes through. */
const FILE_MODE = 0o600;

/** Chunks read back at a time: what an fs stream reads. */
const READ_BYTES = 64 * 1024;

/** A file on local disk that holds a stream for a while, so that memory does not. */
export interface SpoolFile {
  /** Writes the file from its start; use one. */
  writer(): Writable;
  /** Reads the file from its start; as many as needed, one after the other. */
  reader(): Readable;
  /** Stops the readers and frees the disk space, once a write or read still under way has finished. */
  close(): Promise<void>;
}

/**
 * A file with no name, for a put to hold a stream on disk instead of in memory: created in `dir`
 * and unlinked at once, so nothing is left behind whatever happens next – the put ends, fails, or
 * the process is killed midway: the space is freed when the file is closed or the process dies.
 *
 * Its streams write and read through the one FileHandle without owning it (fs streams close their
 * descriptor when destroyed, and a FileHandle's own streams hold its close back until they have
 * closed it), so a reader can follow a writer, and close() is the one place the file goes.
 */
export async function openSpoolFile(dir: string): Promise<SpoolFile> {
  const path = join(dir, `parley-upload-${randomBytes(8).toString('hex')}`);
  const handle = await open(path, 'wx+', FILE_MODE);
  try {
    await unlink(path);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const readers = new Set<Readable>();
  return {
    writer: () =>
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          handle.write(chunk).then(() => callback(), callback);
        },
      }),
    reader: () => {
      async function* read(): AsyncGenerator<Buffer> {
        let position = 0;
        for (;;) {
          const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(READ_BYTES), 0, READ_BYTES, position);
          if (bytesRead === 0) return;
          position += bytesRead;
          yield buffer.subarray(0, bytesRead);
        }
      }
      const reader = Readable.from(read(), { objectMode: false });
      readers.add(reader);
      return reader;
    },
    async close() {
      // A reader its consumer left halfway (a request that failed) reads no further.
      for (const reader of readers) reader.destroy();
      await handle.close();
    },
  };
}
