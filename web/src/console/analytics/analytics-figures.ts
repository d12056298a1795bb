import { t } from '../words';

/** How sessions ended, in the order the bars and the table show them. */
export const OUTCOMES = ['completed', 'abandoned', 'expired', 'escalated'] as const;
/** Sentiment labels of ended conversations (docs/management-api.md "Sentiment"), in the order shown. */
export const MOODS = ['positive', 'neutral', 'negative'] as const;

/** A duration in seconds, in whole minutes from one minute on ("41 s", "5 min"); '–' for none. */
export const seconds = (value: number | null) =>
  value === null ? '–' : value >= 60 ? t('analytics.minutes', { value: Math.round(value / 60) }) : t('analytics.seconds', { value });

/** A duration in milliseconds, written as `seconds` writes it (to the whole second). */
export const wholeSeconds = (value: number | null) => (value === null ? '–' : seconds(Math.round(value / 1000)));
