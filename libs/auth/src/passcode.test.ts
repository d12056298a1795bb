import { describe, expect, it } from 'vitest';
import { hashPasscode, verifyPasscode } from './passcode.js';

describe('link passcodes', () => {
  it('are kept only as a salted scrypt hash that verifies the right passcode and no other', async () => {
    const first = await hashPasscode('open sesame');
    const second = await hashPasscode('open sesame');
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(first).not.toContain('open sesame');
    // A random salt: the same passcode never hashes the same way twice.
    expect(first).not.toBe(second);
    expect(await verifyPasscode(first, 'open sesame')).toBe(true);
    expect(await verifyPasscode(second, 'open sesame')).toBe(true);
    expect(await verifyPasscode(first, 'open sesame ')).toBe(false);
    expect(await verifyPasscode(first, '')).toBe(false);
  });

  it('refuse a malformed stored hash instead of throwing', async () => {
    for (const stored of ['', 'plain', 'scrypt$x$8$1$c2FsdA$aGFzaA', 'bcrypt$16384$8$1$c2FsdA$aGFzaA', 'scrypt$16384$8$1$c2FsdA$']) {
      expect(await verifyPasscode(stored, 'anything')).toBe(false);
    }
  });
});
