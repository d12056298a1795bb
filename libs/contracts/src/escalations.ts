import { z } from 'zod';
import { attachment } from './uploads.js';
import { conversationRating, messageFeedback } from './feedback.js';
import { conversationSentiment } from './sentiment.js';
import { citations } from './knowledge-answers.js';
import { storedToolCall } from './tool-calls.js';

/**
 * Escalation to a human (docs/escalation.md, "Escalation to a person"): any conversation can be handed to a person, who answers
 * it from the console's inbox. States: waiting → claimed → released (the agent answers again)
 * or closed (the conversation ends). While waiting or claimed, the agent does not answer.
 */

/** `esc_` + 16 base64url characters. */
export const escalationIdPattern = /^esc_[A-Za-z0-9_-]{16}$/;

export const escalationState = z.enum(['waiting', 'assigned', 'claimed', 'released', 'closed']);
export type EscalationState = z.infer<typeof escalationState>;
/** Waiting, assigned or claimed: the conversation is with a person (or waiting for one). */
export const OPEN_ESCALATION_STATES = ['waiting', 'assigned', 'claimed'] as const;

/** Why the conversation goes to a person, as the visitor, the backend or the workflow says it. */
export const escalationReason = z.string().trim().min(1).max(500);
/** Free-form facts for the operator (order number, page, plan …): at most 20 keys. */
export const escalationMetadata = z
  .record(z.string().max(64), z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()]))
  .refine((value) => Object.keys(value).length <= 20, 'at most 20 keys');

/** The Text Chat API's body: `POST /api/chat/sessions/{session_id}/escalate`. */
export const escalateBody = z.strictObject({ reason: escalationReason, metadata: escalationMetadata.optional() });
/** The visitor's body: `POST /api/public/chat/{token}/escalate`. */
export const publicEscalateBody = escalateBody.extend({ session: z.string().max(64) });

export const operatorRef = z.object({ name: z.string() });

/** A new escalation, as its creator sees it: its place in the tenant's waiting queue (1-based). */
export const escalationCreated = z.object({
  escalation: z.object({
    id: z.string(),
    conversation_id: z.string(),
    state: escalationState,
    reason: z.string(),
    created_at: z.string(),
    position: z.number().int().nullable(),
    estimated_wait_seconds: z.number().int().nullable(),
  }),
});
export type EscalationCreated = z.infer<typeof escalationCreated>;

/** A conversation's escalations, newest first. */
export const escalationList = z.object({
  escalations: z.array(
    z.object({
      id: z.string(),
      reason: z.string(),
      state: escalationState,
      created_at: z.string(),
      claimed_at: z.string().nullable(),
      closed_at: z.string().nullable(),
      operator: operatorRef.nullable(),
    }),
  ),
});
export type EscalationList = z.output<typeof escalationList>;

/** What a visitor's reply carries while the conversation is with a person (instead of an agent's answer). */
export const escalationSummary = z.object({
  id: z.string(),
  state: escalationState,
  position: z.number().int().nullable(),
  estimated_wait_seconds: z.number().int().nullable(),
});
export type EscalationSummary = z.infer<typeof escalationSummary>;

/**
 * Every change of an escalation, published on the bus: webhooks, analytics and audit consume it.
 * `operator` is who claimed it (by key), once someone has.
 */
export const escalationEvent = z.object({
  /** Unique per change: a redelivered event is handled once. */
  eventId: z.uuid(),
  escalationId: z.string(),
  tenantId: z.string(),
  conversationId: z.string(),
  agentId: z.string(),
  /** The agent version the conversation runs; absent in events from before it was sent. */
  agentVersion: z.number().int().min(1).optional(),
  agentName: z.string().nullable(),
  channel: z.enum(['api', 'link']),
  linkId: z.string().nullable(),
  state: escalationState,
  reason: z.string(),
  /**
   * Who acted: the name visitors see, and the API key's or member's id (null: the platform admin
   * key). An event stored before the field had this name (`keyId`) reads as null.
   */
  operator: z.object({ name: z.string(), actorId: z.string().nullable().default(null) }).nullable(),
  at: z.string(),
});
export type EscalationEvent = z.infer<typeof escalationEvent>;

/** A conversation handed on by its operator (operators only: the visitor never sees the note). */
export const inboxTransfer = z.object({
  /** The operator who handed it on, as visitors saw them. */
  from: z.string().nullable(),
  /** The colleague it was offered to; null for a transfer to a team's queue. */
  to: z.string().nullable(),
  /** The team whose queue it went to; null for a transfer to a colleague. */
  to_team: z.string().nullable(),
  note: z.string().nullable(),
  at: z.string(),
});
export type InboxTransfer = z.infer<typeof inboxTransfer>;

/**
 * Who the visitor is, as far as the platform knows (docs/escalation.md "The inbox"): a signed
 * identity's name and email, a verified email, else what the workflow collected (`name`,
 * `first_name` and `last_name`, `full_name`, `email` …); nulls for an anonymous visitor and once erased.
 */
