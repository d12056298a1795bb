import { retrievedPassage, tracedLlmCall } from './turn-traces.js';
import { z } from 'zod';
import { attachment } from './uploads.js';
import { conversationRating, messageFeedback } from './feedback.js';
import { conversationSentiment } from './sentiment.js';
import { citations, exportedKnowledgeGap } from './knowledge-answers.js';
import { storedToolCall } from './tool-calls.js';
import { inboxEscalation, inboxMessage, inboxNote, inboxStatus, liveDelta, liveEscalation, liveMessage, liveSessionEnded, liveStatus } from './catalog/live.js';
import { userId } from './user-conversations.js';
import { phoneNumber } from './public-links.js';

/**
 * Privacy (docs/management-api.md, "Privacy"): what a visitor's export holds and what erasure
 * answers. The export is streamed by the gateway, page by page; these are its parts.
 */

/** A visitor's email as the path names it; compared lower-cased (verification stores it so). */
export const visitorEmailParams = z.object({
  email: z.email().max(320).meta({ description: 'The visitor’s email, URL-encoded' }),
});

/** A signed visitor as the path names them: the host site's user id, or a Text Chat API session's `metadata.user_id`. */
export const visitorUserParams = z.object({
  user_id: userId.meta({ description: 'The signed user’s id (widget identity or `metadata.user_id`), URL-encoded' }),
});

/**
 * A phone number as the path names it (docs/management-api.md "Privacy"): E.164, as a text's
 * `to` is; `%2B` or a bare `+` (a path takes it as it is).
 */
export const visitorPhoneParams = z.object({
  phone: phoneNumber.meta({ description: 'The phone number in E.164 form (`+14155550123`, the `+` as it is or as `%2B`)' }),
});

/** Whom an export or erasure is about, between services: a verified email or a signed user id. */
export const privacyVisitor = z.union([z.strictObject({ email: z.string().max(320) }), z.strictObject({ userId })]);
export type PrivacyVisitor = z.infer<typeof privacyVisitor>;

/**
 * The signed-in users of an email's conversations (a widget's `user` with that email, in the link's
 * identity realm) whose memories an export or erasure by the email takes along: at most this many.
 */
export const PRIVACY_SIGNED_USERS = 100;
export const privacySignedUser = z.object({ userId, userRealm: z.string().max(64) });
export type PrivacySignedUser = z.infer<typeof privacySignedUser>;
export const privacySignedUsers = z.array(privacySignedUser).max(PRIVACY_SIGNED_USERS);

/** Personalised links of the visitor (their ids), whose sessions are theirs too: at most this many per question. */
export const PRIVACY_LINK_CHUNK = 500;
/** Conversation ids per question between services. */
export const PRIVACY_ID_CHUNK = 500;
export const privacyLinkIds = z.array(z.string().max(64)).max(PRIVACY_LINK_CHUNK);
export const privacyConversationIds = z.array(z.string().max(64)).max(PRIVACY_ID_CHUNK);
/** A chunk of the visitor's personalised links; `onlyLinks`: their conversations not otherwise the visitor's (a later chunk). */
export const privacyLinkScope = { linkIds: privacyLinkIds, onlyLinks: z.boolean().default(false) };

export const erasureResult = z.object({
  erased: z.object({
    /** Conversations made anonymous: their rows and counts stay, their words and identity are gone. */
    conversations: z.number().int(),
    messages: z.number().int(),
    memories: z.number().int(),
  }),
});
export type ErasureResult = z.infer<typeof erasureResult>;

/** What a phone number's erasure changed: the texts sent to it, and the schedules that named it. */
export const phoneErasureResult = z.object({
  erased: z.object({
    /** Sendings to the number, kept without it (`[erased]`) or the message. */
    link_deliveries: z.number().int(),
    /** Schedules it was taken out of (their SMS channels, their runs' errors). */
    schedules: z.number().int(),
  }),
});
export type PhoneErasureResult = z.infer<typeof phoneErasureResult>;

export const exportedMessage = z.object({
  id: z.string(),
  sequence: z.number().int(),
  role: z.string(),
  content: z.string(),
  turn_number: z.number().int().nullable(),
  author_name: z.string().nullable(),
  created_at: z.string(),
  /** The files the message carries (the files themselves: GET /api/public/uploads/{id} for the visitor, the conversation's uploads route for the tenant). */
  attachments: z.array(attachment).optional(),
  /** The visitor's thumb on an agent's or operator's message, with their comment; null when none. */
  feedback: messageFeedback.nullable(),
  /** On a `role: "tool"` message: the call the agent made and its result or what went wrong (docs/workflow.md "Tool calls in the transcript"). */
  tool_call: storedToolCall.optional(),
  /** On an agent's answer from knowledge: the passages it cited (`[]`: none; docs/workflow.md "Answers from knowledge in the transcript"). */
  citations: citations.optional(),
});

export const exportedTransition = z.object({
  turn_number: z.number().int(),
  sequence: z.number().int(),
  from_node: z.string(),
  from_node_name: z.string().nullable(),
  to_node: z.string(),
  to_node_name: z.string().nullable(),
  condition: z.string().nullable(),
  created_at: z.string(),
});

export const exportedEscalation = z.object({
  id: z.string(),
  reason: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  state: z.string(),
  created_at: z.string(),
  claimed_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  operator_name: z.string().nullable(),
  /** Where operators' answers were mailed: the address the visitor left with a message (docs/escalation.md "Leaving a message"). */
  offline_email: z.string().nullable(),
});

/** A conversation of the visitor, without its messages and transitions (paged separately). */
/**
 * A turn's trace as a visitor's export holds it (docs/workflow.md "Traces"): its nodes, its LLM
 * calls and the passages retrieved; the export lists a conversation's after its transitions.
 */
