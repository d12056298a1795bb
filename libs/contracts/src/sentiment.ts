import { z } from 'zod';

/** How an ended conversation read, from -1 (negative) to 1 (positive) (docs/management-api.md "Sentiment"). */
export const sentimentScore = z.number().min(-1).max(1);
/** The score's label: positive from 0.25, negative to -0.25, neutral between. */
export const sentimentLabel = z.enum(['positive', 'neutral', 'negative']);
export type SentimentLabel = z.infer<typeof sentimentLabel>;
/** Who judged it: the agent's LLM, or the local word-list classifier when no LLM is configured. */
export const sentimentMethod = z.enum(['llm', 'local']);
export type SentimentMethod = z.infer<typeof sentimentMethod>;

/** A conversation's sentiment as its owners (and a visitor's export) see it; classified once, when it ended. */
export const conversationSentiment = z.object({
  score: sentimentScore,
  label: sentimentLabel,
  method: sentimentMethod,
  at: z.string().meta({ description: 'When it was classified (moments after the conversation ended)' }),
});
export type ConversationSentiment = z.output<typeof conversationSentiment>;

/** A score's label (docs/management-api.md "Sentiment"). */
export function sentimentLabelOf(score: number): SentimentLabel {
  if (score >= 0.25) return 'positive';
  if (score <= -0.25) return 'negative';
  return 'neutral';
}
