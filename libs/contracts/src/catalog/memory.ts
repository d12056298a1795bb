import { z } from 'zod';
import { exportedMemory, privacySignedUsers, privacyVisitor } from '../privacy.js';
import { userId } from '../user-conversations.js';

import { sentimentLabel, sentimentMethod, sentimentScore } from '../sentiment.js';
import { eventCatalog, rpcCatalog } from './define.js';

/** The memory service's subjects: what an agent remembers about an identified visitor. */

const tenantId = z.uuid();

/**
 * A conversation that ended, classified once: `score` from -1 (negative) to 1 (positive), its
 * label, and whether the agent's LLM or the local classifier judged it.
 */
export const sentimentEvent = z.object({
  conversationId: z.string(),
  tenantId: z.string(),
  agentId: z.string(),
  /** The agent version the conversation ran; absent in events from before it was sent. */
  agentVersion: z.number().int().min(1).optional(),
  linkId: z.string().nullable(),
  score: sentimentScore,
  label: sentimentLabel,
  method: sentimentMethod,
  at: z.string(),
});
export type SentimentEvent = z.infer<typeof sentimentEvent>;

export const memoryCatalog = {
  rpc: rpcCatalog('memory', {
    /**
     * What the agents of a tenant remember about an email or a user id (one summary per agent at
     * most), and – for an email – about the signed-in users of its conversations (`users`).
     */
    'memory.privacy.memories': {
      request: z.object({ tenantId, visitor: privacyVisitor, users: privacySignedUsers.optional() }),
      response: z.object({ memories: z.array(exportedMemory) }),
      timeoutMs: 10_000,
      queue: 'memory',
    },
    /**
     * Forgets a visitor: every agent's memory of the email in the tenant, or one agent's of an email
     * or user – a user id in every identity realm of the tenant, or in `userRealm` alone when given.
     */
    'memory.privacy.erase': {
      request: z
        .object({
          tenantId,
          email: z.string().max(320).optional(),
          userId: userId.optional(),
          userRealm: z.string().max(64).optional(),
          agentId: z.uuid().optional(),
        })
        .refine((request) => request.email !== undefined || request.userId !== undefined, 'give email or userId'),
      response: z.object({ memories: z.number().int() }),
      timeoutMs: 30_000,
      queue: 'memory',
    },
    // ── memory service: what an agent remembers about a verified visitor ──
    /**
     * The summary kept for (agent, signed-in user) or (agent, email) – `userId` wins when both are
     * given; null before the first one. Asked before an identified or verified visitor's turn,
     * which goes on without it when no answer comes quickly.
     */
    'memory.get': {
      request: z
        .object({ agentId: z.uuid(), email: z.string().min(1).max(320).optional(), userId: userId.optional(), userRealm: z.uuid().optional() })
        .refine((request) => request.email !== undefined || request.userId !== undefined, 'give email or userId')
        // A signed-in user is the pair (identity realm, id).
        .refine((request) => request.userId === undefined || request.userRealm !== undefined, 'give userRealm with userId'),
      response: z.object({ summary: z.string().nullable() }),
      timeoutMs: 1_000,
      queue: 'memory',
    },
  }),
  events: eventCatalog({
    /** An ended conversation was classified once (analytics' sentiment; sessions keeps the score). */
    'events.session.sentiment': {
      payload: sentimentEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
    },
  }),
  broadcasts: {},
};
