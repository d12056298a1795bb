import { z } from 'zod';

/**
 * A tenant's own Text Chat API secrets (docs/text-chat-api.md, "Text Chat API secrets"): each signs that
 * tenant's requests as CHAT_API_SECRET signs every tenant's; a few may be live at once, so a backend
 * rotates without downtime (create a new one, switch to it, delete the old one).
 */

/** How many secrets a tenant may have live at once: room to rotate, not a store of credentials. */
export const MAX_CHAT_SECRETS = 5;

/** `chs_…`: how a secret is named in lists and deleted. */
export const chatSecretIdPattern = /^chs_[A-Za-z0-9_-]{12}$/;

/** `POST /api/chat-secrets` takes no settings: no body at all, `null` or `{}`. */
export const createChatSecretBody = z.strictObject({});

/** A secret as created: the secret itself is in this answer only. */
export const chatSecretCreated = z.object({
  secret_id: z.string(),
  secret: z.string().meta({ description: 'The HMAC secret (`chsec_…`): shown once, never again' }),
  created_at: z.string(),
});

/** A secret as listed: never the secret. `last_used_at`: when a gateway last verified a request with it, to the minute. */
export const chatSecretSummary = z.object({ secret_id: z.string(), created_at: z.string(), last_used_at: z.string().nullable() });
export const chatSecretList = z.object({ secrets: z.array(chatSecretSummary) });
