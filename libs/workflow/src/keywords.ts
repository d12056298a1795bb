import { normalizeForMatching } from './match-text.js';

/**
 * Whole-word keyword matching for intents. A keyword may be several words ("that's all") and may
 * carry punctuation, so word boundaries are letters/digits on either side rather than `\b`,
 * which breaks on apostrophes and non-ASCII letters.
 */

const WORD_CHAR = '[\\p{L}\\p{N}_]';

// Phones and word processors type ’ for '; a keyword written with either must match both.
const APOSTROPHES = /[\u2018\u2019\u02BC]/g;

/** As patterns see the text (docs/workflow.md "Extraction"), with one apostrophe. */
const normalize = (text: string): string => normalizeForMatching(text).replace(APOSTROPHES, "'");

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function containsKeyword(message: string, keyword: string): boolean {
  const words = normalize(keyword)
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return false;
  const body = words.map(escapeRegExp).join('\\s+');
  return new RegExp(`(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})`, 'iu').test(normalize(message));
}
