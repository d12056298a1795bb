import type { JSX } from 'preact';
import type { NewLink } from '../api/management-api';
import { t } from './link-words';

/**
 * What protects a link (docs/public-chat-api.md "Content rules", "Country rules", "Proof of work";
 * docs/api.md "Adaptive limits"; docs/management-api.md "Cost guards"), as the link form holds it: plain strings and flags, so that a template's values compare as the others do. Lists are one entry per line
 * (patterns) or comma-separated (country codes); numbers go as typed, for the server to judge.
 */
export interface GuardFields {
  block_patterns: string;
  pii: string;
  moderation: string;
  prompt_injection: string;
  country_allow: string;
  country_deny: string;
  adaptive: boolean;
  tokens_per_day: string;
  tokens_per_visitor_per_day: string;
  budget_exhausted_message: string;
  challenge: boolean;
}

export const EMPTY_GUARD: GuardFields = {
  block_patterns: '',
  pii: 'allow',
  moderation: 'off',
  prompt_injection: 'off',
  country_allow: '',
  country_deny: '',
  adaptive: false,
  tokens_per_day: '',
  tokens_per_visitor_per_day: '',
  budget_exhausted_message: '',
  challenge: false,
};

/** The setting each field is part of: a template's link gets the whole setting when one of its fields changes. */
export const GUARD_SETTING: Record<keyof GuardFields, keyof NewLink> = {
  block_patterns: 'content_rules',
  pii: 'content_rules',
  moderation: 'content_rules',
  prompt_injection: 'content_rules',
  country_allow: 'country_allow',
  country_deny: 'country_deny',
  adaptive: 'rate_limit_per_minute',
  tokens_per_day: 'budget',
  tokens_per_visitor_per_day: 'budget',
  budget_exhausted_message: 'budget_exhausted_message',
  challenge: 'challenge',
};

/** Where a refusal's path points in the form: `content_rules.pii` → `pii`, `budget.tokens_per_day` → `tokens_per_day`, `country_allow.0` → `country_allow`. */
export function fieldOfPath(path: string): string {
  const [first = '', second = ''] = path.replace(/^body\./, '').split('.');
  return first === 'content_rules' || first === 'budget' ? second : first;
}

const codes = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const blankOr = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The fields as the API's settings: no content rules (null: the agent's) while they are all at
 * their defaults, no budget while neither number is set, the challenge `"pow"` or none.
 */
export function guardSettings(
  f: GuardFields,
): Pick<NewLink, 'content_rules' | 'country_allow' | 'country_deny' | 'budget' | 'budget_exhausted_message' | 'challenge'> {
  const patterns = f.block_patterns
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const ruled = patterns.length > 0 || f.pii !== 'allow' || f.moderation !== 'off' || f.prompt_injection !== 'off';
  const perDay = blankOr(f.tokens_per_day);
  const perVisitor = blankOr(f.tokens_per_visitor_per_day);
  return {
    content_rules: ruled
      ? {
          block_patterns: patterns,
          pii: f.pii as 'allow' | 'redact' | 'block',
          moderation: f.moderation as 'off' | 'flag' | 'block',
          prompt_injection: f.prompt_injection as 'off' | 'flag' | 'block',
        }
      : null,
    country_allow: codes(f.country_allow),
    country_deny: codes(f.country_deny),
    budget:
      perDay === undefined && perVisitor === undefined
        ? null
        : { ...(perDay === undefined ? {} : { tokens_per_day: perDay }), ...(perVisitor === undefined ? {} : { tokens_per_visitor_per_day: perVisitor }) },
    budget_exhausted_message: f.budget_exhausted_message.trim() ? f.budget_exhausted_message : null,
    challenge: f.challenge ? 'pow' : null,
  };
}

/** A template's protection as the form shows it. */
export function guardFieldsOf(settings: Record<string, unknown>): GuardFields {
  const rules = settings.content_rules as { block_patterns?: string[]; pii?: string; moderation?: string; prompt_injection?: string } | null | undefined;
  const budget = settings.budget as { tokens_per_day?: number; tokens_per_visitor_per_day?: number } | null | undefined;
  const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : '');
  return {
    block_patterns: rules?.block_patterns?.join('\n') ?? '',
    pii: rules?.pii ?? EMPTY_GUARD.pii,
    moderation: rules?.moderation ?? EMPTY_GUARD.moderation,
    prompt_injection: rules?.prompt_injection ?? EMPTY_GUARD.prompt_injection,
    country_allow: list(settings.country_allow),
    country_deny: list(settings.country_deny),
    adaptive: settings.rate_limit_per_minute === 'adaptive',
    tokens_per_day: budget?.tokens_per_day === undefined ? '' : String(budget.tokens_per_day),
    tokens_per_visitor_per_day: budget?.tokens_per_visitor_per_day === undefined ? '' : String(budget.tokens_per_visitor_per_day),
    budget_exhausted_message: typeof settings.budget_exhausted_message === 'string' ? settings.budget_exhausted_message : '',
    challenge: settings.challenge === 'pow',
  };
}

/** The choices of each content rule, as the API names them. */
const CHOICES = {
  pii: [
    ['allow', t('guard.piiAllow')],
    ['redact', t('guard.piiRedact')],
    ['block', t('guard.piiBlock')],
  ],
  action: [
    ['off', t('guard.off')],
    ['flag', t('guard.flag')],
    ['block', t('guard.block')],
  ],
} as const;

/** How the form draws one field: its label, control, hint and the refusal's problems under it (link-form.tsx). */
export interface GuardDraw {
  text(name: keyof GuardFields, label: string, hint?: string, kind?: 'text' | 'number'): JSX.Element;
  area(name: keyof GuardFields, label: string, hint: string): JSX.Element;
  select(name: keyof GuardFields, label: string, options: readonly (readonly [string, string])[]): JSX.Element;
  check(name: keyof GuardFields, label: string): JSX.Element;
}

/** The form's group for content rules, countries, budgets and the challenge (the adaptive limit sits by the rate limit). */
export function GuardFieldset({ draw }: { draw: GuardDraw }) {
  return (
    <fieldset class="link-group">
      <legend>{t('guard.legend')}</legend>
      <div class="grid">
        {draw.area('block_patterns', t('guard.patterns'), t('guard.patternsHint'))}
        {draw.select('pii', t('guard.pii'), CHOICES.pii)}
        {draw.select('moderation', t('guard.moderation'), CHOICES.action)}
        {draw.select('prompt_injection', t('guard.injection'), CHOICES.action)}
        {draw.text('country_allow', t('guard.countryAllow'), t('guard.countriesHint'))}
        {draw.text('country_deny', t('guard.countryDeny'), t('guard.countriesHint'))}
        {draw.text('tokens_per_day', t('guard.tokensPerDay'), t('link.unlimited'), 'number')}
        {draw.text('tokens_per_visitor_per_day', t('guard.tokensPerVisitor'), t('link.unlimited'), 'number')}
        {draw.text('budget_exhausted_message', t('guard.exhausted'), t('guard.exhaustedHint'))}
      </div>
      {draw.check('challenge', t('guard.challenge'))}
    </fieldset>
  );
}
