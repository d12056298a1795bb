import { orderStatusTool } from '@parley/testing';

/** What the model reports each call spent (the fake LLM's scripted `usage`), and what it costs at TRACE_PRICES. */
export const CALL_USAGE = { prompt: 1200, completion: 80 };
export const TRACE_PRICES = { 'fake-model': { input: 0.15, output: 0.6 } };
/** (1200 × 0.15 + 80 × 0.6) / 1 000 000 USD. */
export const CALL_COST = 0.000228;

/**
 * An order desk whose first answer walks the whole workflow in one turn (docs/workflow.md "How a
 * turn runs"): the order number by pattern (no LLM), the shop's order look-up (a tool call), then a
 * prompt node that answers from the knowledge base (passages, one LLM call).
 */
export const tracedAgent = (shopUrl: string, baseId: string) => ({
  llm: { model: 'fake-model' },
  tools: [orderStatusTool(shopUrl, { timeout_ms: 2_000 })],
  workflow: {
    initial_node: 'ask',
    nodes: [
      {
        id: 'ask',
        name: 'Ask',
        static_text: 'Your order number?',
        extract: [{ name: 'order_id', pattern: '(BK-\\d+)' }],
        transitions: [{ to: 'look', condition: 'variables_extracted:order_id' }],
      },
      {
        id: 'look',
        name: 'Look up',
        call: { tool: 'order_status', args: { order_id: '{{order_id}}' }, save_as: 'order' },
        transitions: [{ to: 'answer', condition: 'tool_ok:order' }],
      },
      {
        id: 'answer',
        name: 'Answer',
        prompt: 'You answer questions about the shop.',
        knowledge: { bases: [baseId], top_k: 3 },
        transitions: [{ to: 'answer', condition: 'user_responded' }],
      },
    ],
  },
});
