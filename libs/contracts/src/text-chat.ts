import { z } from 'zod';
import { offerPerson } from './operators.js';
import { citations } from './knowledge-answers.js';
import { toolCallReport } from './tool-calls.js';

/**
 * The Text Chat API bodies (docs/text-chat-api.md, "Text Chat API"), shared by the gateway (HTTP validation, OpenAPI)
 * and the sessions service (bus replies), so what the client sees is what the service built.
 */

export const transitionInfo = z.object({
  from_node: z.string(),
  from_node_name: z.string().nullable(),
  to_node: z.string(),
  to_node_name: z.string().nullable(),
  condition: z.string().nullable(),
});
export type TransitionInfo = z.infer<typeof transitionInfo>;

export const sessionStatus = z.enum(['active', 'completed', 'abandoned', 'error']);
export type SessionStatus = z.infer<typeof sessionStatus>;

/** A tenant's or an agent's id, as the management API and `tenant_id` carry it (any letter case). */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `text_` + 22 base64url characters: 128 random bits, as the reference's token_urlsafe(16). */
export const sessionIdPattern = /^text_[A-Za-z0-9_-]{16,64}$/;
export const sessionId = z.string().regex(sessionIdPattern, 'not a session id');

/** Versions are stored as PostgreSQL integers: 1 to 2,147,483,647. */
export const MAX_AGENT_VERSION = 2_147_483_647;
export const agentVersion = z.number().int().min(1).max(MAX_AGENT_VERSION);

/**
 * `metadata.user_id`: whose session it is (GET /api/chat/users/{user_id}/conversations lists them)
 * – text, or an integer taken as its decimal digits; undefined when absent or null.
 */
export function metadataUserId(metadata: Record<string, unknown> | undefined): string | undefined {
  const value = metadata?.user_id;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** Free-form, except `user_id`, which must be able to name a user (1 to 255 characters). */
const sessionMetadata = z.record(z.string(), z.unknown()).superRefine((metadata, ctx) => {
  if (metadata.user_id === undefined || metadata.user_id === null) return;
  const id = metadataUserId(metadata);
  if (id === undefined || id.length < 1 || id.length > 255) {
    ctx.addIssue({ code: 'custom', path: ['user_id'], message: 'user_id must be text of 1 to 255 characters, or an integer' });
  }
});

/**
 * The agent a session is with: its id, or its name – unique within the tenant, so a name is never
 * ambiguous (docs/text-chat-api.md "Create a session"). A value shaped as a UUID is an id.
 */
export const agentIdOrName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'an agent id (UUID) or an agent name (letters, digits, "_", "." and "-")')
  .meta({ description: 'The agent’s id (UUID), or its name: unique within the tenant' });

export const createSessionBody = z.strictObject({
  tenant_id: z.uuid(),
  agent_id: agentIdOrName,
  version: agentVersion.optional(),
  metadata: sessionMetadata.optional(),
  /** When the backend should offer its user a person (`offer_person: true` in replies; docs/escalation.md "Offering a person"); default `never`. */
  offer_person: offerPerson.optional(),
});
export type CreateSessionBody = z.infer<typeof createSessionBody>;

export const createSessionResponse = z.object({
  session_id: z.string(),
  conversation_id: z.string(),
  status: sessionStatus,
  node_id: z.string(),
  node_name: z.string().nullable(),
  initial_node_id: z.string(),
  initial_node_name: z.string().nullable(),
  transitions: z.array(transitionInfo),
  agent_config_version: z.number().int(),
  is_active_version: z.boolean(),
  initial_message: z.string().nullable(),
  /** The start turn's tool calls, in order (docs/workflow.md "Tools"): empty when it made none. */
  tool_calls: z.array(toolCallReport),
  /** A prompt node with knowledge answered (docs/workflow.md "What the reply reports"): the passages its reply cited; absent when none answered. */
  citations: citations.optional(),
  created_at: z.string(),
});
export type CreateSessionResponse = z.infer<typeof createSessionResponse>;

export const MAX_CONTENT_LENGTH = 10_000;

/** Characters are code points: an emoji counts as one, as a person would count it. */
const codePoints = (text: string) => (text.length <= MAX_CONTENT_LENGTH ? text.length : [...text].length);

/** A message: 1 to 10,000 characters. */
export const messageContent = z
  .string()
  .min(1, 'content must be 1 to 10,000 characters')
  .refine((text) => codePoints(text) <= MAX_CONTENT_LENGTH, 'content must be 1 to 10,000 characters')
  // The refine is invisible to OpenAPI; JSON Schema's maxLength counts code points, as the refine does.
  .meta({ description: '1 to 10,000 characters (Unicode code points)', maxLength: MAX_CONTENT_LENGTH });

export const sendMessageBody = z.strictObject({ content: messageContent });
export type SendMessageBody = z.infer<typeof sendMessageBody>;

export const sendMessageResponse = z.object({
  /** Null while the conversation is with a person (`escalated: true`): the message was stored for them. */
  response: z.string().nullable(),
  node_id: z.string(),
  node_name: z.string().nullable(),
  previous_node_id: z.string(),
  previous_node_name: z.string().nullable(),
  transitions: z.array(transitionInfo),
  transition: transitionInfo.nullable(),
  extracted_variables: z.record(z.string(), z.string()).nullable(),
  /** The turn's tool calls, in order (docs/workflow.md "Tools"): empty when it made none. */
  tool_calls: z.array(toolCallReport),
  /**
   * A prompt node with knowledge answered (docs/workflow.md "What the reply reports"): the passages
   * its reply cited (`[]`: none); absent when none answered.
   */
  citations: citations.optional(),
  session_ended: z.boolean(),
  turn_number: z.number().int(),
  latency_ms: z.number().int(),
  /** The conversation is with a person (escalated, or a handoff node was entered in this turn). */
  escalated: z.boolean().optional(),
  /** The session's `offer_person` holds now: offer the user a person (docs/escalation.md "Offering a person"). */
  offer_person: z.literal(true).optional(),
});
export type SendMessageResponse = z.infer<typeof sendMessageResponse>;

export const sessionStatusResponse = z.object({
  session_id: z.string(),
  conversation_id: z.string(),
  status: sessionStatus,
  node_id: z.string(),
  node_name: z.string().nullable(),
  turns: z.number().int(),
  transition_count: z.number().int(),
  collected_data: z.record(z.string(), z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  ended_at: z.string().nullable(),
});
export type SessionStatusResponse = z.infer<typeof sessionStatusResponse>;

export const endSessionResponse = z.object({
  success: z.boolean(),
  conversation_id: z.string(),
  final_node_id: z.string(),
  final_node_name: z.string().nullable(),
  total_turns: z.number().int(),
  total_transitions: z.number().int(),
});
export type EndSessionResponse = z.infer<typeof endSessionResponse>;
