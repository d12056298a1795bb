/**
 * Filling a canned reply (docs/escalation.md "Canned replies"): plain functions without zod, so the
 * console imports them (`@parley/contracts/canned-replies`) without the schemas' weight.
 */

/** The variables every conversation offers, beside each of its collected variables. */
export const CANNED_REPLY_VARIABLES = ['visitor_name', 'visitor_email', 'operator_name', 'agent'] as const;
export type CannedReplyVariable = (typeof CANNED_REPLY_VARIABLES)[number];

/**
 * Fills a canned reply's `{{variables}}` from the conversation: `{{name}}`-style words are looked
 * up in `values` (case-insensitive); an unknown one is left as written, for the operator to see.
 */
export function fillCannedReply(content: string, values: Record<string, string | null | undefined>): string {
  const lower = new Map(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value]));
  return content.replace(/\{\{\s*([A-Za-z0-9_.-]{1,64})\s*\}\}/g, (whole, name: string) => {
    const value = lower.get(name.toLowerCase());
    return value === undefined || value === null || value === '' ? whole : value;
  });
}

/** What the conversation knows that a canned reply may use. */
export interface CannedReplyContext {
  /** The conversation's collected variables (a personalised link's, the workflow's). */
  collected: Record<string, string>;
  /** Who the visitor is, as far as the platform knows: a signed identity, a verified email. */
  visitor: { name: string | null; email: string | null } | null | undefined;
  /** The operator's name as the visitor sees it on their replies. */
  operatorName: string | null | undefined;
  /** The agent's name. */
  agent: string | null | undefined;
}

/**
 * The values a canned reply is filled with: every collected variable under its own name, then
 * the four named ones, which win over a collected variable of the same name. The visitor's name
 * and email fall back on the collected `name` / `email` (a personalised link's recipient, or what
 * the workflow asked) when the visitor has not signed in or verified an address.
 */
export function cannedReplyValues(context: CannedReplyContext): Record<string, string | null> {
  const collected = new Map(Object.entries(context.collected).map(([key, value]) => [key.toLowerCase(), value]));
  const named: Record<CannedReplyVariable, string | null> = {
    visitor_name: context.visitor?.name || collected.get('visitor_name') || collected.get('name') || null,
    visitor_email: context.visitor?.email || collected.get('visitor_email') || collected.get('email') || null,
    operator_name: context.operatorName || null,
    agent: context.agent || null,
  };
  return { ...Object.fromEntries(collected), ...named };
}
