import { SecretBox } from './secret-box.js';

/**
 * What a sealed secret kept in a text column starts with. A value without it was stored in clear
 * by an earlier version (before these secrets were sealed) and is read as it is until the
 * start-up pass (seal-in-clear.ts) seals it.
 */
export const SEALED_TEXT_PREFIX = 'sealed1.';

/** Whether a stored value is in the sealed form (else it is a secret written in clear before). */
export const isSealedText = (stored: string): boolean => stored.startsWith(SEALED_TEXT_PREFIX);

/** A sealed value that does not open: sealed under another SECRETS_KEY or for another row, or altered. */
export class SecretNotOpened extends Error {
  constructor() {
    super('the sealed secret does not open with SECRETS_KEY for this row');
    this.name = 'SecretNotOpened';
  }
}

/**
 * Secrets kept in the text columns that once held them in clear (webhooks.secret,
 * public_links.identity_secret): stored as `sealed1.` + base64url of SecretBox's sealed bytes, so
 * no column changes type and rows written before read on.
 */
export class SealedText {
  private readonly box: SecretBox;

  constructor(secretsKey: string, purpose: string) {
    this.box = new SecretBox(secretsKey, purpose);
  }

  seal(secret: string, context: string): string {
    return `${SEALED_TEXT_PREFIX}${this.box.seal(secret, context).toString('base64url')}`;
  }

  /** The secret: a sealed value opened for `context`, or one stored in clear as it is. Throws SecretNotOpened. */
  open(stored: string, context: string): string {
    if (!isSealedText(stored)) return stored;
    try {
      return this.box.open(Buffer.from(stored.slice(SEALED_TEXT_PREFIX.length), 'base64url'), context);
    } catch {
      throw new SecretNotOpened();
    }
  }
}
