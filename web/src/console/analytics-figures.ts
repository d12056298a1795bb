/** How sessions ended, in the order the bars and the table show them. */
export const OUTCOMES = ['completed', 'abandoned', 'expired', 'escalated'] as const;
/** Sentiment labels of ended conversations (docs/api.md "Sentiment"), in the order shown. */
export const MOODS = ['positive', 'neutral', 'negative'] as const;
