import { describe, expect, it } from 'vitest';
import { SEALING_PURPOSES, SecretBox } from './secret-box.js';

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

  it('opens, under its default purpose, a chat secret sealed before purposes could be chosen; another purpose does not open it', () => {
    // Sealed by the first version of this class (one fixed purpose), as chat_api_secrets.sealed holds it.
    const before = Buffer.from('012534a795085bc1a5da6a78639b77994a523bc6d05d323ac55d236c4f5e1f7bbd529c9aefc4bd9bf00e83d6b5ea0ec24be649ff3a9fc69df3', 'hex');
    expect(box.open(before, 'chat-secret:tenant/chs_1')).toBe('chsec_sealed-before-purposes');
    expect(new SecretBox('secrets-key-0123456789abcdef', SEALING_PURPOSES.chatSecrets).open(before, 'chat-secret:tenant/chs_1')).toBe(
      'chsec_sealed-before-purposes',
    );
    for (const purpose of [SEALING_PURPOSES.webhookSecrets, SEALING_PURPOSES.linkIdentitySecrets]) {
      expect(() => new SecretBox('secrets-key-0123456789abcdef', purpose).open(before, 'chat-secret:tenant/chs_1')).toThrow();
    }
  });

  it('keys each purpose apart: what is sealed for one never opens as another', () => {
    const webhooks = new SecretBox('secrets-key-0123456789abcdef', SEALING_PURPOSES.webhookSecrets);
    const identities = new SecretBox('secrets-key-0123456789abcdef', SEALING_PURPOSES.linkIdentitySecrets);
    const sealed = webhooks.seal('whsec_x', 'same-context');
    expect(webhooks.open(sealed, 'same-context')).toBe('whsec_x');
    expect(() => identities.open(sealed, 'same-context')).toThrow();
    expect(() => box.open(sealed, 'same-context')).toThrow();
  });
});
