import { z } from 'zod';
import { citation } from './knowledge.js';

/**
 * What the sessions service keeps of a prompt node's answers from knowledge (docs/workflow.md
 * "Answers from knowledge in the transcript"): the citations of the reply that answered, and the
 * visitors' questions that found no passage (knowledge gaps) – both the conversation's, kept and
 * removed with it.
 */

/** A reply's citations, as replies, the history, live events and the transcript give them. */
export const citations = z.array(citation).max(100);

/** How an agent's knowledge answered over an analytics window (docs/management-api.md "Analytics"). */
export const knowledgeActivity = z.object({
  /** Turns a prompt node with knowledge answered. */
  answers: z.number().int().min(0),
  /** Of those, the ones whose reply cited at least one passage. */
  with_sources: z.number().int().min(0),
  /** Questions that found no passage above the base's threshold (the knowledge gaps). */
  without_match: z.number().int().min(0),
});
export type KnowledgeActivity = z.infer<typeof knowledgeActivity>;

/** `?from=&to=&limit=`: a window (default: the 30 days up to now) and how many of its gaps, newest first. */
export const knowledgeGapsQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().meta({ description: 'Start of the window (inclusive); default `to` minus 30 days' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'End of the window (exclusive); default now' }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: 'How many gaps, newest first (1–500, default 100)' }),
});

/** A visitor's question that found no passage in the bases its node searched. */
export const knowledgeGap = z.object({
  question: z.string(),
  /** The knowledge bases the node searched, as its config names them (ids or names). */
  bases: z.array(z.string()),
  conversation_id: z.string(),
  created_at: z.string(),
});
export type KnowledgeGap = z.infer<typeof knowledgeGap>;
export const knowledgeGapList = z.object({ gaps: z.array(knowledgeGap) });

/** A gap as a visitor's export holds it, with its conversation. */
export const exportedKnowledgeGap = knowledgeGap.omit({ conversation_id: true });
