import { type RawBuilder, sql } from 'kysely';

/**
 * Keyset pages of a list, newest first by (created_at, id): a page after the cursor reads from the
 * index where the previous one stopped, however far down the list, and a row created meanwhile
 * neither shifts nor repeats what follows. The cursor is opaque to clients: base64url of the last
 * row's key, its time as PostgreSQL wrote it (microseconds, which a JS Date would round away).
 */
export interface PageKey {
  /** `2026-11-22T17:57:41.348613Z` */
  createdAt: string;
  id: string;
}

const timePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A time of the pattern that is a real instant PostgreSQL takes: no 30 February, no year 0. */
function isInstant(time: string): boolean {
  const ms = Date.parse(time);
  return Number.isFinite(ms) && !time.startsWith('0000') && new Date(ms).toISOString().slice(0, 19) === time.slice(0, 19);
}

/** A timestamptz column to the microsecond, as text: what a row's `page_key` is selected as. */
export function pageKeyOf(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** The rows after the cursor's, for a query ordered by (created_at DESC, id DESC): a row comparison, so the index starts right after it. */
export function afterPageKey(createdAt: string, id: string, after: PageKey): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(createdAt)}, ${sql.ref(id)}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`;
}

export function encodeKeysetCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

/** The key of a cursor `encodeKeysetCursor` made; null for anything else (the caller refuses it, naming the parameter). */
export function decodeKeysetCursor(cursor: string): PageKey | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [createdAt, id] = parsed as unknown[];
  const valid = typeof createdAt === 'string' && timePattern.test(createdAt) && isInstant(createdAt) && typeof id === 'string' && uuidPattern.test(id);
  return valid ? { createdAt, id } : null;
}

/** Rows read one past the page tell whether another page follows; the page and its next cursor. */
export function keysetPage<R extends { page_key: string; id: string }>(rows: R[], limit: number): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeKeysetCursor({ createdAt: last.page_key, id: last.id }) : null };
}
