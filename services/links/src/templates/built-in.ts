import type { TemplateSettings } from '@parley/contracts';

export interface BuiltInTemplate {
  name: string;
  description: string;
  settings: TemplateSettings;
}

/**
 * The templates for the common uses (docs/management-api.md, "Templates"), offered to every tenant. They live in code rather than in a
 * table, so a change to them reaches every tenant and none can be edited away.
 */
export const BUILT_IN_TEMPLATES: readonly BuiltInTemplate[] = [
  {
    name: 'daily_checkin',
    description: 'A short daily check-in: one conversation, open for 4 hours.',
    settings: { title: 'Daily check-in', expires_in_hours: 4, max_sessions: 1, max_messages_per_session: 20 },
  },
  {
    name: 'customer_support',
    description: 'A support conversation for a customer: a few sessions over 2 hours, rate limited, screenshots and documents welcome.',
    settings: {
      title: 'Customer support',
      expires_in_hours: 2,
      max_sessions: 5,
      max_messages_per_session: 50,
      rate_limit_per_minute: 15,
      // A customer shows the problem: a screenshot, a photo, a receipt.
      uploads: { enabled: true, max_bytes: 10 * 1024 * 1024, types: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] },
      // Customers type card numbers and IBANs into support chats: they are kept out of the log and the LLM's prompt; attempts to turn the agent are counted.
      content_rules: { block_patterns: [], pii: 'redact', moderation: 'off', prompt_injection: 'flag' },
    },
  },
  {
    name: 'feedback',
    description: 'Collecting feedback from many people over a week.',
    settings: { title: 'Feedback', expires_in_hours: 7 * 24, max_sessions: 100, max_messages_per_session: 25 },
  },
];

export const builtInTemplate = (name: string) => BUILT_IN_TEMPLATES.find((template) => template.name === name);
