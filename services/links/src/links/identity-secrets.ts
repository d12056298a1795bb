import { SEALING_PURPOSES } from '../sealing/secret-box.js';
import { SealedText } from '../sealing/sealed-text.js';

/** What a sealed identity secret is bound to: moved to another link's row, it does not open. */
const boundTo = (linkId: string) => `link-identity:${linkId}`;

/**
 * Links' identity secrets (the HMAC and HS256 key of host sites' signed users) as kept in
 * public_links.identity_secret: sealed under SECRETS_KEY (sealing/sealed-text.ts), since checking
 * a `user_hash` or a token needs the secret itself back.
 */
export class IdentitySecrets {
  private readonly sealed: SealedText;

  constructor(secretsKey: string) {
    this.sealed = new SealedText(secretsKey, SEALING_PURPOSES.linkIdentitySecrets);
  }

  seal(secret: string, linkId: string): string {
    return this.sealed.seal(secret, boundTo(linkId));
  }

  /** The secret to check with; throws SecretNotOpened when it does not open for this link. */
  open(stored: string, linkId: string): string {
    return this.sealed.open(stored, boundTo(linkId));
  }
}
