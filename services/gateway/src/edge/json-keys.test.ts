import { describe, expect, it } from 'vitest';
import { duplicateKeyPath } from './json-keys.js';

describe('duplicateKeyPath', () => {
  it.each([
    ['{"a":1,"a":2}', 'body.a'],
    ['{"a":1,"\\u0061":2}', 'body.a'],
    ['{"x":{"a":"\\"a\\"","b":[1,{"c":1,"d":[],"c":2}]}}', 'body.x.b[1].c'],
    ['[0,[1,2,{"k y":1,"k y":2}]]', 'body[1][2]["k y"]'],
    ['{"a\\\\":1,"a\\\\":2}', 'body["a\\\\"]'],
  ])('%s → %s', (text, path) => {
    expect(duplicateKeyPath(text, 'body')).toBe(path);
  });

  it.each(['{"a":1,"b":2}', '{"a":"a","b":{"a":1}}', '[{"a":1},{"a":2}]', '{"a":"\\\\","b":"\\"a\\":","c":1}', '{"a\\"":1,"a":2}', '"text"', '{}'])(
    '%s has none',
    (text) => {
      expect(duplicateKeyPath(text, 'body')).toBeUndefined();
    },
  );

  it('reads a 256 KiB body in a few milliseconds', () => {
    const body = JSON.stringify({ items: Array.from({ length: 5_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] })) });
    expect(body.length).toBeGreaterThan(200_000);
    const started = performance.now();
    for (let i = 0; i < 10; i++) expect(duplicateKeyPath(body, 'body')).toBeUndefined();
    expect((performance.now() - started) / 10).toBeLessThan(50);
  });
});