export const conversationVisitor = z.object({ name: z.string().nullable(), email: z.string().nullable() });
export type ConversationVisitor = z.infer<typeof conversationVisitor>;

/** The most characters of the visitor's last message a list shows. */
export const PREVIEW_CHARS = 140;
/** The most labels a conversation carries. */
export const MAX_LABELS = 10;

/**
 * A label operators give a conversation: lower-case words of letters and digits joined by hyphens,
 * at most 32 characters (`billing`, `follow-up`). Given in any case, it is kept lower-cased.
 */
export const conversationLabel = z
  .string()
  .trim()
  .toLowerCase()
  .max(32)
  .regex(/^[\p{Ll}\p{Lo}\p{Nd}]+(?:-[\p{Ll}\p{Lo}\p{Nd}]+)*$/u, 'lower-case words of letters and digits joined by hyphens, at most 32 characters');

/** `PUT /api/conversations/{id}/labels`: the conversation's labels, all of them (an empty list removes every one). */
export const conversationLabelsBody = z.strictObject({
  labels: z
    .array(conversationLabel)
    .max(MAX_LABELS)
    .transform((labels) => [...new Set(labels)]),
});
export const conversationLabelsAnswer = z.object({ labels: z.array(z.string()) });
export type ConversationLabelsAnswer = z.output<typeof conversationLabelsAnswer>;

/** `POST /api/inbox/{escalation_id}/notes`: an internal note for the operators. */
export const noteBody = z.strictObject({ text: z.string().trim().min(1).max(4_000) });
/** An operator's internal note on a conversation: the operators see it, the visitor never does. */
export const conversationNote = z.object({
  id: z.string(),
  escalation_id: z.string(),
  text: z.string(),
  /** The operator who wrote it, by the name visitors would see. */
  author_name: z.string(),
  created_at: z.string(),
});
export type ConversationNote = z.infer<typeof conversationNote>;

/** One entry of the operator inbox (`GET /api/inbox`): oldest waiting first. */
export const inboxItem = z.object({
  escalation_id: z.string(),
  conversation_id: z.string(),
  agent: z.string(),
  channel: z.enum(['api', 'link']),
  reason: z.string(),
  state: escalationState,
  waiting_since: z.string(),
  claimed_at: z.string().nullable(),
  operator: operatorRef.nullable(),
  /** The member it is assigned to or claimed by (null: a key, the admin key, or nobody yet). */
  operator_member_id: z.string().nullable(),
  /** The team it waits for or is with; null: the tenant's queue. */
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** When it was offered to its operator (state assigned), who accepts it or lets it time out. */
  assigned_at: z.string().nullable(),
  /** Until when its operator may accept it (state assigned): ASSIGNMENT_TIMEOUT_SECONDS after `assigned_at`. */
  accept_by: z.string().nullable(),
  /** The visitor left a message with an email while nobody was there: answers also go by mail. */
  offline: z.boolean(),
  /** The conversation's latest message (any one's, a notice too), and when it was said. */
  last_message: z.string().nullable(),
  last_message_at: z.string().nullable(),
  /** Who the visitor is, as far as the platform knows. */
  visitor: conversationVisitor,
  /** The visitor's last message, cut to 140 characters; null before they said anything. */
  preview: z.string().nullable(),
  /**
   * The visitor's messages since you last read the conversation (`GET /api/conversations/{id}`),
   * or since the escalation opened if you never did; null in live events, which are everyone's.
   */
  unread: z.number().int().nullable(),
  /** The conversation's labels. */
  labels: z.array(z.string()),
  /** Place in the tenant's waiting queue (1-based) while waiting; null otherwise. */
  position: z.number().int().nullable(),
  /** Its transfers, oldest first, each with the note left for the colleagues. */
  transfers: z.array(inboxTransfer),
});
export type InboxItem = z.infer<typeof inboxItem>;
export const inboxList = z.object({ items: z.array(inboxItem) });
export type InboxList = z.output<typeof inboxList>;
/** An inbox action's answer (claim, release, close, typing): the item as it now stands. */
export const inboxItemAnswer = z.object({ item: inboxItem });
export type InboxItemAnswer = z.output<typeof inboxItemAnswer>;

/**
 * Whose eyes an inbox or conversation read is for (docs/management-api.md "Roles"): an owner or editor (and
 * the admin key) sees every conversation of the tenant; an operator only escalations of the
 * tenant's queue (no team), of their own teams and of teams open to all operators, and those
 * assigned to or claimed by them (`memberId`: a member's; a key is in no team). Never optional: a
 * read that forgets to say whose it is fails rather than showing everything.
 */
export const conversationReader = z.discriminatedUnion('sees', [
  z.object({ sees: z.literal('all') }),
  z.object({ sees: z.literal('operator'), memberId: z.string().max(64).optional() }),
]);
export type ConversationReader = z.infer<typeof conversationReader>;

/** The inbox's filter: waiting, claimed, open (both) or all. */
export const inboxQuery = z.strictObject({
  state: z.enum(['waiting', 'assigned', 'claimed', 'open', 'all', 'mine']).default('open'),
  agent: z.string().min(1).max(100).optional(),
  /** A team's escalations only (`team_…`), or `none` for the tenant's queue. */
  team: z.string().min(1).max(64).optional(),
});

