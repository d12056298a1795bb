import { exampleOf, type JsonSchema } from './openapi-operations.js';

/**
 * What a fuzzer sends the gateway (services/gateway/test/fuzz.test.ts, and the gateway-memory
 * bench's fuzz traffic): values that break naive parsers and validators. One list, so the test and
 * the bench send the same.
 */

/** U+0000, lone surrogates, a long string, the empty and blank strings, markup, SQL and a path. */
export const FUZZ_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '\udfff\ud800',
  'x'.repeat(20_000),
  '',
  ' ',
  '<script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '🙂',
];

/** Out of every integer's range, fractions, and not numbers at all. */
export const FUZZ_NUMBERS: unknown[] = [2_147_483_648, 4_294_967_296, 2 ** 53 + 1, -1, 0, -0, 1.5, 1e308, -1e308, '1', null, true, [], {}];

/** Bodies that are not JSON, or not the JSON any route takes. */
export const FUZZ_MALFORMED_JSON = [
  '{',
  '{"a":',
  '[',
  ']',
  '{"a":1}}',
  'null',
  '"text"',
  '123',
  'true',
  '\ufeff{}',
  '{"a":NaN}',
  '{"a":Infinity}',
  "{'a':1}",
  '{"__proto__":{"x":1}}',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
];

/** Path parameters with bad escapes, NULs, traversal and length. */
export const FUZZ_PATH_VALUES = ['%00', 'a%00b', '%ED%A0%80', '%zz', '%', '%C0%AF', '..%2F..%2Fetc', 'x'.repeat(300), '%F0%9F%99%82', ' ', 'text_%00'];

/** Methods no route takes (or not at that path). */
export const FUZZ_METHODS = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'SEARCH', 'TRACE'];

/** A valid instance of a schema, with ids from the seeded data so requests get past lookups. */
export function fuzzExample(schema: JsonSchema | undefined, key: string, ids: Record<string, string>): unknown {
  return exampleOf(schema, key, (name, leaf) => ids[name] ?? (leaf.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : `fuzz-${name}`));
}
