import { SEALING_PURPOSES } from '../sealing/secret-box.js';
import { SealedText } from '../sealing/sealed-text.js';

/** The row a webhook's signing secret belongs to. */
export interface WebhookRow {
  tenantId: string;
  id: string;
}

/** What a sealed signing secret is bound to: moved to another webhook, or another tenant's, it does not open. */
const boundTo = (webhook: WebhookRow) => `webhook:${webhook.tenantId.toLowerCase()}:${webhook.id}`;

/**
 * Webhooks' signing secrets (`whsec_…`) as kept in webhooks.secret: sealed under SECRETS_KEY
 * (sealing/sealed-text.ts), since signing a delivery needs the secret itself back.
 */
export class WebhookSecrets {
  private readonly sealed: SealedText;

  constructor(secretsKey: string) {
    this.sealed = new SealedText(secretsKey, SEALING_PURPOSES.webhookSecrets);
  }

  seal(secret: string, webhook: WebhookRow): string {
    return this.sealed.seal(secret, boundTo(webhook));
  }

  /** The secret to sign with; throws SecretNotOpened when it does not open for this webhook. */
  open(stored: string, webhook: WebhookRow): string {
    return this.sealed.open(stored, boundTo(webhook));
  }
}
