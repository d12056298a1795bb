/**
 * An agent config read as a graph and changed as one (docs/workflow.md): nodes, their transitions
 * as edges, the initial node, and where each node is drawn (`workflow.layout`). Every change takes
 * a config and returns a new one, leaving fields the builder does not know as they were, so the
 * JSON view and the graph stay the same config.
 */

export interface Position {
  x: number;
  y: number;
}

export interface TransitionConfig {
  to: string;
  condition: string;
  [field: string]: unknown;
}

export interface NodeConfig {
  id: string;
  name: string;
  type?: 'end' | 'handoff';
  transitions?: TransitionConfig[];
  [field: string]: unknown;
}

export interface WorkflowConfig {
  initial_node: string;
  nodes: NodeConfig[];
  layout?: Record<string, Position>;
  [field: string]: unknown;
}

export interface AgentConfigJson {
  workflow: WorkflowConfig;
  [field: string]: unknown;
}

export interface GraphNode {
  id: string;
  name: string;
  kind: 'step' | 'end' | 'handoff';
  initial: boolean;
  /** Its index in `workflow.nodes`, which validation paths name. */
  index: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  condition: string;
  /** Its index in the node's transitions. */
  index: number;
  /** Among the transitions between the same two nodes (either way), which one and of how many: parallel edges are drawn apart. */
  parallel: number;
  parallelCount: number;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  layout: Record<string, Position>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The config as a workflow the builder can draw, or undefined (not JSON of an object, another backend, nodes not a list). */
export function asWorkflowConfig(config: unknown): AgentConfigJson | undefined {
  if (!isObject(config) || !isObject(config.workflow) || !Array.isArray(config.workflow.nodes)) return undefined;
  if (!config.workflow.nodes.every((node) => isObject(node) && typeof node.id === 'string')) return undefined;
  return config as AgentConfigJson;
}

/** The graph a workflow draws: one edge per transition, in order. */
export function workflowGraph(config: AgentConfigJson): WorkflowGraph {
  const { workflow } = config;
  const nodes = workflow.nodes.map(
    (node, index): GraphNode => ({
      id: node.id,
      name: typeof node.name === 'string' ? node.name : '',
      kind: node.type === 'end' || node.type === 'handoff' ? node.type : 'step',
      initial: node.id === workflow.initial_node,
      index,
    }),
  );
  const edges: Omit<GraphEdge, 'parallel' | 'parallelCount'>[] = workflow.nodes.flatMap((node) =>
    (Array.isArray(node.transitions) ? node.transitions : []).map((transition, index) => ({
      from: node.id,
      to: String(transition.to),
      condition: String(transition.condition ?? ''),
      index,
    })),
  );
  const pair = (edge: { from: string; to: string }) => [edge.from, edge.to].sort().join('\u0000');
  const counts = new Map<string, number>();
  for (const edge of edges) counts.set(pair(edge), (counts.get(pair(edge)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return {
    nodes,
    edges: edges.map((edge) => {
      const key = pair(edge);
      const parallel = seen.get(key) ?? 0;
      seen.set(key, parallel + 1);
      return { ...edge, parallel, parallelCount: counts.get(key) ?? 1 };
    }),
    layout: isObject(workflow.layout) ? (workflow.layout as Record<string, Position>) : {},
  };
}

const withWorkflow = (config: AgentConfigJson, workflow: WorkflowConfig): AgentConfigJson => ({ ...config, workflow });

const changeNode = (config: AgentConfigJson, id: string, change: (node: NodeConfig) => NodeConfig) =>
  withWorkflow(config, { ...config.workflow, nodes: config.workflow.nodes.map((node) => (node.id === id ? change(node) : node)) });

/** A node id not taken yet: `node_1`, `node_2`, … */
export function freeNodeId(config: AgentConfigJson, stem = 'node'): string {
  const taken = new Set(config.workflow.nodes.map((node) => node.id));
  for (let n = 1; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

/** A new node with nothing to say yet, drawn at `at`. */
export function addNode(config: AgentConfigJson, node: NodeConfig, at: Position): AgentConfigJson {
  return withWorkflow(config, {
    ...config.workflow,
    nodes: [...config.workflow.nodes, node],
    layout: { ...(config.workflow.layout ?? {}), [node.id]: at },
  });
}

/** Removes a node, the transitions into it and its position; the initial node moves to the first one left. */
export function removeNode(config: AgentConfigJson, id: string): AgentConfigJson {
  const nodes = config.workflow.nodes
    .filter((node) => node.id !== id)
    .map((node) =>
      node.transitions?.some((transition) => transition.to === id) ? { ...node, transitions: node.transitions.filter((t) => t.to !== id) } : node,
    );
  const { [id]: _gone, ...layout } = config.workflow.layout ?? {};
  const initial = config.workflow.initial_node === id ? (nodes[0]?.id ?? '') : config.workflow.initial_node;
  return withWorkflow(config, { ...config.workflow, initial_node: initial, nodes, ...(config.workflow.layout ? { layout } : {}) });
}

/** Gives a node another id, and every transition, the initial node and the layout follow it. */
export function renameNode(config: AgentConfigJson, id: string, newId: string): AgentConfigJson {
  if (id === newId) return config;
  const nodes = config.workflow.nodes.map((node) => ({
    ...node,
    id: node.id === id ? newId : node.id,
    ...(node.transitions ? { transitions: node.transitions.map((t) => (t.to === id ? { ...t, to: newId } : t)) } : {}),
  }));
  const layout = config.workflow.layout && Object.fromEntries(Object.entries(config.workflow.layout).map(([key, at]) => [key === id ? newId : key, at]));
  return withWorkflow(config, {
    ...config.workflow,
    initial_node: config.workflow.initial_node === id ? newId : config.workflow.initial_node,
    nodes,
    ...(layout ? { layout } : {}),
  });
}

/** Sets (or, with undefined or empty text, removes) one field of a node. */
export function setNodeField(config: AgentConfigJson, id: string, field: string, value: unknown): AgentConfigJson {
  return changeNode(config, id, (node) => {
    const { [field]: _old, ...rest } = node;
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    return (empty ? rest : { ...rest, [field]: value }) as NodeConfig;
  });
}

export function setInitialNode(config: AgentConfigJson, id: string): AgentConfigJson {
  return withWorkflow(config, { ...config.workflow, initial_node: id });
}

export function addTransition(config: AgentConfigJson, from: string, transition: TransitionConfig): AgentConfigJson {
  return changeNode(config, from, (node) => ({ ...node, transitions: [...(node.transitions ?? []), transition] }));
}

export function changeTransition(config: AgentConfigJson, from: string, index: number, change: Partial<TransitionConfig>): AgentConfigJson {
  return changeNode(config, from, (node) => ({ ...node, transitions: (node.transitions ?? []).map((t, i) => (i === index ? { ...t, ...change } : t)) }));
}

export function removeTransition(config: AgentConfigJson, from: string, index: number): AgentConfigJson {
  return changeNode(config, from, (node) => {
    const transitions = (node.transitions ?? []).filter((_, i) => i !== index);
    const { transitions: _old, ...rest } = node;
    return transitions.length > 0 ? { ...rest, transitions } : (rest as NodeConfig);
  });
}

/** Records where nodes are drawn; positions are kept whole pixels. */
export function placeNodes(config: AgentConfigJson, positions: Record<string, Position>): AgentConfigJson {
  const rounded = Object.fromEntries(Object.entries(positions).map(([id, at]) => [id, { x: Math.round(at.x), y: Math.round(at.y) }]));
  return withWorkflow(config, { ...config.workflow, layout: { ...(config.workflow.layout ?? {}), ...rounded } });
}

/** One validation problem (`config.workflow.nodes[2].transitions[0].to`) placed on the node it belongs to. */
export interface NodeProblem {
  nodeId: string;
  /** The path inside the node (`transitions[0].to`), empty for the node itself. */
  field: string;
  path: string;
  message: string;
}

const NODE_PATH = /^(?:config\.)?workflow\.nodes\[(\d+)\]\.?(.*)$/;
const LAYOUT_PATH = /^(?:config\.)?workflow\.layout\.(.+?)(?:\.[xy])?$/;

/** The problems a refusal names that belong to a node of this config, each with the node's id. */
export function nodeProblems(config: AgentConfigJson, problems: readonly { path: string; message: string }[]): NodeProblem[] {
  return problems.flatMap((problem) => {
    const atNode = NODE_PATH.exec(problem.path);
    const node = atNode ? config.workflow.nodes[Number(atNode[1])] : undefined;
    if (atNode && node) return [{ nodeId: node.id, field: atNode[2] ?? '', path: problem.path, message: problem.message }];
    const atLayout = LAYOUT_PATH.exec(problem.path);
    if (atLayout?.[1] && config.workflow.nodes.some((n) => n.id === atLayout[1])) {
      return [{ nodeId: atLayout[1], field: 'layout', path: problem.path, message: problem.message }];
    }
    return [];
  });
}

/** The nodes a turn passed, in order: where each transition it followed started and ended, else the node it stayed at. */
export function visitedNodes(transitions: readonly { from_node: string; to_node: string }[], node: string | undefined): string[] {
  const path = transitions.length > 0 ? [transitions[0]?.from_node ?? '', ...transitions.map((t) => t.to_node)] : node ? [node] : [];
  return [...new Set(path.filter((id) => id !== ''))];
}
