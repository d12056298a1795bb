import { z } from 'zod';
import { exportedMemory, privacySignedUsers, privacyVisitor } from '../privacy.js';
import { userId } from '../user-conversations.js';

import {
  knowledgeBase,
  knowledgeBaseId,
  knowledgeBaseList,
  knowledgeDocument,
  knowledgeDocumentId,
  knowledgeDocumentList,
  knowledgeSearchResults,
  knowledgeSource,
  knowledgeThreshold,
  MAX_CHECKED_BASES,
  searchEmbedding,
  textSearchLanguage,
} from '../knowledge.js';
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
    // ── memory service: knowledge bases (docs/knowledge.md) – what an agent knows beside what it remembers ──
    /** A base; conflict: the tenant has one of that name. */
    'memory.knowledge.create-base': {
      request: z.object({ tenantId, name: z.string().min(1).max(100), language: textSearchLanguage, threshold: knowledgeThreshold.optional() }),
      response: knowledgeBase,
      timeoutMs: 5_000,
      queue: 'memory',
    },
    'memory.knowledge.list-bases': {
      request: z.object({ tenantId }),
      response: knowledgeBaseList,
      timeoutMs: 5_000,
      queue: 'memory',
    },
    /**
     * Which of these names (ids `kb_…` or names, as prompt nodes' `knowledge.bases` give them) are
     * none of the tenant's bases: asked by links while it saves an agent config, so it is short –
     * a memory service that does not answer makes the save a 503 well within the save's own time.
     */
    'memory.knowledge.check-bases': {
      request: z.object({ tenantId, bases: z.array(z.string().min(1).max(100)).min(1).max(MAX_CHECKED_BASES) }),
      response: z.object({ unknown: z.array(z.string()) }),
      timeoutMs: 2_000,
      queue: 'memory',
    },
    'memory.knowledge.get-base': {
      request: z.object({ tenantId, baseId: knowledgeBaseId }),
      response: knowledgeBase,
      timeoutMs: 5_000,
      queue: 'memory',
    },
    /** A new name, language (its chunks indexed again in it) or threshold. */
    'memory.knowledge.update-base': {
      request: z.object({
        tenantId,
        baseId: knowledgeBaseId,
        name: z.string().min(1).max(100).optional(),
        language: textSearchLanguage.optional(),
        threshold: knowledgeThreshold.optional(),
      }),
      response: knowledgeBase,
      timeoutMs: 30_000,
      queue: 'memory',
    },
    /** The base with its documents and chunks. */
    'memory.knowledge.delete-base': {
      request: z.object({ tenantId, baseId: knowledgeBaseId }),
      response: z.object({ id: knowledgeBaseId }),
      timeoutMs: 30_000,
      queue: 'memory',
    },
    /**
     * A document, `processing` until its ingestion (a worker of its own, never in a turn's way) makes
     * it `ready` or `failed`. A document of the same title – or URL – in the base is replaced.
     */
    'memory.knowledge.add-document': {
      request: z.object({ tenantId, baseId: knowledgeBaseId, title: z.string().min(1).max(300), source: knowledgeSource }),
      response: knowledgeDocument,
      timeoutMs: 10_000,
      queue: 'memory',
    },
    'memory.knowledge.list-documents': {
      request: z.object({ tenantId, baseId: knowledgeBaseId }),
      response: knowledgeDocumentList,
      timeoutMs: 5_000,
      queue: 'memory',
    },
    'memory.knowledge.get-document': {
      request: z.object({ tenantId, baseId: knowledgeBaseId, documentId: knowledgeDocumentId }),
      response: knowledgeDocument,
      timeoutMs: 5_000,
      queue: 'memory',
    },
    /** The document with its chunks (and its file, from the upload store). */
    'memory.knowledge.delete-document': {
      request: z.object({ tenantId, baseId: knowledgeBaseId, documentId: knowledgeDocumentId }),
      response: z.object({ id: knowledgeDocumentId }),
      timeoutMs: 10_000,
      queue: 'memory',
    },
    /**
     * Hybrid retrieval over the named bases (ids or names; unknown ones are left out): full-text
     * search in each base's language and, where EMBEDDING_MODEL is set, similarity of the query's
     * embedding, fused by rank; passages under a base's threshold are left out. Best first.
     * `embedding`: the query's vector as the caller made it (the agent-runner, during a turn),
     * compared only when of the memory service's EMBEDDING_MODEL; `"full-text"`: the caller chose
     * full-text search alone; absent (the console's search box): memory embeds the query itself.
     */
    'memory.knowledge.search': {
      request: z.object({
        tenantId,
        bases: z.array(z.string().min(1).max(100)).min(1).max(10),
        query: z.string().min(1).max(1_000),
        limit: z.number().int().min(1).max(20),
        embedding: searchEmbedding.optional(),
      }),
      response: knowledgeSearchResults,
      timeoutMs: 10_000,
      queue: 'memory',
      // A search changes nothing: safe to ask again.
      retry: { attempts: 2, backoffMs: [100] },
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
