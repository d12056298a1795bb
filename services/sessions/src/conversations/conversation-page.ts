import { AppError } from '@parley/contracts';
import { decodeKeysetCursor, type PageKey } from '@parley/db';

/** Keyset pages of conversations, newest first by (created_at, id) (@parley/db's keyset pages). */
export { keysetPage as pageOf, type PageKey } from '@parley/db';

/** The key of a cursor this service handed out; anything else is refused, naming the parameter. */
export function decodeCursor(cursor: string | undefined): PageKey | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeKeysetCursor(cursor);
  if (key) return key;
  throw new AppError('invalid', 'cursor is not one this list handed out', { details: [{ path: 'query.cursor', message: 'not a cursor of this list' }] });
}
