import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The first byte of a sealed value: how it was sealed, so the scheme can change without guessing. */
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * HKDF's `info` for each kind of secret: a key derived for that purpose only, so a value sealed for
 * one kind never opens as another. The chat secrets' purpose is the one they were first sealed
 * under; changing any of these strings would leave every value sealed under it unopenable.
 */
export const SEALING_PURPOSES = {
  chatSecrets: 'parley links: sealed chat api secrets v1',
  webhookSecrets: 'parley links: sealed webhook secrets v1',
  linkIdentitySecrets: 'parley links: sealed link identity secrets v1',
  tenantSecrets: 'parley links: sealed tenant secrets v1',
} as const;

/**
 * Seals secrets the platform must read back (a tenant's Text Chat API secrets and its tools'
 * secrets, webhooks' signing secrets, links' identity secrets; docs/api.md): AES-256-GCM under a key
 * HKDF-SHA256 derives from SECRETS_KEY for one `purpose`, with a fresh random nonce per value. Each
 * value is bound to where it belongs (`context`, e.g. its tenant and id): moved to another row, it
 * does not open.
 * Layout: version (1 byte) ‖ nonce (12) ‖ tag (16) ‖ ciphertext.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secretsKey: string, purpose: string = SEALING_PURPOSES.chatSecrets) {
    this.key = Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), purpose, 32));
  }

  seal(plaintext: string, context: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, cipher.getAuthTag(), ciphertext]);
  }

  /** The sealed value; throws when it was sealed under another key, purpose or context, or was altered. */
  open(sealed: Buffer, context: string): string {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('not a sealed value of a known version');
    const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
    const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
