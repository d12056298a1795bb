import { randomUUID } from 'node:crypto';
import type { ToolCallRecord } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { saidAndCalled, saidOnly, withToolCalls } from './tool-messages.js';

const call = (node: string, tool: string, status: ToolCallRecord['status'] = 'ok'): ToolCallRecord => ({
  tool,
  arguments: {},
  status,
  duration_ms: 5,
  node_id: node,
  ...(status === 'ok' ? { result: { node } } : { error: 'the shop did not answer' }),
});
const said = (nodeId: string, text: string) => ({ nodeId, text });
/** The transcript at a glance: `node: text` for what was said, `node ⇢ line` for a call. */
const lines = (messages: ReturnType<typeof saidAndCalled>) =>
  messages.map((m) => (m.role === 'tool' ? `${m.nodeId} ⇢ ${m.content}` : `${m.nodeId}: ${m.content}`));

describe('a turn’s tool calls among what it said', () => {
  it('come just before the words of the node that made them, those of silent nodes before them, and those after the last words last', () => {
    const messages = saidAndCalled(
      {
        said: [said('greet', 'Hello.'), said('lookup', 'Your order has shipped.'), said('next', 'Anything else?')],
        toolCalls: [call('route', 'crm.find_customer'), call('lookup', 'order_status'), call('lookup', 'carrier', 'timeout'), call('after', 'open_ticket')],
      },
      () => randomUUID(),
    );
    expect(lines(messages)).toEqual([
      'greet: Hello.',
      'route ⇢ crm.find_customer → ok',
      'lookup ⇢ order_status → ok',
      'lookup ⇢ carrier → timeout',
      'lookup: Your order has shipped.',
      'next: Anything else?',
      'after ⇢ open_ticket → ok',
    ]);
    // Each keeps its call as the transcript shows it: the node is the message's own.
    expect(messages.find((m) => m.content === 'carrier → timeout')).toMatchObject({
      role: 'tool',
      toolCall: { tool: 'carrier', status: 'timeout', duration_ms: 5, error: 'the shop did not answer' },
    });
    expect(messages.find((m) => m.role === 'tool')?.toolCall).not.toHaveProperty('node_id');
    expect(saidOnly(messages).map((m) => m.content)).toEqual(['Hello.', 'Your order has shipped.', 'Anything else?']);
  });

  it('leaves a turn without calls as what was said, under the ids given', () => {
    const messages = saidAndCalled({ said: [said('a', 'One.'), said('b', 'Two.')] }, (s) => `id-${s.nodeId}`);
    expect(messages).toEqual([
      { id: 'id-a', role: 'assistant', content: 'One.', nodeId: 'a' },
      { id: 'id-b', role: 'assistant', content: 'Two.', nodeId: 'b' },
    ]);
  });

  it('replays a reply kept before replies reported tool calls as one that made none', () => {
    const kept = { response: 'Go on.' } as unknown as { response: string; tool_calls: [] };
    expect(withToolCalls(kept)).toEqual({ response: 'Go on.', tool_calls: [] });
  });
});
