import { z } from 'zod';

/** USD per million tokens of a model: its prompt (`input`) and its completion (`output`). */
export const modelPrice = z.strictObject({ input: z.number().nonnegative().finite(), output: z.number().nonnegative().finite() });
export type ModelPrice = z.infer<typeof modelPrice>;
export type LlmPrices = Readonly<Record<string, ModelPrice>>;

/**
 * `LLM_PRICES` (docs/configuration.md): JSON of USD per million tokens by model name, e.g.
 * `{"gpt-4o-mini": {"input": 0.15, "output": 0.6}}`. Text that is not JSON, or JSON of another
 * shape, is an error naming the model and field.
 */
export const llmPricesVar = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON like {"gpt-4o-mini": {"input": 0.15, "output": 0.6}} (USD per million tokens)' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1).max(200), modelPrice));

/**
 * What an LLM call cost in USD at `prices`, or undefined when its model has no price. Rounded to
 * a billionth of a dollar, so sums read as the prices say rather than as binary fractions.
 */
export function callCost(prices: LlmPrices, call: { model: string; prompt_tokens: number; completion_tokens: number }): number | undefined {
  const price = Object.hasOwn(prices, call.model) ? prices[call.model] : undefined;
  if (!price) return undefined;
  return Math.round(((call.prompt_tokens * price.input + call.completion_tokens * price.output) / 1e6) * 1e9) / 1e9;
}
