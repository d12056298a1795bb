import Sentiment from 'sentiment';

/** AFINN rates each word from -5 to 5. */
const AFINN_MAX = 5;

const afinn = new Sentiment();

/**
 * The local classifier, used when no LLM is configured (docs/management-api.md "Sentiment"): the AFINN-165
 * word list of the `sentiment` package (English; a negation just before a word turns it round).
 * The score is the mean rating of the visitor's words that have one, over 5: length does not pull
 * it to either end, and a conversation whose words carry no rating is neutral (0).
 */
export function localSentiment(visitorWords: string[]): number {
  let sum = 0;
  let rated = 0;
  for (const text of visitorWords) {
    const result = afinn.analyze(text);
    sum += result.score;
    rated += result.calculation.length;
  }
  return rated === 0 ? 0 : Math.min(1, Math.max(-1, sum / rated / AFINN_MAX));
}
