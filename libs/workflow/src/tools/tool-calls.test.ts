import { describe, expect, it } from 'vitest';
import { runTurn, startSession } from '../engine.js';
import type { EngineDeps } from '../engine-types.js';
import { buildAgent } from '../fixtures/build-agent.js';
import { noLlm, type ReplyTools, type WorkflowLlm } from '../llm.js';
import type { ToolBox, ToolCallResult } from './tool-box.js';

const orderTool = {
  name: 'order_status',
  description: 'Look up an order by its number',
  http: { method: 'GET' as const, url: 'https://shop.example/api/orders/{{args.order_id}}' },
  parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
};

/** A tool box that answers from a table, recording what it was asked. */
function toolBox(answer: (tool: string, args: unknown) => ToolCallResult) {
  const calls: { tool: string; args: unknown; key: string; nodeId: string }[] = [];
  const box: ToolBox = {
    describe: async (names) => names.map((name) => ({ name, description: `${name} tool`, parameters: { type: 'object' } })),
    call: async ({ tool, args, key, nodeId }) => {
      calls.push({ tool, args, key, nodeId });
      return answer(tool, args);
    },
  };
  return { box, calls };
}

const deps = (tools: ToolBox, extra: Partial<EngineDeps> = {}): EngineDeps => ({ llm: noLlm(), history: async () => [], tools, turnKey: 'msg-1', ...extra });

describe("a node's call", () => {
  const agent = buildAgent(
    [
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
        transitions: [
          { to: 'found', condition: 'tool_ok:order' },
          { to: 'down', condition: 'tool_failed:order' },
        ],
      },
      { id: 'found', name: 'Found', static_text: 'Order {{order_id}} is {{order.status}}, due {{order.eta.day}}.' },
      { id: 'down', name: 'Down', static_text: 'Our order system is not answering ({{order_error}}). Try again later?' },
    ],
    { tools: [orderTool] },
  );

  it('runs on entry with its arguments rendered, keeps the result and branches on tool_ok', async () => {
    const { box, calls } = toolBox(() => ({ status: 'ok', result: { status: 'shipped', eta: { day: 'Friday' } }, durationMs: 42 }));
    const outcome = await runTurn(agent, { nodeId: 'ask', collectedData: {}, visitTurns: 0 }, 'it is BK-1042', deps(box));
    expect(calls).toEqual([{ tool: 'order_status', args: { order_id: 'BK-1042' }, key: 'msg-1:1', nodeId: 'look' }]);
    expect(outcome.response).toBe('Order BK-1042 is shipped, due Friday.');
    expect(JSON.parse(outcome.state.collectedData.order ?? '')).toEqual({ status: 'shipped', eta: { day: 'Friday' } });
    expect(outcome.toolCalls).toEqual([
      {
        tool: 'order_status',
        arguments: { order_id: 'BK-1042' },
        status: 'ok',
        duration_ms: 42,
        node_id: 'look',
        result: { status: 'shipped', eta: { day: 'Friday' } },
      },
    ]);
    expect(outcome.transitions.map((t) => t.condition)).toEqual(['variables_extracted:order_id', 'tool_ok:order']);
  });

  it.each(['timeout', 'error', 'refused'] as const)('a call that ends as %s branches on tool_failed and says why in <save_as>_error', async (status) => {
    const { box } = toolBox(() => ({ status, error: 'the service did not answer', durationMs: 5000 }));
    const outcome = await runTurn(agent, { nodeId: 'ask', collectedData: { order: '{"status":"old"}' }, visitTurns: 0 }, 'BK-7', deps(box));
    expect(outcome.response).toBe(`Our order system is not answering (${status}). Try again later?`);
    expect(outcome.state.collectedData).not.toHaveProperty('order');
    expect(outcome.state.collectedData.order_error).toBe(status);
    expect(outcome.toolCalls?.[0]).toMatchObject({ status, error: 'the service did not answer', duration_ms: 5000 });
  });

  it('a later successful call clears the error', async () => {
    const { box } = toolBox(() => ({ status: 'ok', result: { status: 'packed', eta: { day: 'Monday' } }, durationMs: 3 }));
    const outcome = await runTurn(agent, { nodeId: 'ask', collectedData: { order_error: 'timeout' }, visitTurns: 0 }, 'BK-7', deps(box));
    expect(outcome.state.collectedData).not.toHaveProperty('order_error');
    expect(outcome.response).toBe('Order BK-7 is packed, due Monday.');
  });

  it('a result too big to keep is a failed call', async () => {
    const { box } = toolBox(() => ({ status: 'ok', result: 'x'.repeat(40_000), durationMs: 3 }));
    const outcome = await runTurn(agent, { nodeId: 'ask', collectedData: {}, visitTurns: 0 }, 'BK-7', deps(box));
    expect(outcome.state.collectedData.order_error).toBe('error');
  });

  it('without a tool box (a place that cannot call tools) the call fails as error, and the turn goes on', async () => {
    const outcome = await runTurn(agent, { nodeId: 'ask', collectedData: {}, visitTurns: 0 }, 'BK-7', { llm: noLlm(), history: async () => [] });
    expect(outcome.state.nodeId).toBe('down');
    expect(outcome.toolCalls?.[0]?.status).toBe('error');
  });

  it('tool_failed holds on a later turn too, read from the kept error', async () => {
    const waiting = buildAgent(
      [
        {
          id: 'start',
          name: 'Start',
          call: { tool: 'order_status', args: { order_id: 'A' }, save_as: 'order' },
          static_text: 'Hello.',
          transitions: [{ to: 'sorry', condition: 'tool_failed:order' }],
        },
        { id: 'sorry', name: 'Sorry', static_text: 'Sorry.' },
      ],
      { tools: [orderTool] },
    );
    const { box } = toolBox(() => ({ status: 'timeout', durationMs: 10 }));
    const started = await startSession(waiting, deps(box));
    expect(started.state.nodeId).toBe('sorry');
  });
});

