import { z } from 'zod';

/**
 * A link's sessions as the management API (and MCP's manage_temporary_chat_session) shows them:
 * one conversation per visitor session, never its credential.
 */
export const linkSession = z.object({
  conversation_id: z.string(),
  /** The agent version the session runs (its link's pin, split choice or the active version when it started). */
  version: z.number().int(),
  status: z.enum(['active', 'completed', 'abandoned', 'error']),
  visitor_email: z.string().nullable(),
  user_messages: z.number().int(),
  total_turns: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  ended_at: z.string().nullable(),
});
export type LinkSession = z.infer<typeof linkSession>;

export const linkSessionList = z.object({ sessions: z.array(linkSession) });

/** GET …/sessions: the newest first; `status` narrows to active or ended ones. */
export const linkSessionsQuery = z.strictObject({
  status: z.enum(['active', 'ended']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** POST …/sessions/{conversation_id}/end: the session as it stands after (already ended: unchanged). */
export const endedLinkSession = linkSession;