export const exportedTurnTrace = z.object({
  turn: z.number().int().min(0),
  node_path: z.array(z.string()),
  llm_calls: z.array(tracedLlmCall),
  retrieval: z.array(retrievedPassage).optional(),
});

export const exportedConversation = z.object({
  id: z.string(),
  session_id: z.string(),
  channel: z.string(),
  link_id: z.string().nullable(),
  agent_id: z.string(),
  status: z.string(),
  visitor_email: z.string().nullable(),
  user_id: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  collected_data: z.record(z.string(), z.unknown()),
  total_turns: z.number().int(),
  created_at: z.string(),
  ended_at: z.string().nullable(),
  purged_at: z.string().nullable(),
  /** Where the visitor asked the transcript to be mailed (docs/escalation.md "Transcripts by email"), and when it was. */
  transcript_email: z.string().nullable(),
  transcript_sent_at: z.string().nullable(),
  /**
   * The language of the visitor's page that mails to them were written in (docs/public-chat-api.md
   * "Visitors' language and look"); null when none was told. Absent in exports made before it was kept.
   */
  visitor_language: z.string().nullable().optional(),
  variables: z.array(z.object({ name: z.string(), value: z.string(), turn_number: z.number().int(), updated_at: z.string() })),
  escalations: z.array(exportedEscalation),
  /** The visitor's score of the conversation, with their comment; null when none. */
  rating: conversationRating.nullable(),
  /** How the conversation read, classified once when it ended (docs/management-api.md "Sentiment"); null when not classified. */
  sentiment: conversationSentiment.nullable(),
  /** Whether and why the conversation was resolved (docs/management-api.md "Outcomes"); null while it is not. Absent in exports made before outcomes were kept. */
  resolution: z
    .object({ reason: z.enum(['node', 'feedback', 'ended']), resolved_at: z.string() })
    .nullable()
    .optional(),
  /**
   * The visitor's questions the agent's knowledge had no passage for (docs/workflow.md "Answers
   * from knowledge in the transcript"), oldest first. Absent in exports made before they were kept.
   */
  knowledge_gaps: z.array(exportedKnowledgeGap).optional(),
  /** The operators' labels of the conversation (docs/escalation.md "The inbox"). Absent in exports made before they were kept. */
  labels: z.array(z.string()).optional(),
  /** The operators' internal notes on it, oldest first: what they wrote about the visitor. Absent in exports made before they were kept. */
  notes: z.array(z.object({ text: z.string(), author_name: z.string(), created_at: z.string() })).optional(),
});
export type ExportedConversation = z.infer<typeof exportedConversation>;

export const exportedMemory = z.object({
  agent_id: z.string(),
  visitor: z.string(),
  summary: z.string().nullable(),
  messages_counted: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  summarised_at: z.string().nullable(),
});

export const exportedVerification = z.object({
  link_id: z.string(),
  email: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  consumed_at: z.string().nullable(),
  attempts: z.number().int(),
  sends: z.number().int(),
});

/** A personalised link made for the email (bulk or schedule): its variables carry the recipient. */
export const exportedLink = z.object({
  id: z.string(),
  agent_id: z.string(),
  title: z.string(),
  variables: z.record(z.string(), z.string()),
  created_at: z.string(),
  deleted_at: z.string().nullable(),
});

/** A sending of a link's URL to the email, or of one of the visitor's personalised links. */
export const exportedLinkDelivery = z.object({
  id: z.string(),
  link_id: z.string(),
  channel: z.string(),
  recipient: z.string(),
  state: z.string(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

/** A schedule that names the email (or phone number) among its recipients or sending channels, with what its runs recorded about it. */
export const exportedSchedule = z.object({
  id: z.string(),
  name: z.string(),
  recipients: z.array(z.record(z.string(), z.unknown())),
  /** Its email channels that send to the address, or SMS channels that text the number (`to`). */
  send_channels: z.array(z.record(z.string(), z.unknown())),
  /** `to` and `channel` null in runs recorded before they were kept apart. */
  run_errors: z.array(
    z.object({ slot_at: z.string(), email: z.string().nullable(), to: z.string().nullable(), channel: z.string().nullable(), error: z.string() }),
  ),
});

/** A webhook delivery of an event about one of the visitor's conversations, with the body sent. */
export const exportedWebhookDelivery = z.object({
  id: z.string(),
  webhook_id: z.string(),
  event_type: z.string(),
  state: z.string(),
  created_at: z.string(),
  body: z.string(),
});

/** A live event as a log keeps it: its id first, then the catalogued event. */
const logged = <Shape extends z.ZodRawShape>(event: z.ZodObject<Shape>) => z.object({ id: z.string(), ...event.shape });

/**
 * An event of the operators' inbox log about one of the visitor's conversations: one of the
 * catalogued live events (catalog/live.ts) with the id the log gave it, so the export and its
 * schema say which event it is. The inbox's events are tried first: a conversation's `message`
 * would also take an inbox message, and keep fewer of its fields.
 */
export const exportedLiveEvent = z.union([
  logged(inboxEscalation),
  logged(inboxMessage),
  logged(inboxNote),
  logged(inboxStatus),
  logged(liveDelta),
  logged(liveMessage),
  logged(liveStatus),
  logged(liveEscalation),
  logged(liveSessionEnded),
]);

/** What erasure left of a webhook delivery's body: the attempt record stays, the words go. */
export const ERASED_WEBHOOK_BODY = '{"erased":true}';

/** Where a transitions page ends: the next one starts after it. */
export const transitionCursor = z.object({ turn: z.number().int(), sequence: z.number().int() });

/** A link's own retention, for the cleanup service's retention job. */
export const linkRetention = z.object({ id: z.string(), days: z.number().int().min(1).max(36_500) });