/** An operator's message: `POST /api/inbox/{escalation_id}/messages`. */
export const operatorMessageBody = z.strictObject({ content: z.string() });
/** An operator's message as stored: `POST /api/inbox/{escalation_id}/messages` answers it. */
export const operatorMessageSent = z.object({ message_id: z.string(), created_at: z.string() });
export type OperatorMessageSent = z.output<typeof operatorMessageSent>;

/** The whole of a conversation for the people who own it: history, workflow trace, variables, escalations. */
export const conversationDetail = z.object({
  conversation_id: z.string(),
  session_id: z.string().nullable(),
  agent: z.string(),
  agent_version: z.number().int(),
  channel: z.enum(['api', 'link']),
  link_id: z.string().nullable(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  ended_at: z.string().nullable(),
  node_id: z.string(),
  node_name: z.string().nullable(),
  collected_data: z.record(z.string(), z.string()),
  /** Who the visitor is, as far as the platform knows. */
  visitor: conversationVisitor,
  escalation_id: z.string().nullable(),
  /** The operators' labels of the conversation. */
  labels: z.array(z.string()),
  /** The operators' internal notes, oldest first: never shown to the visitor. */
  notes: z.array(conversationNote),
  messages: z.array(
    z.object({
      id: z.string(),
      /** `tool`: a call the agent made, with `tool_call` (docs/workflow.md "Tool calls in the transcript"). */
      role: z.enum(['user', 'assistant', 'operator', 'system', 'tool']),
      content: z.string(),
      created_at: z.string(),
      turn_number: z.number().int().nullable(),
      node_id: z.string().nullable(),
      operator_name: z.string().nullable(),
      /** The files the visitor's message carries (GET …/conversations/{id}/uploads/{upload_id} fetches each). */
      attachments: z.array(attachment).optional(),
      /** The visitor's thumb on an agent's or operator's message; null when none. */
      feedback: messageFeedback.nullable(),
      /** On a `tool` message: the call and its result or what went wrong. */
      tool_call: storedToolCall.optional(),
      /** On an agent's answer from knowledge: the passages it cited (`[]`: none; docs/workflow.md "Answers from knowledge in the transcript"). */
      citations: citations.optional(),
    }),
  ),
  /** Each turn's transitions and the variables it extracted, in order (turn 0: the session's start). */
  turns: z.array(
    z.object({
      turn_number: z.number().int(),
      transitions: z.array(
        z.object({
          from_node: z.string(),
          from_node_name: z.string().nullable(),
          to_node: z.string(),
          to_node_name: z.string().nullable(),
          condition: z.string().nullable(),
        }),
      ),
      extracted_variables: z.record(z.string(), z.string()),
    }),
  ),
  escalations: escalationList.shape.escalations,
  /** The visitor's 1–5 score of the conversation; null when none. */
  rating: conversationRating.nullable(),
  /** How the conversation read, classified once when it ended; null until then, for one without the visitor's words, or once erased. */
  sentiment: conversationSentiment.nullable(),
});
export type ConversationDetail = z.infer<typeof conversationDetail>;

/**
 * `GET /api/conversations`: the tenant's conversations, newest first, found by the words of their
 * messages (`q`: full text, every word must occur; `"a phrase"`, `or` and `-word` as a search
 * box takes them) and narrowed by label, agent and status. An operator finds only those of
 * escalations they may see.
 */
export const conversationSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Words the messages hold (full text; `"a phrase"`, `or`, `-word`)' }),
  label: conversationLabel.optional().meta({ description: 'Only conversations with this label' }),
  agent: z.string().min(1).max(100).optional().meta({ description: "An agent's name (another name: 404)" }),
  status: z.enum(['active', 'completed', 'abandoned', 'error']).optional().meta({ description: "The conversation's status" }),
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Conversations per page, 1 to 100 (default 25)' }),
  cursor: z.string().max(200).optional().meta({ description: '`next_cursor` of the previous page (opaque)' }),
});

/** A conversation as the search lists it. */
export const conversationSummary = z.object({
  conversation_id: z.string(),
  agent: z.string(),
  channel: z.enum(['api', 'link']),
  link_id: z.string().nullable(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  ended_at: z.string().nullable(),
  visitor: conversationVisitor,
  /** The visitor's last message, cut to 140 characters; null before they said anything (or once erased or purged). */
  preview: z.string().nullable(),
  /** The visitor's messages since you last read it, or since its latest escalation opened; 0 for one never escalated. */
  unread: z.number().int(),
  labels: z.array(z.string()),
  /** Its latest escalation, if it has one: the inbox opens it. */
  escalation: z.object({ id: z.string(), state: escalationState }).nullable(),
  /** With `q`: words around the first match in its messages. */
  match: z.string().nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;
export const conversationSearchList = z.object({
  conversations: z.array(conversationSummary),
  next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
});
export type ConversationSearchList = z.output<typeof conversationSearchList>;
