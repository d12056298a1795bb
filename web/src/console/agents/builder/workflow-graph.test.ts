import { describe, expect, it } from 'vitest';
import {
  type AgentConfigJson,
  addNode,
  addTransition,
  asWorkflowConfig,
  freeNodeId,
  nodeProblems,
  placeNodes,
  removeNode,
  removeTransition,
  renameNode,
  setNodeField,
  visitedNodes,
  workflowGraph,
} from './workflow-graph';
import { autoLayout, NODE_HEIGHT, NODE_WIDTH, positions } from './workflow-layout';

const config = (): AgentConfigJson => ({
  llm: { model: 'gpt-4o-mini' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Hi', transitions: [{ to: 'ask', condition: 'always' }] },
      {
        id: 'ask',
        name: 'Ask',
        transitions: [
          { to: 'bye', condition: 'contains:bye' },
          { to: 'bye', condition: 'max_turns:3' },
          { to: 'ask', condition: 'user_responded' },
        ],
      },
      { id: 'bye', name: 'Bye', type: 'end' },
    ],
  },
});

describe('a config read as a graph', () => {
  it('one node per node, one edge per transition (parallel ones counted), the initial node and end nodes marked', () => {
    const graph = workflowGraph(config());
    expect(graph.nodes.map((node) => [node.id, node.kind, node.initial])).toEqual([
      ['hello', 'step', true],
      ['ask', 'step', false],
      ['bye', 'end', false],
    ]);
    expect(graph.edges.map((edge) => [`${edge.from}->${edge.to}`, edge.condition, edge.parallel, edge.parallelCount])).toEqual([
      ['hello->ask', 'always', 0, 1],
      ['ask->bye', 'contains:bye', 0, 2],
      ['ask->bye', 'max_turns:3', 1, 2],
      ['ask->ask', 'user_responded', 0, 1],
    ]);
  });

  it('is not drawn from what is not a workflow', () => {
    expect(asWorkflowConfig(null)).toBeUndefined();
    expect(asWorkflowConfig({ backend: { kind: 'openai' } })).toBeUndefined();
    expect(asWorkflowConfig({ workflow: { nodes: [{ name: 'no id' }] } })).toBeUndefined();
    expect(asWorkflowConfig(config())).toBeDefined();
  });
});

describe('graph edits, back into the config', () => {
  it('adds a node with its position and connects it; fields it does not know are kept', () => {
    const id = freeNodeId(config());
    expect(id).toBe('node_1');
    const added = addTransition(addNode(config(), { id, name: 'New' }, { x: 10, y: 300 }), 'ask', { to: id, condition: 'contains:help' });
    expect(added.llm).toEqual({ model: 'gpt-4o-mini' });
    expect(added.workflow.nodes.at(-1)).toEqual({ id: 'node_1', name: 'New' });
    expect(added.workflow.nodes[1]?.transitions?.at(-1)).toEqual({ to: 'node_1', condition: 'contains:help' });
    expect(added.workflow.layout).toEqual({ node_1: { x: 10, y: 300 } });
    expect(freeNodeId(added)).toBe('node_2');
  });

  it('removes a node with the transitions into it and its position; the start moves to the first node left', () => {
    const placed = placeNodes(config(), { hello: { x: 1.4, y: 2.6 }, ask: { x: 0, y: 100 } });
    expect(placed.workflow.layout).toEqual({ hello: { x: 1, y: 3 }, ask: { x: 0, y: 100 } });
    const removed = removeNode(placed, 'hello');
    expect(removed.workflow.initial_node).toBe('ask');
    expect(removed.workflow.layout).toEqual({ ask: { x: 0, y: 100 } });
    const noBye = removeNode(config(), 'bye');
    expect(noBye.workflow.nodes.map((node) => node.transitions)).toEqual([[{ to: 'ask', condition: 'always' }], [{ to: 'ask', condition: 'user_responded' }]]);
    expect(noBye.workflow.layout).toBeUndefined();
  });

  it('renames a node everywhere it is named', () => {
    const renamed = renameNode(placeNodes(config(), { ask: { x: 5, y: 5 } }), 'ask', 'question');
    expect(renamed.workflow.nodes.map((node) => node.id)).toEqual(['hello', 'question', 'bye']);
    expect(renamed.workflow.nodes[0]?.transitions).toEqual([{ to: 'question', condition: 'always' }]);
    expect(renamed.workflow.nodes[1]?.transitions?.[2]).toEqual({ to: 'question', condition: 'user_responded' });
    expect(renamed.workflow.layout).toEqual({ question: { x: 5, y: 5 } });
  });

  it('sets a field, and drops it when emptied; removes a transition, and the list with the last one', () => {
    expect(setNodeField(config(), 'bye', 'static_text', 'Ciao').workflow.nodes[2]).toEqual({ id: 'bye', name: 'Bye', type: 'end', static_text: 'Ciao' });
    expect(setNodeField(config(), 'hello', 'static_text', '').workflow.nodes[0]).not.toHaveProperty('static_text');
    expect(removeTransition(config(), 'hello', 0).workflow.nodes[0]).not.toHaveProperty('transitions');
  });

  it('puts a refusal’s problems on the node its path names', () => {
    const problems = [
      { path: 'config.workflow.nodes[1].transitions[0].condition', message: 'bad' },
      { path: 'config.workflow.initial_node', message: 'no node' },
      { path: 'config.workflow.layout.bye.x', message: 'not a number' },
      { path: 'config.workflow.nodes[9].id', message: 'gone since' },
    ];
    expect(nodeProblems(config(), problems)).toEqual([
      { nodeId: 'ask', field: 'transitions[0].condition', path: problems[0]?.path, message: 'bad' },
      { nodeId: 'bye', field: 'layout', path: problems[2]?.path, message: 'not a number' },
    ]);
  });

  it('names the nodes a turn passed', () => {
    expect(
      visitedNodes(
        [
          { from_node: 'hello', to_node: 'ask' },
          { from_node: 'ask', to_node: 'bye' },
        ],
        'bye',
      ),
    ).toEqual(['hello', 'ask', 'bye']);
    expect(visitedNodes([], 'ask')).toEqual(['ask']);
  });
});

describe('layout', () => {
  const overlap = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT;

  it('lays out a workflow without positions in layers, the start on top, no two nodes overlapping', () => {
    const placed = autoLayout(workflowGraph(config()));
    expect(placed.hello?.y).toBeLessThan(placed.ask?.y ?? 0);
    expect(placed.ask?.y).toBeLessThan(placed.bye?.y ?? 0);
    const all = Object.values(placed);
    for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(overlap(a, b)).toBe(false);
  });

  it('keeps saved positions and places only the nodes without one, below them', () => {
    const saved = placeNodes(config(), { hello: { x: 500, y: 40 }, ask: { x: 500, y: 200 } });
    const placed = positions(workflowGraph(saved));
    expect(placed.hello).toEqual({ x: 500, y: 40 });
    expect(placed.ask).toEqual({ x: 500, y: 200 });
    expect(placed.bye?.y).toBeGreaterThanOrEqual(200 + NODE_HEIGHT);
  });

  it('falls back to the layout for a position that is not a number', () => {
    const broken = { ...config(), workflow: { ...config().workflow, layout: { hello: { x: 'left', y: 0 } } } } as unknown as AgentConfigJson;
    const placed = positions(workflowGraph(broken));
    expect(Object.values(placed).every((at) => Number.isFinite(at.x) && Number.isFinite(at.y))).toBe(true);
  });
});
