import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.js';

describe('sealed secrets', () => {
  const box = new SecretBox('secrets-key-0123456789abcdef');

  it('opens what it sealed, and the sealed bytes do not contain the secret', () => {
    const secret = 'chsec_0123456789abcdefghijklmnopqrstuvwxyzABCDE';
    const sealed = box.seal(secret, 'tenant/chs_1');
    expect(box.open(sealed, 'tenant/chs_1')).toBe(secret);
    for (const encoding of ['utf8', 'hex', 'base64', 'base64url'] as const) expect(sealed.toString(encoding)).not.toContain(secret);
    // A fresh nonce each time: the same secret never seals to the same bytes.
    expect(box.seal(secret, 'tenant/chs_1').equals(sealed)).toBe(false);
  });

  it('refuses another context, another key and altered bytes', () => {
    const sealed = box.seal('chsec_x', 'tenant-a/chs_1');
    expect(() => box.open(sealed, 'tenant-b/chs_1')).toThrow();
    expect(() => new SecretBox('another-key-0123456789abcdef').open(sealed, 'tenant-a/chs_1')).toThrow();
    const altered = Buffer.from(sealed);
    const last = altered.length - 1;
    altered[last] = (altered[last] ?? 0) ^ 1;
    expect(() => box.open(altered, 'tenant-a/chs_1')).toThrow();
    expect(() => box.open(Buffer.from([2, ...sealed.subarray(1)]), 'tenant-a/chs_1')).toThrow(/version/);
    expect(() => box.open(Buffer.alloc(3), 'tenant-a/chs_1')).toThrow();
  });
});
