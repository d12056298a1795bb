import { pageWords } from '../words';

/** The budget page's words, in English: loaded with the page, beside the console's own. */
export const budgetEn = {
  'budget.intro':
    'The tenant’s daily LLM budget, in tokens: every turn of the tenant counts against it – its links, the widget, the Text Chat API and the playground – and it starts again at 00:00 UTC. Past it, links answer with their budget’s words and the Text Chat API refuses new turns (429) until then.',
  'budget.now': 'Now',
  'budget.perDay': '{tokens} tokens a day',
  'budget.none': 'No budget: the tenant’s turns are not capped.',
  'budget.adminOnly': 'Only the platform’s administrator sets it (signed in with the admin key): it is the platform’s ceiling on what a tenant costs.',
  'budget.tokens': 'Tokens per day',
  'budget.tokensHint': 'A whole number from 1 to 1,000,000,000,000. A change applies within 5 seconds.',
  'budget.save': 'Set budget',
  'budget.remove': 'Remove budget',
  'budget.saved': 'The budget is {tokens} tokens a day.',
  'budget.removed': 'The budget is removed.',
  'budget.links': 'Each link may have budgets of its own – a day’s tokens for the link, and for each of its visitors – in its Protection settings.',
} as const;

export const t = pageWords(budgetEn);
