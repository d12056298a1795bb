export {
  type CheckOptions,
  checkContent,
  type ContentHit,
  type ContentRule,
  type ContentVerdict,
  type ModerationResult,
  ModerationUnavailableError,
} from './check.js';
export { findPii, luhnValid, NATIONAL_PHONE_COUNTRIES, PII_PLACEHOLDERS, type PiiKind, type PiiSpan, redactPii } from './pii.js';
export { PROMPT_INJECTION_PATTERNS, promptInjectionHits } from './prompt-injection.js';
export { contentRulesProblems } from './rules-problems.js';
