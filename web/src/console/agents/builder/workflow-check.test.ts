import { parseAgentConfig } from '@parley/workflow';
import { describe, expect, it } from 'vitest';
import { checkConfig, conditionProblem } from './workflow-check';
import type { AgentConfigJson, NodeConfig } from './workflow-graph';
import { nodeProblems } from './workflow-graph';

/** A config the platform takes: a prompt node with a tool and knowledge, a call, intents, an end. */
const valid = (): AgentConfigJson => ({
  llm: { model: 'gpt-4o-mini', temperature: 0.3 },
  tools: [
    {
      name: 'order_status',
      http: { url: 'https://shop.example/api/orders/{{args.order_id}}' },
      parameters: { type: 'object', properties: { order_id: { type: 'string' } } },
    },
    { name: 'crm', mcp: { url: 'https://crm.example/mcp' }, allow: ['find_customer'] },
  ],
  workflow: {
    initial_node: 'hello',
    nodes: [
      {
        id: 'hello',
        name: 'Hello',
        static_text: 'Hi! Your order number?',
        extract: [{ name: 'order_id', pattern: '(\\d{6})' }],
        transitions: [{ to: 'lookup', condition: 'variables_extracted:order_id' }],
      },
      {
        id: 'lookup',
        name: 'Lookup',
        call: { tool: 'order_status', args: { order_id: '{{order_id}}' }, save_as: 'order' },
        transitions: [
          { to: 'qa', condition: 'tool_ok:order' },
          { to: 'human', condition: 'tool_failed:order' },
        ],
      },
      {
        id: 'qa',
        name: 'Q&A',
        prompt: 'Answer about order {{order.status}}.',
        tools: ['crm.find_customer'],
        max_tool_calls: 3,
        intents: [{ name: 'bye', keywords: ['bye'] }],
        transitions: [{ to: 'done', condition: 'intent:bye' }],
      },
      {
        id: 'human',
        name: 'Human',
        type: 'handoff',
        handoff_reason: 'order lookup failed',
        handoff_team: 'Support',
        transitions: [{ to: 'qa', condition: 'always' }],
      },
      { id: 'done', name: 'Done', type: 'end', resolves: true, static_text: 'Bye!' },
    ],
    layout: { hello: { x: 0, y: 0 } },
  },
});

/** The valid config with one node changed (by id). */
const withNode = (id: string, change: (node: NodeConfig) => Record<string, unknown>): AgentConfigJson => {
  const config = valid();
  return { ...config, workflow: { ...config.workflow, nodes: config.workflow.nodes.map((node) => (node.id === id ? (change(node) as NodeConfig) : node)) } };
};

/** The platform's first problem, as a refusal names it (`config.…`). */
const platform = (config: unknown) => {
  const parsed = parseAgentConfig(config);
  return parsed.ok ? undefined : { path: `config.${parsed.path}`, message: parsed.message };
};

