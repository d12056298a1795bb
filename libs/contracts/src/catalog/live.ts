import { z } from 'zod';
import { conversationNote, escalationState, inboxItem, operatorRef } from '../escalations.js';
import { citations } from '../knowledge-answers.js';
import { offlineNotice } from '../operators.js';
import { attachment } from '../uploads.js';

/**
 * The live events: what a conversation's live log carries to its visitor (the event stream, the
 * widget's WebSocket and the history's `after`, docs/public-chat-api.md "Live events" and docs/escalation.md
 * "Escalation to a person"), and what a tenant's inbox log carries to its operators (`GET /api/inbox/events`).
 * Every writer appends one of these, typed; every client reads them with the decoder beside this
 * file (live-decode.ts), which accepts exactly what these schemas accept. On the wire an event is
 * `{id, event, data}` (an SSE event's `id:`, `event:` and `data:` lines, or one WebSocket frame).
 */

/** An event's place in its log, e.g. `1763811766292-0`; increases within a log. */
const eventId = z.string();

/** Who said a message: the visitor, the agent, an operator or the platform (a notice). */
export const liveMessageRole = z.enum(['user', 'assistant', 'operator', 'system']);
export type LiveMessageRole = z.infer<typeof liveMessageRole>;

// A conversation's log (the visitor's stream).

/** A piece of a reply as the language model writes it; a reply is its pieces of one `message_id`, in order. */
export const liveDelta = z.object({
  event: z.literal('delta'),
  data: z.object({ message_id: z.string(), text: z.string() }),
});

/** The files a visitor's message carries (docs/public-chat-api.md "Uploads"), as history shows them; absent when none. */
const messageAttachments = z.array(attachment).optional();

/**
 * A stored message: the visitor's (with the files it carries), each of the agent's (an answer from
 * knowledge with the passages it cited, docs/workflow.md "Answers from knowledge in the transcript"), an operator's answer (with
 * their name), a platform notice.
 */
export const liveMessage = z.object({
  event: z.literal('message'),
  data: z.object({
    id: z.string(),
    role: liveMessageRole,
    content: z.string(),
    operator_name: z.string().optional(),
    attachments: messageAttachments,
    citations: citations.optional(),
    /** On the platform's own words: their code, shown in the visitor's language (docs/public-chat-api.md "Notices"). */
    notice: z.string().optional(),
  }),
});

/**
 * The agent is working on a message (`thinking`), writing a streamed reply (`typing`), done
 * (`idle`); with `by: "operator"`, the operator is writing (with their name) or has answered.
 * `label`: words for the state a client may show instead of its own.
 */
export const liveStatus = z.object({
  event: z.literal('status'),
  data: z.object({
    state: z.enum(['thinking', 'typing', 'idle']),
    by: z.literal('operator').optional(),
    operator_name: z.string().optional(),
    label: z.string().optional(),
  }),
});

/** The conversation's escalation changed, or the queue before it moved. */
export const liveEscalation = z.object({
  event: z.literal('escalation'),
  data: z.object({
    id: z.string(),
    state: escalationState,
    position: z.number().int().nullable(),
    estimated_wait_seconds: z.number().int().nullable(),
    operator: operatorRef.nullable(),
    /** The team's name while it waits for one. */
    team: z.string().optional(),
    /** Nobody can answer now: the visitor may leave a message and an email. */
    offline: offlineNotice.optional(),
    /** A colleague took it over (a transfer): the note is for operators, never here. */
    transferred: z.boolean().optional(),
  }),
});

/**
 * The session ended; nothing more comes. `reason`: `completed`, `error`, `timeout`, `closed`
 * (an operator closed it), `ended_by_owner`, `link_expired`, `link_deactivated`, `link_deleted` …
 */
export const liveSessionEnded = z.object({
  event: z.literal('session_ended'),
  data: z.object({ reason: z.string() }),
});

/** Every event a conversation's log carries. */
export const liveEvent = z.discriminatedUnion('event', [liveDelta, liveMessage, liveStatus, liveEscalation, liveSessionEnded]);
export type LiveEvent = z.infer<typeof liveEvent>;
export type LiveEventName = LiveEvent['event'];

/** Not in a log: the id resumed from has left it; the client reloads, then keeps listening. Sent without an id. */
export const liveReset = z.object({ event: z.literal('reset'), data: z.object({}) });
export type LiveReset = z.infer<typeof liveReset>;

/** What a visitor's client receives: an event with its id, or a reset. */
export const liveFrame = z.discriminatedUnion('event', [
  liveDelta.extend({ id: eventId }),
  liveMessage.extend({ id: eventId }),
  liveStatus.extend({ id: eventId }),
  liveEscalation.extend({ id: eventId }),
  liveSessionEnded.extend({ id: eventId }),
  liveReset,
]);
export type LiveFrame = z.infer<typeof liveFrame>;

// A tenant's inbox log (the operators' stream).

/** An escalation changed: the inbox item, with the agent's id where the list has its name. */
export const inboxEscalation = z.object({
  event: z.literal('escalation'),
  data: inboxItem.omit({ agent: true }).extend({ agent_id: z.string() }),
});

/**
 * Whose an inbox event about an escalation is, for the stream to pass it on only to the operators
 * who may see it (docs/management-api.md "Roles"): the team whose queue it is in (null: the tenant's), and the
 * member it is assigned to or claimed by. Absent from events logged before they were sent.
 */
const inboxScope = {
  team_id: z.string().nullable().optional(),
  operator_member_id: z.string().nullable().optional(),
};

/** A message of an escalated conversation: the visitor's (with the files it carries), an operator's, a platform notice. */
export const inboxMessage = z.object({
  event: z.literal('message'),
  data: z.object({
    ...inboxScope,
    escalation_id: z.string(),
    conversation_id: z.string(),
    id: z.string(),
    role: liveMessageRole,
    content: z.string(),
    created_at: z.string(),
    operator_name: z.string().optional(),
    attachments: messageAttachments,
    notice: z.string().optional(),
  }),
});

/** An operator's internal note on an escalated conversation: operators only, never in a visitor's log. */
export const inboxNote = z.object({
  event: z.literal('note'),
  data: conversationNote.extend({ ...inboxScope, conversation_id: z.string() }),
});

/** The visitor of an escalated conversation is typing. */
export const inboxStatus = z.object({
  event: z.literal('status'),
  data: z.object({ ...inboxScope, state: z.literal('typing'), by: z.literal('visitor'), conversation_id: z.string(), escalation_id: z.string() }),
});

/** An operator's presence changed (came online, went away, left, or their open load moved). */
export const inboxPresence = z.object({
  event: z.literal('presence'),
  data: z.object({ member_id: z.string(), name: z.string(), status: z.enum(['online', 'away', 'offline']), open: z.number().int() }),
});

/** Every event a tenant's inbox log carries. */
export const inboxEvent = z.discriminatedUnion('event', [inboxEscalation, inboxMessage, inboxNote, inboxStatus, inboxPresence]);
export type InboxEvent = z.infer<typeof inboxEvent>;

/** What an operator's client receives: an event with its id, or a reset. */
export const inboxFrame = z.discriminatedUnion('event', [
  inboxEscalation.extend({ id: eventId }),
  inboxMessage.extend({ id: eventId }),
  inboxNote.extend({ id: eventId }),
  inboxStatus.extend({ id: eventId }),
  inboxPresence.extend({ id: eventId }),
  liveReset,
]);
export type InboxFrame = z.infer<typeof inboxFrame>;

/** Anything a live log holds: a conversation's events or an inbox's. */
export type LiveLogEvent = LiveEvent | InboxEvent;
