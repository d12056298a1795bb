import type { FakeHandler, RecordedRequest } from '@parley/testing';
import { lastUserMessage, waitFor } from '@parley/testing';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';

/** What the returns document says: the passage the agent answers from. */
export const RETURNS_TEXT =
  '# Returns\n\nReturns are free within 30 days of delivery. Pack the bicycle parts in their box and send them back by post with the form.';

/** The system prompt a reply request carries (passages and all). */
const systemOf = (req: RecordedRequest) =>
  (req.body.messages ?? [])
    .filter((m) => m.role === 'system')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');

/**
 * The model as a knowledge node asks it (docs/workflow.md "Answers from knowledge in the
 * transcript"): given passages, it answers citing the first as `[1]`; told none matches, it says
 * it does not know; anything else is echoed.
 */
export const citingModel: FakeHandler = (req) => {
  const system = systemOf(req);
  if (system.includes('[1] (')) return { content: 'Returns are free within 30 days [1]. Send them back by post.' };
  if (system.includes('No passage of the knowledge base matches')) return { content: 'I do not know that, sorry.' };
  return { content: `Echo: ${lastUserMessage(req)}` };
};

/** An agent whose one prompt node answers from the base. */
export const knowledgeAgent = (baseId: string) => ({
  llm: { model: 'fake-model' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me about returns.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
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

/**
 * A tenant's knowledge base with the returns document in it, ready to be searched: made through
 * the memory service's subjects, then polled until its ingestion is done.
 */
export async function seedReturnsBase(h: GatewayHarness, tenantId: string): Promise<{ baseId: string; documentId: string }> {
  const base = await h.bus.request('memory.knowledge.create-base', { tenantId, name: `faq-${Date.now()}`, language: 'english' });
  const document = await h.bus.request('memory.knowledge.add-document', {
    tenantId,
    baseId: base.id,
    title: 'Returns policy',
    source: { kind: 'text', text: RETURNS_TEXT },
  });
  let status = document.status;
  await waitFor(
    async () => {
      status = (await h.bus.request('memory.knowledge.get-document', { tenantId, baseId: base.id, documentId: document.id })).status;
      return status !== 'processing';
    },
    { timeoutMs: 15_000 },
  );
  if (status !== 'ready') throw new Error(`the returns document was not read: ${status}`);
  return { baseId: base.id, documentId: document.id };
}
