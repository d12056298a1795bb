import { randomFillSync } from 'node:crypto';

/** Random bytes drawn in blocks: one system call serves 512 ids. */
const POOL_BYTES = 16 * 512;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A UUID of version 7 (RFC 9562): the time in milliseconds in its first 48 bits, then 74 random
 * bits. Keys made of it are added at the end of their B-tree index, in the pages just written,
 * where random (version 4) keys land all over it – each insert reading and dirtying a page of its
 * own, and the first change to a page after a checkpoint writing the whole page to the WAL. For
 * rows added without end (messages, events); nothing may read an order of its own into it beyond
 * the millisecond.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  if (used === POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = pool.subarray(used, used + 16);
  used += 16;
  // 48 bits of milliseconds, big-endian.
  bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
  bytes[2] = (now >>> 24) & 0xff;
  bytes[3] = (now >>> 16) & 0xff;
  bytes[4] = (now >>> 8) & 0xff;
  bytes[5] = now & 0xff;
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70; // version 7
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // variant 10
  let text = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
    text += HEX[bytes[i] as number];
  }
  return text;
}
