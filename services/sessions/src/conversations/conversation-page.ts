import { AppError } from '@parley/contracts';

/**
 * Keyset pages of conversations, newest first by (created_at, id): a page after the cursor reads
 * from the index where the previous one stopped, however far down the list, and a conversation
 * created meanwhile neither shifts nor repeats what follows. The cursor is opaque to clients:
 * base64url of the last row's key, its time as PostgreSQL wrote it (microseconds, which a JS
 * Date would round away).
 */
export interface PageKey {
  /** `2026-11-22T17:57:41.348613Z` */
  createdAt: string;
  id: string;
}

const timePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

/** The key of a cursor this service handed out; anything else is refused, naming the parameter. */
export function decodeCursor(cursor: string | undefined): PageKey | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [createdAt, id] = parsed as unknown[];
    if (typeof createdAt === 'string' && timePattern.test(createdAt) && typeof id === 'string' && uuidPattern.test(id)) return { createdAt, id };
  }
  throw new AppError('invalid', 'cursor is not one this list handed out', { details: [{ path: 'query.cursor', message: 'not a cursor of this list' }] });
}

/** Rows read one past the page tell whether another page follows; the page and its next cursor. */
export function pageOf<R extends { page_key: string; id: string }>(rows: R[], limit: number): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.page_key, id: last.id }) : null };
}
