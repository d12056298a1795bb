import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../agent-config.js';
import { secretReferences } from './tool-references.js';

const orderTool = {
  name: 'order_status',
  http: {
    method: 'GET',
    url: 'https://shop.example/api/orders/{{args.order_id}}',
    headers: { Authorization: 'Bearer {{secrets.SHOP_KEY}}' },
  },
  parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
};
const crm = { name: 'crm', mcp: { url: 'https://crm.example/mcp', headers: { Authorization: 'Bearer {{secrets.CRM}}' } }, allow: ['find_customer'] };

const config = (nodes: unknown[], tools: unknown[] = [orderTool, crm]) => ({ tools, workflow: { initial_node: 'qa', nodes } });
const qa = (extra: Record<string, unknown> = {}) => ({ id: 'qa', name: 'Q&A', prompt: 'Help.', ...extra });

describe('tools in an agent config, checked on save', () => {
  it('takes http and mcp tools, a prompt node using both, and a call node', () => {
    const parsed = parseAgentConfig(
      config([
        qa({ tools: ['order_status', 'crm.find_customer'], max_tool_calls: 3, transitions: [{ to: 'look', condition: 'always' }] }),
        {
          id: 'look',
          name: 'Look',
          call: { tool: 'order_status', args: { order_id: '{{order_id}}' }, save_as: 'order' },
          transitions: [{ to: 'qa', condition: 'tool_ok:order' }],
        },
      ]),
    );
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.config.tools?.[0]).toMatchObject({ timeout_ms: 5000, http: { method: 'GET' } });
  });

  it.each([
    [[qa({ tools: ['lookup'] })], [orderTool], 'workflow.nodes[0].tools[0]', 'no tool is named "lookup"'],
    [[qa({ tools: ['crm.delete_everything'] })], [crm], 'workflow.nodes[0].tools[0]', 'not in the allow list of mcp tool "crm"'],
    [[qa({ tools: ['order_status.x'] })], [orderTool], 'workflow.nodes[0].tools[0]', 'no tool is named'],
    [[{ id: 'qa', name: 'Q', static_text: 'Hi', tools: ['order_status'] }], [orderTool], 'workflow.nodes[0].tools', 'has no prompt'],
    [[qa({ call: { tool: 'nope', save_as: 'x' } })], [orderTool], 'workflow.nodes[0].call.tool', 'no tool is named "nope"'],
    [
      [qa({ transitions: [{ to: 'qa', condition: 'tool_ok:order' }] })],
      [orderTool],
      'workflow.nodes[0].transitions[0].condition',
      'no node\'s call saves as "order"',
    ],
    [[qa({ max_tool_calls: 11, tools: ['order_status'] })], [orderTool], 'workflow.nodes[0].max_tool_calls', ''],
    [[qa()], [{ ...orderTool, parameters: { type: 'object', properties: { id: { type: 'strnig' } } } }], 'tools[0].parameters', 'not a valid JSON Schema'],
    [[qa()], [{ ...orderTool, parameters: { type: 'array' } }], 'tools[0].parameters.type', 'type": "object"'],
    [[qa()], [{ ...orderTool, http: { url: 'ftp://shop.example/x' } }], 'tools[0].http.url', 'http:// or https://'],
    [[qa()], [{ ...orderTool, http: { url: '{{secrets.BASE}}/x' } }], 'tools[0].http.url', 'host is written out'],
    [[qa()], [{ ...orderTool, http: { url: 'https://shop.example/{{args.missing}}' } }], 'tools[0].http.url', '"missing" is not one of the tool’s parameters'],
    [[qa()], [{ ...orderTool, http: { url: 'https://x.example/', headers: { 'X-A': 'a\r\nInjected: 1' } } }], 'tools[0].http.headers.X-A', 'one line'],
    [[qa()], [{ name: 'both', http: { url: 'https://a.example/' }, mcp: { url: 'https://b.example/' } }], 'tools[0].http', 'either http or mcp'],
    [[qa()], [orderTool, orderTool], 'tools[1].name', 'duplicate tool name'],
    [[qa()], [{ ...orderTool, timeout_ms: 60_000 }], 'tools[0].timeout_ms', ''],
    [[qa()], [{ ...orderTool, http: { url: 'https://x.example/', headers: { A: '{{secrets.lower}}' } } }], 'tools[0].http.headers.A', 'not a secret'],
    [[{ id: 'qa', name: 'Q', static_text: 'key {{secrets.SHOP_KEY}}' }], [orderTool], 'workflow.nodes[0].static_text', 'only in a tool'],
    [[qa({ prompt: 'use {{ secrets.SHOP_KEY }}' })], [orderTool], 'workflow.nodes[0].prompt', 'only in a tool'],
    [
      [qa({ call: { tool: 'order_status', args: { order_id: '{{secrets.SHOP_KEY}}' }, save_as: 'o' } })],
      [orderTool],
      'workflow.nodes[0].call.args',
      'only in a tool',
    ],
  ])('refuses %j with tools %j at %s', (nodes, tools, path, message) => {
    const parsed = parseAgentConfig(config(nodes, tools));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.path).toBe(path);
      expect(parsed.message).toContain(message);
    }
  });

  it('names every secret the tools use, with where (a config naming one the tenant lacks is refused by the caller)', () => {
    const parsed = parseAgentConfig(config([qa()]));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(secretReferences(parsed.config)).toEqual([
      { name: 'SHOP_KEY', path: ['tools', 0, 'http', 'headers', 'Authorization'] },
      { name: 'CRM', path: ['tools', 1, 'mcp', 'headers', 'Authorization'] },
    ]);
  });
});
