import { randomUUID } from 'node:crypto';

/**
 * A UUID of version 7 (RFC 9562): the time in milliseconds in its first 48 bits, then 74 random
 * bits (a version 4 UUID's own, its variant kept). Keys made of it are added at the end of their
 * B-tree index, in the pages just written, where random (version 4) keys land all over it – each
 * insert reading and dirtying a page of its own, and the first change to a page after a
 * checkpoint writing the whole page to the WAL. For rows added without end (messages, events);
 * nothing may read an order of its own into it beyond the millisecond.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID(): xxxxxxxx-xxxx-4xxx-…; its first 13 hex digits and version give way to the time and 7.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
