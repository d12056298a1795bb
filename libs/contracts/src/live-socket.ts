import { z } from 'zod';
import { errorCodes } from './errors.js';
import { attachmentIds } from './uploads.js';
import { visitorContext } from './visitor-context.js';

/**
 * The widget's WebSocket (docs/api.md, "The widget's WebSocket"): the frames a visitor's client
 * sends, and those the gateway answers besides the live events (`{id, event, data}`, the same
 * events and ids as the SSE stream).
 */

/** A client's own id for a message, echoed in its ack or error. */
export const socketClientId = z.string().min(1).max(64);

/**
 * `message`: sent like a public chat POST (same limits, quotas and escalation rules); `typing`:
 * the visitor is typing (the operator of an escalated conversation sees it). A message may carry
 * `attachments`, uploads of its session, and the host page's `context`, as a POST body may. Content is checked
 * by the gateway like a POST body's (`messageContent`, storable text), so a frame with bad content
 * is answered with the client id it carried.
 */
export const socketClientFrame = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('message'),
    content: z.unknown(),
    client_id: socketClientId,
    attachments: attachmentIds.optional(),
    context: visitorContext.optional(),
  }),
  z.strictObject({ type: z.literal('typing') }),
]);
export type SocketClientFrame = z.infer<typeof socketClientFrame>;

/** The message is stored: its id, as the live `message` event and the history give it. */
export const socketAck = z.object({
  type: z.literal('ack'),
  client_id: z.string(),
  message_id: z.string(),
  /** As a chat reply's: offer the visitor a person now (docs/escalation.md "Offering a person"). */
  offer_person: z.literal(true).optional(),
  /** As a chat reply's: the reply is the link's words because a token budget is spent (docs/management-api.md "Cost guards"). */
  budget_exhausted: z.literal(true).optional(),
});
export type SocketAck = z.infer<typeof socketAck>;

/** A frame was refused, in the platform's error codes; `client_id` is null when the frame had none. */
export const socketError = z.object({
  type: z.literal('error'),
  client_id: z.string().nullable(),
  error: z.object({ code: z.enum(errorCodes), message: z.string(), details: z.unknown().optional() }),
});
export type SocketError = z.infer<typeof socketError>;

/**
 * Close codes the gateway uses: 1000 after `session_ended` (nothing more will come), 1001 when
 * the gateway shuts down, 1013 when the live events cannot be read (reconnect with the last id,
 * after a pause). A frame larger than the limit closes with 1009; a client cut off for being
 * silent or too far behind sees its connection drop (1006) and resumes with its last id.
 */
export const socketCloseCodes = { sessionEnded: 1000, goingAway: 1001, tryAgainLater: 1013 } as const;
