import { graphlib, layout } from '@dagrejs/dagre';
import type { Position, WorkflowGraph } from './workflow-graph';

/** A node's box as the builder draws it. */
export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 56;
/** Room around the drawing, so edges looping out of a node stay inside it. */
export const MARGIN = 24;

/**
 * Where each node is drawn: its saved position (docs/workflow.md "Layout"), else where a layered
 * layout of the whole graph puts it – transitions going down, the initial node on top.
 */
export function positions(graph: WorkflowGraph): Record<string, Position> {
  const placed: Record<string, Position> = {};
  const missing = graph.nodes.filter((node) => {
    const saved = graph.layout[node.id];
    if (saved && Number.isFinite(saved.x) && Number.isFinite(saved.y)) placed[node.id] = { x: saved.x, y: saved.y };
    return placed[node.id] === undefined;
  });
  if (missing.length === 0) return placed;
  const auto = autoLayout(graph);
  // Nodes laid out beside ones already placed go below them, so they do not land on top of them.
  const below = Object.values(placed).reduce((lowest, at) => Math.max(lowest, at.y + NODE_HEIGHT + MARGIN * 2), Number.NEGATIVE_INFINITY);
  const autoTop = Math.min(...missing.map((node) => auto[node.id]?.y ?? 0));
  const shift = Number.isFinite(below) ? below - autoTop : 0;
  for (const node of missing) {
    const at = auto[node.id] ?? { x: 0, y: 0 };
    placed[node.id] = { x: at.x, y: at.y + shift };
  }
  return placed;
}

/** The layered layout of every node (top left corners), the initial node first in its rank. */
export function autoLayout(graph: WorkflowGraph): Record<string, Position> {
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 64, edgesep: 16, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const ordered = [...graph.nodes].sort((a, b) => Number(b.initial) - Number(a.initial));
  for (const node of ordered) g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const ids = new Set(graph.nodes.map((node) => node.id));
  graph.edges.forEach((edge, i) => {
    // A transition to a node that does not exist is drawn as a problem, not laid out.
    if (ids.has(edge.to) && edge.from !== edge.to) g.setEdge(edge.from, edge.to, { minlen: 1, weight: 1 }, `e${i}`);
  });
  layout(g);
  const result: Record<string, Position> = {};
  for (const node of graph.nodes) {
    const at = g.node(node.id);
    // dagre places centres; the builder keeps top left corners.
    result[node.id] = { x: Math.round((at?.x ?? 0) - NODE_WIDTH / 2), y: Math.round((at?.y ?? 0) - NODE_HEIGHT / 2) };
  }
  return result;
}

export interface EdgePath {
  d: string;
  /** Where its label sits. */
  label: Position;
}

/** The curve an edge is drawn along, from the border of one node's box to the other's, parallel edges bowed apart. */
export function edgePath(from: Position, to: Position, parallel: number, parallelCount: number, reversed: boolean): EdgePath {
  const a = { x: from.x + NODE_WIDTH / 2, y: from.y + NODE_HEIGHT / 2 };
  const b = { x: to.x + NODE_WIDTH / 2, y: to.y + NODE_HEIGHT / 2 };
  if (from.x === to.x && from.y === to.y) {
    // A node's transition to itself: a loop on its right side.
    const spread = 14 * parallel;
    const x = from.x + NODE_WIDTH;
    const top = from.y + 12 + spread / 2;
    const bottom = from.y + NODE_HEIGHT - 12;
    const out = 36 + spread;
    return { d: `M ${x} ${top} C ${x + out} ${top - 8}, ${x + out} ${bottom + 8}, ${x} ${bottom}`, label: { x: x + out - 4, y: (top + bottom) / 2 } };
  }
  const start = border(a, b);
  const end = border(b, a);
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const length = Math.hypot(dx, dy) || 1;
  // Bow: 0 for a single edge; otherwise spread around the straight line (the same side whichever way the edge goes).
  const sign = reversed ? -1 : 1;
  const bow = (parallel - (parallelCount - 1) / 2) * 36 * sign;
  const mid = { x: (start.x + end.x) / 2 + (-dy / length) * bow, y: (start.y + end.y) / 2 + (dx / length) * bow };
  const control = { x: 2 * mid.x - (start.x + end.x) / 2, y: 2 * mid.y - (start.y + end.y) / 2 };
  return { d: `M ${start.x} ${start.y} Q ${control.x} ${control.y} ${end.x} ${end.y}`, label: mid };
}

/** Where the line from a box's centre toward `toward` leaves the box. */
function border(centre: Position, toward: Position): Position {
  const dx = toward.x - centre.x;
  const dy = toward.y - centre.y;
  const scale = Math.min(
    dx === 0 ? Number.POSITIVE_INFINITY : NODE_WIDTH / 2 / Math.abs(dx),
    dy === 0 ? Number.POSITIVE_INFINITY : NODE_HEIGHT / 2 / Math.abs(dy),
  );
  return Number.isFinite(scale) ? { x: centre.x + dx * scale, y: centre.y + dy * scale } : centre;
}
