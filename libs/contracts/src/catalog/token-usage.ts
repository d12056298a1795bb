import { z } from 'zod';

/** LLM tokens as the LLM reported them: prompt (input) and completion (output). A leaf module: the runner's and the sessions' catalogs both use it. */
export const tokenUsage = z.object({ prompt: z.number().int().nonnegative(), completion: z.number().int().nonnegative() });
export type TokenUsage = z.infer<typeof tokenUsage>;
