import { describe, expect, it } from 'vitest';
import { pickVersion, splitKey, splitPoint } from './version-split.js';

describe('version split', () => {
  const split = [
    { version: 1, weight: 70 },
    { version: 2, weight: 30 },
  ];

  it('picks by cumulative weight', () => {
    expect(pickVersion(split, 0)).toBe(1);
    expect(pickVersion(split, 0.6999)).toBe(1);
    expect(pickVersion(split, 0.7)).toBe(2);
    expect(pickVersion(split, 0.999999)).toBe(2);
  });

  it('gives one visitor one point per link, and another link another point', () => {
    const key = splitKey({ email: 'Ada@Example.org ', credentialHash: 'x' });
    expect(key).toBe(splitKey({ email: 'ada@example.org', credentialHash: 'y' }));
    expect(splitPoint('lnk_a', key)).toBe(splitPoint('lnk_a', key));
    expect(splitPoint('lnk_a', key)).not.toBe(splitPoint('lnk_b', key));
    const point = splitPoint('lnk_a', key);
    expect(point).toBeGreaterThanOrEqual(0);
    expect(point).toBeLessThan(1);
  });

  it('keys a signed user before an email, an email before the credential', () => {
    const user = { id: 'u1', realm: 'r1' };
    expect(splitKey({ user, email: 'a@b.c', credentialHash: 'h' })).toBe('user:r1:u1');
    expect(splitKey({ email: 'a@b.c', credentialHash: 'h' })).toBe('email:a@b.c');
    expect(splitKey({ credentialHash: 'h' })).toBe('credential:h');
  });
});
