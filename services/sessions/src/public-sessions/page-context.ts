import { MAX_CONTEXT_VARIABLES, type VisitorContext } from '@parley/contracts';

/** Where the page's context lives in the collected data: `context.page`, `context.<name>`. */
const PREFIX = 'context.';
const PAGE = 'context.page';

/**
 * The collected data a host page's context gives a conversation (docs/public-chat-api.md "Page
 * context"): `page` and each variable under `context.`, so none can stand in for the link's own
 * variables or what the workflow collects.
 */
export function contextData(context: VisitorContext | undefined): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [name, value] of Object.entries(context?.variables ?? {})) data[`${PREFIX}${name}`] = value;
  if (context?.page !== undefined) data[PAGE] = context.page;
  return data;
}

/** A variable the page gave, as against the page itself. */
const isVariable = (name: string) => name.startsWith(PREFIX) && name !== PAGE;

/**
 * A session's collected data once a message's context is taken in (docs/public-chat-api.md "Page
 * context"): a page given replaces the one before, the variables are merged name by name. Should
 * that make more than MAX_CONTEXT_VARIABLES, the message's variables replace all the page gave
 * before, so what a session holds stays as bounded as one context, and no message is refused for
 * what earlier ones said.
 */
export function withPageContext(collected: Readonly<Record<string, string>>, context: VisitorContext): Record<string, string> {
  const told = contextData(context);
  const merged = { ...collected, ...told };
  if (Object.keys(merged).filter(isVariable).length <= MAX_CONTEXT_VARIABLES) return merged;
  const rest = Object.fromEntries(Object.entries(collected).filter(([name]) => !isVariable(name)));
  return { ...rest, ...told };
}
