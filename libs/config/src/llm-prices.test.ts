import { describe, expect, it } from 'vitest';
import { callCost, llmPricesVar } from './llm-prices.js';

describe('LLM prices', () => {
  it('reads JSON of USD per million tokens by model', () => {
    expect(llmPricesVar.parse('{"gpt-4o-mini": {"input": 0.15, "output": 0.6}, "local": {"input": 0, "output": 0}}')).toEqual({
      'gpt-4o-mini': { input: 0.15, output: 0.6 },
      local: { input: 0, output: 0 },
    });
  });

  it('says what is wrong with text that is not JSON, or JSON of another shape', () => {
    const problem = (text: string) => llmPricesVar.safeParse(text).error?.issues[0];
    expect(problem('{gpt-4o-mini: 0.15}')?.message).toMatch(/must be JSON like/);
    expect(problem('{"gpt-4o-mini": {"input": 0.15}}')?.path).toEqual(['gpt-4o-mini', 'output']);
    expect(problem('{"gpt-4o-mini": {"input": -0.15, "output": 0.6}}')?.path).toEqual(['gpt-4o-mini', 'input']);
    expect(problem('{"gpt-4o-mini": 0.15}')?.path).toEqual(['gpt-4o-mini']);
  });

  it('costs a call of a priced model, to a billionth of a dollar, and none of a model without a price', () => {
    const prices = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } };
    expect(callCost(prices, { model: 'gpt-4o-mini', prompt_tokens: 1200, completion_tokens: 80 })).toBe(0.000228);
    expect(callCost(prices, { model: 'gpt-4o-mini', prompt_tokens: 1, completion_tokens: 0 })).toBe(0.00000015);
    expect(callCost(prices, { model: 'gpt-4o', prompt_tokens: 1200, completion_tokens: 80 })).toBeUndefined();
    // A model named like an object's own property is no price either.
    expect(callCost(prices, { model: 'constructor', prompt_tokens: 1, completion_tokens: 1 })).toBeUndefined();
  });
});
