import { z } from 'zod';

/**
 * Webhooks (docs/management-api.md, "Webhooks"): a tenant subscribes a URL to platform events;
 * each event is delivered to it signed as Standard Webhooks prescribe, or as a readable message
 * for a Slack or Teams incoming webhook, and retried with backoff for about a day.
 */

/** `whk_` + 16 base64url characters. */
export const webhookIdPattern = /^whk_[A-Za-z0-9_-]{16}$/;

/** What a webhook may subscribe to. */
export const webhookEventTypes = [
  'escalation.created',
  'escalation.assigned',
  'escalation.claimed',
  'escalation.closed',
  'conversation.started',
  'conversation.ended',
  'conversation.resolved',
  'link.created',
  'link.expired',
  'security.alert',
  'feedback.received',
] as const;
export const webhookEventType = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof webhookEventType>;

/** `standard`: Standard Webhooks (signed JSON); `slack` / `teams`: a readable message for their incoming webhooks. */
export const webhookFormat = z.enum(['standard', 'slack', 'teams']);
export type WebhookFormat = z.infer<typeof webhookFormat>;

/**
 * An http(s) URL without credentials. Whether its host resolves to a public address is checked
 * by the links service (it resolves the name), at creation and again before every attempt.
 */
export const webhookUrl = z
  .string()
  .max(2_048)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an http or https URL, e.g. https://example.com/hooks/parley' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'only http and https URLs are allowed' });
    else if (url.hostname === '') ctx.addIssue({ code: 'custom', message: 'must name a host' });
    else if (url.username !== '' || url.password !== '') ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
  });

export const createWebhookBody = z.strictObject({
  url: webhookUrl.meta({ description: 'Where events are POSTed; its host must resolve to public addresses only' }),
  events: z
    .array(webhookEventType)
    .min(1)
    .max(webhookEventTypes.length)
    .refine((events) => new Set(events).size === events.length, 'each event at most once')
    .meta({ description: 'The events sent to this URL' }),
  format: webhookFormat.optional().meta({ description: 'Default `standard` (signed JSON); `slack` and `teams` post a readable message' }),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

export const webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventType),
  format: webhookFormat,
  created_at: z.string(),
});
export type Webhook = z.infer<typeof webhook>;

/** The webhook with its signing secret, `whsec_` + base64 of 32 random bytes: shown once, at creation. */
export const createdWebhook = webhook.extend({ secret: z.string() });
export const webhookList = z.object({ webhooks: z.array(webhook) });

export const webhookAttemptStatus = z.enum(['succeeded', 'failed', 'pending']);

/**
 * One attempt to deliver one event, newest first. `pending`: the next attempt, not made yet
 * (`at` is when it is due); `succeeded` / `failed`: made, with the receiver's status code (null
 * when none came: timeout, refused address, connection error) and what went wrong.
 */
export const webhookAttempt = z.object({
  /** The delivery (the `webhook-id` header, the same on every attempt of it). */
  delivery_id: z.string(),
  event_id: z.string(),
  event_type: webhookEventType,
  attempt: z.number().int(),
  status: webhookAttemptStatus,
  response_code: z.number().int().nullable(),
  error: z.string().nullable(),
  at: z.string(),
  duration_ms: z.number().int().nullable(),
});
export const webhookDeliveries = z.object({ deliveries: z.array(webhookAttempt) });
export const webhookDeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional().meta({ description: 'Attempts answered at most, newest first (default 100)' }),
});
