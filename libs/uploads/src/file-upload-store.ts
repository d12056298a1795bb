import { randomBytes } from 'node:crypto';
import { createWriteStream, type Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteMeter, refuseEarly } from './byte-meter.js';
import { assertUploadKey, assertUploadKeyPrefix } from './upload-key.js';
import type { PutOptions, PutResult, StoredUpload, UploadStore } from './upload-store.js';

/** Visitors' files are nobody else's business on a shared machine. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * A file being written is `.~<name>.<random>` beside its final name: keys cannot contain `~`, so
 * such a name is never a key, and the rename that publishes it stays within one directory (atomic).
 */
const TEMPORARY_MARK = '.~';

const isTemporary = (name: string) => name.startsWith(TEMPORARY_MARK);

/**
 * Files under `dir`, one per key (`a/b/c` is `dir/a/b/c`). The one-process mode keeps them under
 * DATA_DIR/uploads. A put writes a temporary file in the key's directory and renames it into place
 * once the stream has ended, so a reader sees the old file or the whole new one, and a failed put
 * leaves no file. Folders are created as needed and left in place when emptied.
 *
 * A key is a file, so it cannot also be the folder of other keys (`a` and `a/b` cannot both be
 * stored); the platform's keys (`<tenant>/<session>/<upload id>`) never are.
 */
export function fileUploadStore(dir: string): UploadStore {
  const pathOf = (key: string) => join(dir, ...key.split('/'));

  return {
    async put(key: string, body: Readable, { maxBytes }: PutOptions): Promise<PutResult> {
      const meter = refuseEarly(body, () => {
        assertUploadKey(key);
        return new ByteMeter(maxBytes);
      });
      const target = pathOf(key);
      const folder = dirname(target);
      const base = target.slice(folder.length + 1);
      const temporary = join(folder, `${TEMPORARY_MARK}${base}.${randomBytes(8).toString('hex')}`);
      try {
        await mkdir(folder, { recursive: true, mode: DIR_MODE });
        // flush: the bytes are on disk before the rename makes them the file.
        await pipeline(body, meter, createWriteStream(temporary, { flags: 'wx', mode: FILE_MODE, flush: true }));
        await rename(temporary, target);
      } catch (error) {
        body.destroy();
        await rm(temporary, { force: true });
        throw error;
      }
      return { bytes: meter.bytes, sha256: meter.digest() };
    },

    async open(key: string): Promise<StoredUpload | undefined> {
      assertUploadKey(key);
      let handle: Awaited<ReturnType<typeof open>>;
      try {
        handle = await open(pathOf(key), 'r');
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      // Size and bytes come from the one opened file, even if a put replaces it meanwhile.
      const stats = await handle.stat().catch(async (error: unknown) => {
        await handle.close();
        throw error;
      });
      if (!stats.isFile()) {
        await handle.close();
        return undefined;
      }
      return { body: handle.createReadStream(), bytes: stats.size };
    },

    async delete(key: string): Promise<void> {
      assertUploadKey(key);
      const target = pathOf(key);
      try {
        await unlink(target);
      } catch (error) {
        if (!isMissing(error) && !isFolder(error)) throw error;
      }
      // And what a put to the key left when its process was killed midway (a put still writing
      // to it then fails at its rename, as one under an erased prefix does).
      const folder = dirname(target);
      const leftover = `${TEMPORARY_MARK}${target.slice(folder.length + 1)}.`;
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (error) {
        if (isMissing(error) || isNotFolder(error)) return;
        throw error;
      }
      await Promise.all(names.filter((name) => name.startsWith(leftover)).map((name) => rm(join(folder, name), { force: true })));
    },

    async deletePrefix(prefix: string): Promise<number> {
      assertUploadKeyPrefix(prefix);
      // `t1/s` selects, in folder `t1`, every entry whose name starts with `s`.
      const cut = prefix.lastIndexOf('/');
      const folder = cut < 0 ? dir : pathOf(prefix.slice(0, cut));
      const namePrefix = prefix.slice(cut + 1);
      let entries: Dirent[];
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error) || isNotFolder(error)) return 0;
        throw error;
      }
      let removed = 0;
      for (const entry of entries) {
        if (!entry.name.startsWith(namePrefix) || isTemporary(entry.name)) continue;
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          removed += await countFiles(path);
          // A put still writing in there fails at its rename: the folder's owner is being erased.
          await rm(path, { recursive: true, force: true });
        } else {
          await rm(path, { force: true });
          removed += 1;
        }
      }
      return removed;
    },

    async close(): Promise<void> {},
  };
}

/** Stored files under `folder`, not counting puts in progress. */
async function countFiles(folder: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return 0;
    throw error;
  }
  let count = 0;
  for (const entry of entries) {
    if (entry.isDirectory()) count += await countFiles(join(folder, entry.name));
    else if (!isTemporary(entry.name)) count += 1;
  }
  return count;
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
/** The file, or a folder on its path, does not exist (ENOTDIR: a file stands where a folder of the key would be). */
const isMissing = (error: unknown) => codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR';
const isFolder = (error: unknown) => codeOf(error) === 'EISDIR';
const isNotFolder = (error: unknown) => codeOf(error) === 'ENOTDIR';
