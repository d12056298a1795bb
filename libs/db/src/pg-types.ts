import pg from 'pg';

const INT8_OID = 20;

/**
 * int8 (bigint, and every COUNT(*)) comes back as a number when it fits a JS number exactly, and
 * as the original string when it does not, so no value is ever silently rounded.
 */
function parseInt8(value: string): number | string {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : value;
}

/**
 * Type parsers for our pools only (pg's global registry is left alone). timestamptz keeps pg's
 * default parser, which yields a JS Date.
 */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};
