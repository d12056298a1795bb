import { z } from 'zod';

/**
 * Privacy (API.md "Privacy (GDPR, CCPA)"): what a visitor's export holds and what erasure
 * answers. The export is streamed by the gateway, page by page; these are its parts.
 */

/** A visitor's email as the path names it; compared lower-cased (verification stores it so). */
export const visitorEmailParams = z.object({
  email: z.email().max(320).meta({ description: 'The visitor’s email, URL-encoded' }),
});

export const erasureResult = z.object({
  erased: z.object({
    /** Conversations made anonymous: their rows and counts stay, their words and identity are gone. */
    conversations: z.number().int(),
    messages: z.number().int(),
    memories: z.number().int(),
  }),
});
export type ErasureResult = z.infer<typeof erasureResult>;

export const exportedMessage = z.object({
  id: z.string(),
  sequence: z.number().int(),
  role: z.string(),
  content: z.string(),
  turn_number: z.number().int().nullable(),
  author_name: z.string().nullable(),
  created_at: z.string(),
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
});

/** A conversation of the visitor, without its messages and transitions (paged separately). */
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
  variables: z.array(z.object({ name: z.string(), value: z.string(), turn_number: z.number().int(), updated_at: z.string() })),
  escalations: z.array(exportedEscalation),
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

/** Where a transitions page ends: the next one starts after it. */
export const transitionCursor = z.object({ turn: z.number().int(), sequence: z.number().int() });

/** A link's own retention, for the cleanup service's retention job. */
export const linkRetention = z.object({ id: z.string(), days: z.number().int().min(1).max(36_500) });
