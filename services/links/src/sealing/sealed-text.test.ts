import { describe, expect, it } from 'vitest';
import { SEALING_PURPOSES } from './secret-box.js';
import { isSealedText, SealedText, SecretNotOpened } from './sealed-text.js';

describe('secrets sealed into text columns', () => {
  const sealed = new SealedText('secrets-key-0123456789abcdef', SEALING_PURPOSES.webhookSecrets);
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

  it('stores `sealed1.` + base64url, without the secret in it, and opens it for the same row', () => {
    const stored = sealed.seal(secret, 'webhook:t:whk_1');
    expect(stored).toMatch(/^sealed1\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(secret.slice('whsec_'.length));
    expect(isSealedText(stored)).toBe(true);
    expect(sealed.open(stored, 'webhook:t:whk_1')).toBe(secret);
  });

  it('reads a value stored in clear (written before sealing) as it is', () => {
    expect(isSealedText(secret)).toBe(false);
    expect(sealed.open(secret, 'webhook:t:whk_1')).toBe(secret);
  });

  it('refuses another row, another key, another purpose and altered values with SecretNotOpened', () => {
    const stored = sealed.seal(secret, 'webhook:t:whk_1');
    expect(() => sealed.open(stored, 'webhook:t:whk_2')).toThrow(SecretNotOpened);
    expect(() => new SealedText('another-key-0123456789abcdef', SEALING_PURPOSES.webhookSecrets).open(stored, 'webhook:t:whk_1')).toThrow(SecretNotOpened);
    expect(() => new SealedText('secrets-key-0123456789abcdef', SEALING_PURPOSES.linkIdentitySecrets).open(stored, 'webhook:t:whk_1')).toThrow(SecretNotOpened);
    // One character of the nonce changed (a last character may only carry padding bits).
    const at = 'sealed1.'.length + 4;
    expect(() => sealed.open(`${stored.slice(0, at)}${stored[at] === 'A' ? 'B' : 'A'}${stored.slice(at + 1)}`, 'webhook:t:whk_1')).toThrow(SecretNotOpened);
    expect(() => sealed.open('sealed1.', 'webhook:t:whk_1')).toThrow(SecretNotOpened);
    expect(() => sealed.open('sealed1.not base64 at all', 'webhook:t:whk_1')).toThrow(SecretNotOpened);
  });
});