describe('the builder’s check of a config', () => {
  it('finds nothing in a config the platform takes', () => {
    expect(platform(valid())).toBeUndefined();
    expect(checkConfig(valid())).toEqual([]);
  });

  // One problem each: the check names it where, and as, the platform's save does.
  const worded: [string, AgentConfigJson][] = [
    ['a transition to no node', withNode('hello', (n) => ({ ...n, transitions: [{ to: 'nowhere', condition: 'always' }] }))],
    ['a start at no node', { ...valid(), workflow: { ...valid().workflow, initial_node: 'gone' } }],
    ['a duplicate id', { ...valid(), workflow: { ...valid().workflow, nodes: [...valid().workflow.nodes, { id: 'hello', name: 'Again' }] } }],
    ['a blank name', withNode('done', (n) => ({ ...n, name: '  ' }))],
    ['static text and a prompt', withNode('qa', (n) => ({ ...n, static_text: 'Hi' }))],
    ['knowledge without a prompt', withNode('hello', (n) => ({ ...n, knowledge: { bases: ['faq'] } }))],
    ['tools without a prompt', withNode('hello', (n) => ({ ...n, tools: ['order_status'] }))],
    ['an undeclared intent', withNode('qa', (n) => ({ ...n, transitions: [{ to: 'done', condition: 'intent:refund' }] }))],
    ['an unknown condition', withNode('hello', (n) => ({ ...n, transitions: [{ to: 'qa', condition: 'sometimes' }] }))],
    ['contains: without a keyword', withNode('hello', (n) => ({ ...n, transitions: [{ to: 'qa', condition: 'contains: ' }] }))],
    ['max_turns:0', withNode('hello', (n) => ({ ...n, transitions: [{ to: 'qa', condition: 'max_turns:0' }] }))],
    ['a blank variable', withNode('hello', (n) => ({ ...n, transitions: [{ to: 'qa', condition: 'variables_extracted:a,' }] }))],
    ['tool_ok: without a name', withNode('lookup', (n) => ({ ...n, transitions: [{ to: 'qa', condition: 'tool_ok:' }] }))],
    ['tool_ok: of no call', withNode('lookup', (n) => ({ ...n, transitions: [{ to: 'qa', condition: 'tool_ok:invoice' }] }))],
    ['a call of no tool', withNode('lookup', (n) => ({ ...n, call: { tool: 'invoice', save_as: 'order' } }))],
    ['a call saved as no identifier', withNode('done', (n) => ({ ...n, call: { tool: 'order_status', save_as: '1st' } }))],
    ['an mcp tool outside its allow list', withNode('qa', (n) => ({ ...n, tools: ['crm.delete_customer'] }))],
    ['an extraction named no identifier', withNode('hello', (n) => ({ ...n, extract: [{ name: 'order id' }] }))],
    ['a secret in what a node says', withNode('done', (n) => ({ ...n, static_text: 'Key: {{secrets.SHOP_KEY}}' }))],
    [
      'a secret in a call’s arguments',
      withNode('lookup', (n) => ({ ...n, call: { tool: 'order_status', args: { order_id: '{{ secrets.KEY }}' }, save_as: 'order' } })),
    ],
    ['a position of no node', { ...valid(), workflow: { ...valid().workflow, layout: { gone: { x: 0, y: 0 } } } }],
  ];
  it.each(worded)('%s: where and as the platform says', (_, config) => {
    const expected = platform(config);
    expect(expected).toBeDefined();
    expect(checkConfig(config)).toEqual([expected]);
  });

  // The platform words these with its schema library's messages: the check names the same place in its own words.
  const placed: [string, AgentConfigJson][] = [
    ['a type of no kind', withNode('done', (n) => ({ ...n, type: 'finish' }))],
    ['an empty handoff reason', withNode('human', (n) => ({ ...n, handoff_reason: '' }))],
    ['a handoff team too long', withNode('human', (n) => ({ ...n, handoff_team: 'x'.repeat(101) }))],
    ['resolves that is no boolean', withNode('done', (n) => ({ ...n, resolves: 'yes' }))],
    ['too many tool calls', withNode('qa', (n) => ({ ...n, max_tool_calls: 11 }))],
    ['tool calls not whole', withNode('qa', (n) => ({ ...n, max_tool_calls: 2.5 }))],
    ['a call without a tool', withNode('lookup', (n) => ({ ...n, call: { save_as: 'order' } }))],
    ['a missing name', withNode('done', ({ name: _name, ...n }) => n)],
    ['top_k out of range', withNode('qa', (n) => ({ ...n, knowledge: { bases: ['faq'], top_k: 11 } }))],
    ['no knowledge base', withNode('qa', (n) => ({ ...n, knowledge: { bases: [] } }))],
    ['a position off the drawing', { ...valid(), workflow: { ...valid().workflow, layout: { hello: { x: 0, y: 200_000 } } } }],
    ['a temperature above 2', { ...valid(), llm: { model: 'gpt-4o-mini', temperature: 3 } }],
  ];
  it.each(placed)('%s: at the place the platform names', (_, config) => {
    const expected = platform(config);
    expect(expected).toBeDefined();
    expect(checkConfig(config).map((problem) => problem.path)).toEqual([expected?.path]);
  });

  it('names every problem at once, each on its node; the workflow’s own are on none', () => {
    const config = valid();
    const [hello, lookup, qa, human, done] = config.workflow.nodes as [NodeConfig, NodeConfig, NodeConfig, NodeConfig, NodeConfig];
    const broken: AgentConfigJson = {
      ...config,
      workflow: {
        ...config.workflow,
        initial_node: 'start',
        nodes: [
          { ...hello, transitions: [{ to: 'nowhere', condition: 'always' }] },
          lookup,
          { ...qa, transitions: [{ to: 'done', condition: 'intent:refund' }] },
          human,
          done,
        ],
      },
    };
    const problems = checkConfig(broken);
    expect(problems).toEqual([
      { path: 'config.workflow.initial_node', message: 'no node has id "start"' },
      { path: 'config.workflow.nodes[0].transitions[0].to', message: 'no node has id "nowhere"' },
      { path: 'config.workflow.nodes[2].transitions[0].condition', message: 'intent "refund" is not one of this node\'s intents' },
    ]);
    expect(nodeProblems(broken, problems).map((problem) => [problem.nodeId, problem.field])).toEqual([
      ['hello', 'transitions[0].to'],
      ['qa', 'transitions[0].condition'],
    ]);
  });

  it('reads conditions as the platform does', () => {
    for (const condition of [
      'always',
      'user_responded',
      'contains:monday',
      'intent: schedule',
      'variables_extracted:a, b',
      'max_turns:5',
      'tool_failed:order',
    ]) {
      expect(conditionProblem(condition)).toBeUndefined();
    }
    for (const condition of ['', 'Always', 'max_turns:five', 'max_turns:', 'intent:', 'tool_ok:1x']) expect(conditionProblem(condition)).toBeDefined();
  });
});
