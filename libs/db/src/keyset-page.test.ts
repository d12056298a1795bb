import { describe, expect, it } from 'vitest';
import { decodeKeysetCursor, encodeKeysetCursor, keysetPage } from './keyset-page.js';

const ID = '0b5c2a8e-3f4d-4b6a-9c1e-2d7f8a9b0c1d';
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  it('hand back the key they were made of, to the microsecond', () => {
    const key = { createdAt: '2026-11-22T17:57:41.348613Z', id: ID };
    expect(decodeKeysetCursor(encodeKeysetCursor(key))).toEqual(key);
  });

  it('refuse anything they did not make, and times PostgreSQL would not take', () => {
    for (const cursor of [
      'not-a-cursor',
      '',
      cursorOf({ createdAt: '2026-11-22T17:57:41.348613Z', id: ID }),
      cursorOf(['2026-11-22T17:57:41.348613Z']),
      cursorOf(['2026-11-22T17:57:41.348Z', ID]),
      cursorOf(['2026-11-22T17:57:41.348613Z', 'not-a-uuid']),
      cursorOf(['2026-02-30T00:00:00.000000Z', ID]),
      cursorOf(['2026-13-01T00:00:00.000000Z', ID]),
      cursorOf(['0000-01-01T00:00:00.000000Z', ID]),
      cursorOf([1, ID]),
    ]) {
      expect(decodeKeysetCursor(cursor), cursor).toBeNull();
    }
  });
});

describe('keyset pages', () => {
  const rows = ['3', '2', '1'].map((n) => ({ id: `${ID.slice(0, -1)}${n}`, page_key: `2026-11-22T17:57:4${n}.000000Z` }));

  it('cut the row read past the page, and point the next page after the last row kept', () => {
    const page = keysetPage(rows, 2);
    expect(page.rows).toEqual(rows.slice(0, 2));
    expect(decodeKeysetCursor(page.nextCursor ?? '')).toEqual({ createdAt: rows[1]?.page_key, id: rows[1]?.id });
  });

  it('end with no cursor when nothing follows', () => {
    expect(keysetPage(rows, 3)).toEqual({ rows, nextCursor: null });
    expect(keysetPage([], 3)).toEqual({ rows: [], nextCursor: null });
  });
});