/** A model that calls `order_status` once, then answers with what the tool said. */
function callingModel(): WorkflowLlm & { seen: string[] } {
  const seen: string[] = [];
  return {
    available: true,
    seen,
    async reply({ tools }: { tools?: ReplyTools | undefined }) {
      if (!tools) return { value: 'I cannot look that up.', latencyMs: 1 };
      tools.onCalling?.();
      const fn = tools.tools[0]?.name ?? '';
      const result = await tools.call(fn, { order_id: 'BK-1042' });
      seen.push(result);
      return { value: `Your order is ${JSON.parse(result).status}.`, latencyMs: 5, usage: { prompt: 10, completion: 5 } };
    },
    extract: async () => ({ value: {}, latencyMs: 0 }),
    classify: async () => ({ value: null, latencyMs: 0 }),
  };
}

describe("a prompt node's tools", () => {
  const agent = buildAgent([{ id: 'qa', name: 'Q&A', prompt: 'You help with orders.', tools: ['order_status'], max_tool_calls: 2 }], { tools: [orderTool] });

  it('the model calls a tool, reads its result and answers; the turn reports the call', async () => {
    const { box, calls } = toolBox(() => ({ status: 'ok', result: { status: 'shipped' }, durationMs: 12 }));
    const llm = callingModel();
    const working: string[] = [];
    const outcome = await runTurn(agent, { nodeId: 'qa', collectedData: {}, visitTurns: 0 }, 'where is my order BK-1042?', {
      ...deps(box),
      llm,
      onToolCalls: (nodeId) => working.push(nodeId),
    });
    expect(outcome.response).toBe('Your order is shipped.');
    expect(llm.seen).toEqual(['{"status":"shipped"}']);
    expect(calls.map((c) => c.tool)).toEqual(['order_status']);
    expect(working).toEqual(['qa']);
    expect(outcome.toolCalls).toEqual([
      { tool: 'order_status', arguments: { order_id: 'BK-1042' }, status: 'ok', duration_ms: 12, node_id: 'qa', result: { status: 'shipped' } },
    ]);
  });

  it('a failed call reaches the model as an error it can speak about, not a failed turn', async () => {
    const { box } = toolBox(() => ({ status: 'refused', error: 'localhost may not be reached', durationMs: 1 }));
    const llm = callingModel();
    await expect(runTurn(agent, { nodeId: 'qa', collectedData: {}, visitTurns: 0 }, 'BK-1042?', { ...deps(box), llm })).resolves.toMatchObject({
      toolCalls: [{ status: 'refused' }],
    });
    expect(JSON.parse(llm.seen[0] ?? '')).toEqual({ error: 'refused', message: 'localhost may not be reached' });
  });

  it('MCP tools are given to the model by function name and mapped back', async () => {
    const crm = buildAgent([{ id: 'qa', name: 'Q&A', prompt: 'CRM.', tools: ['crm.find_customer'] }], {
      tools: [{ name: 'crm', mcp: { url: 'https://crm.example/mcp' }, allow: ['find_customer'] }],
    });
    const { box, calls } = toolBox(() => ({ status: 'ok', result: { status: 'vip' }, durationMs: 1 }));
    const llm = callingModel();
    let offered: string[] = [];
    const spy: WorkflowLlm = {
      ...llm,
      reply: async (args) => {
        offered = args.tools?.tools.map((t) => t.name) ?? [];
        return llm.reply(args);
      },
    };
    await runTurn(crm, { nodeId: 'qa', collectedData: {}, visitTurns: 0 }, 'who am I?', { ...deps(box), llm: spy });
    expect(offered).toEqual(['crm__find_customer']);
    expect(calls.map((c) => c.tool)).toEqual(['crm.find_customer']);
  });
});
