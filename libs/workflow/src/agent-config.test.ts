import { describe, expect, it } from 'vitest';
import { callsLlm, parseAgentConfig, readsHistory } from './agent-config.js';
import { noLlm } from './llm.js';
import { workflowTurn } from './workflow-turn.js';
import { buildAgent } from './fixtures/build-agent.js';
import { exampleAgentConfig } from './fixtures/mri-agent.js';

type Json = Record<string, unknown>;

/** The example agent with one change applied to a fresh copy. */
function exampleWith(change: (config: { llm?: Json; workflow: { initial_node: string; nodes: Json[] } }) => void): unknown {
  const config = structuredClone(exampleAgentConfig) as unknown as { llm?: Json; workflow: { initial_node: string; nodes: Json[] } };
  change(config);
  return config;
}

function node(config: { workflow: { nodes: Json[] } }, index: number): Json {
  const found = config.workflow.nodes[index];
  if (!found) throw new Error(`no node ${index}`);
  return found;
}

function firstError(input: unknown): { path: string; message: string } {
  const result = parseAgentConfig(input);
  if (result.ok) throw new Error('expected the config to be refused');
  return { path: result.path, message: result.message };
}

describe('parseAgentConfig accepts', () => {
  it('the docs/workflow.md example as written, including its Python-style patterns', () => {
    const result = parseAgentConfig(JSON.parse(JSON.stringify(exampleAgentConfig)));
    expect(result).toEqual({ ok: true, config: exampleAgentConfig });
  });

  it('a layout: where the console draws each node, kept as written', () => {
    const config = exampleWith((c) => Object.assign(c.workflow, { layout: { greeting: { x: 10, y: 20.5 }, qa: { x: -4, y: 300 } } }));
    const result = parseAgentConfig(config);
    expect(result.ok && result.config.workflow.layout).toEqual({ greeting: { x: 10, y: 20.5 }, qa: { x: -4, y: 300 } });
  });

  it('a config without llm settings, and fills in the default model when llm omits it', () => {
    const withoutLlm = exampleWith((config) => {
      delete config.llm;
    });
    expect(parseAgentConfig(withoutLlm)).toMatchObject({ ok: true });
    const result = parseAgentConfig(exampleWith((config) => (config.llm = { temperature: 1 })));
    expect(result.ok && result.config.llm).toEqual({ model: 'gpt-4o-mini', temperature: 1 });
  });

  it('unknown keys such as proactive, stripping them', () => {
    const result = parseAgentConfig(
      exampleWith((config) => {
        node(config, 0).proactive = true;
        (config as Json).description = 'extra';
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.workflow.nodes[0]).not.toHaveProperty('proactive');
    expect(result.config).not.toHaveProperty('description');
  });

  it.each([
    'always',
    'user_responded',
    'contains:monday',
    'contains: that is all',
    'intent:schedule',
    'variables_extracted:first_name, zip_code',
    'max_turns:1',
    'max_turns:12',
  ])('the condition %s', (condition) => {
    const config = exampleWith((c) => (node(c, 4).transitions = [{ to: 'end_call', condition }]));
    expect(parseAgentConfig(config).ok).toBe(true);
  });

  it('a node with neither static_text nor prompt, and one with a prompt and fallback_text', () => {
    const config = exampleWith((c) => (node(c, 4).fallback_text = 'Sorry, {{first_name}}.'));
    expect(parseAgentConfig(config).ok).toBe(true);
  });
});

describe('parseAgentConfig refuses, naming the path of the first error', () => {
  it('a transition to an unknown node', () => {
    const config = exampleWith((c) => (node(c, 2).transitions = [{ to: 'nowhere', condition: 'always' }]));
    expect(firstError(config)).toEqual({ path: 'workflow.nodes[2].transitions[0].to', message: 'no node has id "nowhere"' });
  });

  it('a `resolves` that is not a boolean', () => {
    const config = exampleWith((c) => (node(c, 2).resolves = 'yes'));
    expect(firstError(config).path).toBe('workflow.nodes[2].resolves');
  });

  it('an unknown initial node', () => {
    const config = exampleWith((c) => (c.workflow.initial_node = 'start'));
    expect(firstError(config)).toEqual({ path: 'workflow.initial_node', message: 'no node has id "start"' });
  });

  it('a duplicate node id, at the duplicate', () => {
    const config = exampleWith((c) => c.workflow.nodes.push({ id: 'greeting', name: 'Second Greeting' }));
    expect(firstError(config)).toEqual({ path: 'workflow.nodes[7].id', message: 'duplicate node id "greeting"' });
  });

  it.each([
    'sometimes',
    '',
    'Always',
    'contains:',
    'contains:  ',
    'intent:',
    'variables_extracted:',
    'variables_extracted:a,,b',
    'max_turns:0',
    'max_turns:-1',
    'max_turns:1.5',
    'max_turns:five',
    'max_turns:',
  ])('the condition "%s"', (condition) => {
    const config = exampleWith((c) => (node(c, 1).transitions = [{ to: 'qa', condition }]));
    expect(firstError(config).path).toBe('workflow.nodes[1].transitions[0].condition');
  });

  it('an intent condition for an intent the node does not declare', () => {
    const config = exampleWith(
      (c) =>
        (node(c, 4).transitions = [
          { to: 'scheduling', condition: 'intent:schedule' },
          { to: 'end_call', condition: 'intent:cancel' },
        ]),
    );
    expect(firstError(config)).toEqual({ path: 'workflow.nodes[4].transitions[1].condition', message: `intent "cancel" is not one of this node's intents` });
  });

  it('a pattern that is not a JavaScript regular expression', () => {
    const config = exampleWith((c) => (node(c, 2).extract = [{ name: 'first_name', pattern: '(?P<name>[A-Z]+' }]));
    const error = firstError(config);
    expect(error.path).toBe('workflow.nodes[2].extract[0].pattern');
    expect(error.message).toMatch(/^not a valid regular expression/);
  });

  it('static_text and prompt on the same node', () => {
    const config = exampleWith((c) => (node(c, 4).static_text = 'Ask me anything.'));
    expect(firstError(config)).toEqual({ path: 'workflow.nodes[4].prompt', message: 'a node has static_text or prompt, not both' });
  });

  it.each([
    ['a missing node name', (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => delete node(c, 5).name, 'workflow.nodes[5].name'],
    ['an empty node id', (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => (node(c, 5).id = ' '), 'workflow.nodes[5].id'],
    ['a node type other than end', (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => (node(c, 6).type = 'start'), 'workflow.nodes[6].type'],
    [
      'an extract name that is not an identifier',
      (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => (node(c, 2).extract = [{ name: 'first name' }]),
      'workflow.nodes[2].extract[0].name',
    ],
    [
      'keywords that are not strings',
      (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => (node(c, 4).intents = [{ name: 'schedule', keywords: [1] }]),
      'workflow.nodes[4].intents[0].keywords[0]',
    ],
    ['a temperature above 2', (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => (c.llm = { temperature: 2.5 }), 'llm.temperature'],
    ['max_tokens of 0', (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => (c.llm = { max_tokens: 0 }), 'llm.max_tokens'],
    ['fractional max_tokens', (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => (c.llm = { max_tokens: 1.5 }), 'llm.max_tokens'],
    ['a missing workflow', (c: Parameters<Parameters<typeof exampleWith>[0]>[0]) => delete (c as Json).workflow, 'workflow'],
  ])('%s', (_name, change, path) => {
    expect(firstError(exampleWith(change)).path).toBe(path);
  });

  it('a layout entry for no node, and a position that is not a number', () => {
    const stale = exampleWith((c) => Object.assign(c.workflow, { layout: { greeting: { x: 0, y: 0 }, gone: { x: 1, y: 2 } } }));
    expect(firstError(stale)).toEqual({ path: 'workflow.layout.gone', message: 'no node has id "gone"' });
    const bad = exampleWith((c) => Object.assign(c.workflow, { layout: { greeting: { x: 'left', y: 0 } } }));
    expect(firstError(bad).path).toBe('workflow.layout.greeting.x');
  });

  it('input that is not an object, at the root', () => {
    expect(firstError('nope').path).toBe('');
    expect(firstError(null).path).toBe('');
  });

  it('reports field errors before cross-node ones', () => {
    const config = exampleWith((c) => {
      c.workflow.initial_node = 'start';
      node(c, 5).transitions = [{ to: 'end_call', condition: 'maybe' }];
    });
    expect(firstError(config).path).toBe('workflow.nodes[5].transitions[0].condition');
  });
});

describe('readsHistory', () => {
  it('is true when any node has a prompt, even one that extracts and classifies too', () => {
    expect(readsHistory(exampleAgentConfig)).toBe(true);
    const late = buildAgent([
      { id: 'a', name: 'A', static_text: 'Hi.', transitions: [{ to: 'b', condition: 'user_responded' }] },
      { id: 'b', name: 'B', prompt: 'Answer.' },
    ]);
    expect(readsHistory(late)).toBe(true);
  });

  it('is false for static text, patterns, LLM extraction and intents alone: they see only the message', () => {
    const config = buildAgent([
      {
        id: 'a',
        name: 'A',
        static_text: 'Name?',
        extract: [
          { name: 'name', description: 'their name' },
          { name: 'n', pattern: '(\\d+)' },
        ],
        intents: [{ name: 'yes', description: 'agrees' }],
        transitions: [{ to: 'end', condition: 'intent:yes' }],
      },
      { id: 'end', name: 'End', type: 'end', static_text: 'Bye.' },
    ]);
    expect(readsHistory(config)).toBe(false);
  });
});

describe('callsLlm', () => {
  const patternsOnly = () =>
    buildAgent([
      {
        id: 'a',
        name: 'A',
        static_text: 'Your order number?',
        extract: [{ name: 'order', pattern: '(\\d{4,})' }],
        transitions: [
          { to: 'end', condition: 'variables_extracted:order' },
          { to: 'end', condition: 'contains:cancel' },
          { to: 'a', condition: 'max_turns:3' },
        ],
      },
      { id: 'end', name: 'End', type: 'end', static_text: 'Thanks, {{order}}.' },
    ]);

  it('is false for static text, keywords and patterns, and the turn is then the same with or without a model', async () => {
    const config = patternsOnly();
    expect(callsLlm(config)).toBe(false);
    const asked: string[] = [];
    const refusing = async (what: string): Promise<never> => {
      asked.push(what);
      throw new Error('not to be asked');
    };
    const withModel = { available: true, reply: () => refusing('reply'), extract: () => refusing('extract'), classify: () => refusing('classify') };
    const state = { nodeId: 'a', collectedData: {}, visitTurns: 0 };
    const here = await workflowTurn(config, { state, message: 'it is 12345' }, { llm: noLlm(), history: async () => [] });
    const there = await workflowTurn(config, { state, message: 'it is 12345' }, { llm: withModel, history: async () => [] });
    expect(there).toEqual(here);
    expect(here).toMatchObject({ response: 'Thanks, 12345.', status: 'completed', nodeName: 'End', previousNodeId: 'a', previousNodeName: 'A' });
    expect(asked).toEqual([]);
  });

  it('is true for a prompt, an extraction without a pattern, or intents (a model classifies when no keyword decides)', () => {
    const node = { id: 'a', name: 'A', static_text: 'Hi.', transitions: [{ to: 'a', condition: 'user_responded' }] };
    expect(callsLlm(buildAgent([{ id: 'a', name: 'A', prompt: 'Answer.' }]))).toBe(true);
    expect(
      callsLlm(
        buildAgent([
          {
            ...node,
            extract: [
              { name: 'n', pattern: '(\\d+)' },
              { name: 'name', description: 'their name' },
            ],
          },
        ]),
      ),
    ).toBe(true);
    expect(callsLlm(buildAgent([{ ...node, intents: [{ name: 'yes', keywords: ['yes'] }], transitions: [{ to: 'a', condition: 'intent:yes' }] }]))).toBe(true);
  });
});
