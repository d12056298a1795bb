import { z } from 'zod';

/**
 * What visitors think of a conversation (docs/public-chat-api.md, "Feedback and ratings"): a thumb on an
 * agent's or operator's message, and a 1–5 score of the whole conversation, asked once when it
 * ends. Either may be given again: the later one replaces the earlier.
 */

/** The longest comment a visitor may leave with a thumb or a score, in Unicode code points. */
export const MAX_FEEDBACK_COMMENT = 2_000;

const codePoints = (text: string) => (text.length <= MAX_FEEDBACK_COMMENT ? text.length : [...text].length);

export const feedbackComment = z
  .string()
  .refine((text) => codePoints(text) <= MAX_FEEDBACK_COMMENT, `comment must be at most ${MAX_FEEDBACK_COMMENT} characters`)
  .meta({
    description: `What the visitor adds in their own words; at most ${MAX_FEEDBACK_COMMENT} characters (Unicode code points)`,
    maxLength: MAX_FEEDBACK_COMMENT,
  });

export const feedbackRating = z.enum(['up', 'down']);
export type FeedbackRating = z.infer<typeof feedbackRating>;

/** A score of the whole conversation: a whole number from 1 (poor) to 5 (excellent). */
export const ratingScore = z.number().int().min(1).max(5);

/** POST /api/public/chat/{token}/messages/{message_id}/feedback */
export const messageFeedbackBody = z.strictObject({
  session: z.string().max(64).meta({ description: 'The session credential (`pcs_…`)' }),
  rating: feedbackRating.meta({ description: '`up` or `down`; a later one on the same message replaces it' }),
  comment: feedbackComment.optional(),
});
export type MessageFeedbackBody = z.infer<typeof messageFeedbackBody>;

/** POST /api/public/chat/{token}/rating */
export const conversationRatingBody = z.strictObject({
  session: z.string().max(64).meta({ description: 'The session credential (`pcs_…`); the credential of a conversation that has ended is accepted' }),
  score: ratingScore.meta({ description: 'A whole number from 1 (poor) to 5 (excellent); a later one replaces it' }),
  comment: feedbackComment.optional(),
});
export type ConversationRatingBody = z.infer<typeof conversationRatingBody>;

/** A message's feedback as the people who own the conversation see it. */
export const messageFeedback = z.object({
  rating: feedbackRating,
  comment: z.string().nullable(),
  at: z.string().meta({ description: 'When the visitor gave it (the latest, if replaced)' }),
});
export type MessageFeedback = z.output<typeof messageFeedback>;

/** A conversation's score as the people who own it (and the visitor) see it. */
export const conversationRating = z.object({
  score: ratingScore,
  comment: z.string().nullable(),
  at: z.string().meta({ description: 'When the visitor gave it (the latest, if replaced)' }),
});
export type ConversationRating = z.output<typeof conversationRating>;

/** Analytics' `feedback` block: thumbs and conversation scores given in the window. */
export const feedbackTotals = z.object({
  up: z.number().int().nonnegative(),
  down: z.number().int().nonnegative(),
  /** Mean score (1–5) of the conversations rated; null with no rating in the window. */
  csat_avg: z.number().nullable(),
  csat_responses: z.number().int().nonnegative(),
});
export type FeedbackTotals = z.output<typeof feedbackTotals>;

/**
 * `events.feedback.received`: a visitor gave a thumb (`kind: "message"`, with its message) or a
 * score (`kind: "rating"`). `previous` is what it replaced, with the time that one was given, so
 * analytics takes it back from the hour it was counted in; a replacement counts once.
 */
export const feedbackEvent = z.object({
  /** Unique per submission: a redelivery of it is the same event, a replacement is another. */
  eventId: z.uuid(),
  tenantId: z.string(),
  agentId: z.string(),
  /** The agent version the conversation runs; absent in events from before it was sent. */
  agentVersion: z.number().int().min(1).optional(),
  conversationId: z.string(),
  linkId: z.string().nullable(),
  comment: z.string().nullable(),
  at: z.string(),
  feedback: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('message'),
      messageId: z.string(),
      /** Who wrote the message: the agent or a person. */
      role: z.enum(['assistant', 'operator']),
      rating: feedbackRating,
      previous: z.object({ rating: feedbackRating, at: z.string() }).nullable(),
    }),
    z.object({
      kind: z.literal('rating'),
      score: ratingScore,
      previous: z.object({ score: ratingScore, at: z.string() }).nullable(),
    }),
  ]),
});
export type FeedbackEvent = z.output<typeof feedbackEvent>;
