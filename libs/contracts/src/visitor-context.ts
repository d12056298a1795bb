import { z } from 'zod';

/** How many variables a host page may give a session, in one context and in all it gave the session together. */
export const MAX_CONTEXT_VARIABLES = 20;

/**
 * `context` of a session start or of a visitor's message (docs/public-chat-api.md "Page
 * context"): what the host page says of where the visitor is – the page, and variables such as
 * their plan – for the agent to use. Each lands in the conversation's collected data under
 * `context.` (`context.page`, `context.plan`), apart from the link's own variables. The page says
 * it; nothing is verified.
 */
export const visitorContext = z
  .strictObject({
    page: z.string().min(1).max(1_000).optional().meta({ description: 'The page the visitor is on (its URL or path): `context.page` in the collected data' }),
    variables: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are 1-64 letters, digits and _, not starting with a digit'),
        z.string().max(1_000),
      )
      .refine((vars) => Object.keys(vars).length <= MAX_CONTEXT_VARIABLES, `at most ${MAX_CONTEXT_VARIABLES} variables`)
      .optional()
      .meta({ description: 'Each `name: value` becomes `context.<name>` in the collected data (at most 20, values at most 1,000 characters)' }),
  })
  .refine((context) => context.page === undefined || context.variables?.page === undefined, {
    message: 'give the page as `page`, not also as a variable',
    path: ['variables', 'page'],
  });
export type VisitorContext = z.infer<typeof visitorContext>;
