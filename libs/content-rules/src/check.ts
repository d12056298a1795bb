import { type ContentRules, MAX_CONTENT_LENGTH } from '@parley/contracts';
import { MAX_BLOCK_PATTERNS_PROGRAM, matchPattern } from '@parley/workflow';
import { findPii, type PiiKind, redactPii } from './pii.js';
import { promptInjectionHits } from './prompt-injection.js';
import { type Skeleton, skeleton, visibleText } from './skeleton.js';

/** The rule a hit is of: the names `details.rule` and security events use (docs/public-chat-api.md "Content rules"). */
export type ContentRule = 'block_patterns' | 'pii' | 'prompt_injection' | 'moderation';

/** One rule's hit on a message: never the message's text, so it may be logged and counted. */
export interface ContentHit {
  rule: ContentRule;
  action: 'block' | 'redact' | 'flag';
  /** block_patterns: the index of the pattern that matched. */
  pattern?: number;
  /** pii: the kinds found; prompt_injection: the built-in patterns met; moderation: the categories flagged. */
  kinds?: string[];
}

/**
 * What became of a message: `blocked` (by `rule`: it goes nowhere), `redacted` (personal data
 * replaced in `text`), `flagged` (it goes on as it is, the hits counted) or `passed`. A message
 * both redacted and flagged is `redacted`; `hits` has every rule that hit.
 */
export type ContentVerdict =
  | { outcome: 'blocked'; rule: ContentRule; hits: ContentHit[] }
  | { outcome: 'redacted' | 'flagged' | 'passed'; text: string; hits: ContentHit[] };

/** An OpenAI-compatible moderation endpoint's verdict on a text. */
export interface ModerationResult {
  flagged: boolean;
  categories: string[];
}

/** Thrown by `moderate` when the endpoint cannot be reached or answers with an error. */
export class ModerationUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModerationUnavailableError';
  }
}

export interface CheckOptions {
  /** Asks the moderation endpoint (needed when `rules.moderation` is not off); throws ModerationUnavailableError when it cannot. */
  moderate?: (text: string) => Promise<ModerationResult>;
  /** Hears why a rule could not be applied (never the text): a stored pattern RE2 cannot run, moderation unreachable under `flag`. */
  warn?: (message: string) => void;
}

/**
 * Work for one message's block patterns on one text: every pattern a rule set may hold (their
 * programs together capped on save) on the longest message (in UTF-16 units), about 0.4 s at
 * worst. The message and its skeleton (no longer than that either) each have this much – twice
 * that for both, at worst – so a rule set saved under the caps is always run in full; a pattern
 * past it counts as no match.
 */
const BLOCK_PATTERN_WORK = MAX_BLOCK_PATTERNS_PROGRAM * (2 * MAX_CONTENT_LENGTH + 1);

/**
 * The index of the first block pattern the message matches, as typed (visibleText: a pattern with
 * an accent or a Cyrillic letter meets it) or as its skeleton reads (`cas\u200bino`,
 * `c\u0430sino` and `ｃａｓｉｎｏ` are `casino`), if any.
 */
function blockPatternHit(patterns: readonly string[], typed: string, read: Skeleton, warn: ((message: string) => void) | undefined): number | undefined {
  const typedBudget = { left: BLOCK_PATTERN_WORK };
  const readBudget = { left: BLOCK_PATTERN_WORK };
  const index = patterns.findIndex(
    (pattern) =>
      matchPattern(pattern, typed, typedBudget, warn) !== null || (read.text !== typed && matchPattern(pattern, read.text, readBudget, warn) !== null),
  );
  return index === -1 ? undefined : index;
}

/**
 * Checks one message against a rule set (docs/public-chat-api.md "Content rules"), cheapest rule first:
 * block patterns, the prompt-injection patterns, personal data, then moderation – asked last, on
 * the text as it would be stored (redacted), and only when nothing before blocked it. The first
 * three read the message's skeleton too (skeleton.ts), so invisible characters, fullwidth forms,
 * marks and lookalike letters hide nothing; what goes on is the message as typed, redacted.
 */
export async function checkContent(text: string, rules: ContentRules, options: CheckOptions = {}): Promise<ContentVerdict> {
  const hits: ContentHit[] = [];
  const typed = visibleText(text);
  // Phrases are matched with line breaks as spaces; personal data (findPii) keeps them.
  const read = skeleton(text, { joinLines: true });
  if (rules.block_patterns.length > 0) {
    const pattern = blockPatternHit(rules.block_patterns, typed, read, options.warn);
    if (pattern !== undefined) return blocked('block_patterns', [{ rule: 'block_patterns', action: 'block', pattern }]);
  }
  if (rules.prompt_injection !== 'off') {
    const kinds = promptInjectionHits(text, read);
    if (kinds.length > 0) {
      const hit: ContentHit = { rule: 'prompt_injection', action: rules.prompt_injection, kinds };
      if (rules.prompt_injection === 'block') return blocked('prompt_injection', [hit]);
      hits.push(hit);
    }
  }
  let checked = text;
  let redacted = false;
  if (rules.pii !== 'allow') {
    const spans = findPii(text);
    if (spans.length > 0) {
      const kinds = [...new Set(spans.map((span) => span.kind))] satisfies PiiKind[];
      if (rules.pii === 'block') return blocked('pii', [...hits, { rule: 'pii', action: 'block', kinds }]);
      hits.push({ rule: 'pii', action: 'redact', kinds });
      checked = redactPii(text, spans);
      redacted = true;
    }
  }
  if (rules.moderation !== 'off') {
    const moderation = await moderate(checked, rules.moderation, options);
    if (moderation?.flagged) {
      const hit: ContentHit = { rule: 'moderation', action: rules.moderation, kinds: moderation.categories };
      if (rules.moderation === 'block') return blocked('moderation', [...hits, hit]);
      hits.push(hit);
    }
  }
  const outcome = redacted ? 'redacted' : hits.length > 0 ? 'flagged' : 'passed';
  return { outcome, text: checked, hits };
}

/**
 * The endpoint's verdict; when it cannot be had, `flag` lets the message through (and warns),
 * while `block` refuses it (the error goes up): nothing unchecked passes a rule that blocks.
 */
async function moderate(text: string, action: 'flag' | 'block', options: CheckOptions): Promise<ModerationResult | undefined> {
  try {
    if (!options.moderate) throw new ModerationUnavailableError('no moderation endpoint is configured');
    return await options.moderate(text);
  } catch (error) {
    if (action === 'block' || !(error instanceof ModerationUnavailableError)) throw error;
    options.warn?.(`moderation could not be asked: the message goes on unmoderated (${error.message})`);
    return undefined;
  }
}

function blocked(rule: ContentRule, hits: ContentHit[]): ContentVerdict {
  return { outcome: 'blocked', rule, hits };
}
