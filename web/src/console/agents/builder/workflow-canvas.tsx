import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './builder-words';
import type { NodeProblem, Position, WorkflowGraph } from './workflow-graph';
import { edgePath, MARGIN, NODE_HEIGHT, NODE_WIDTH, positions } from './workflow-layout';

/** How far an arrow key moves a node (with Shift, four times as far). */
const STEP = 16;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD = 4;

interface Editing {
  selected: string | undefined;
  onSelect(id: string): void;
  /** A node dropped (or moved with the keyboard) at a new position. */
  onMove(id: string, at: Position): void;
  onRemove(id: string): void;
}

/**
 * The workflow drawn: each node a box (`data-node-id`, `data-initial` on the one sessions start at,
 * end and handoff nodes shaped apart), each transition an arrow (`data-edge="from->to"`) labelled
 * with its condition. With `editing`, nodes are buttons that select, drag and move with the keys.
 */
export function WorkflowCanvas({
  graph,
  problems = [],
  visited = [],
  editing,
}: {
  graph: WorkflowGraph;
  problems?: readonly NodeProblem[];
  visited?: readonly string[];
  editing?: Editing;
}) {
  const placed = positions(graph);
  /** The node being dragged and where it is now, before it is dropped. */
  const [dragging, setDragging] = useState<{ id: string; at: Position }>();
  const canvas = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  // A path shown on a drawing larger than its box is brought into sight: where the last turn ended.
  const last = visited.at(-1);
  useEffect(() => {
    const box = scroller.current;
    const node = last ? canvas.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(last)}"]`) : undefined;
    if (!box || !node) return;
    box.scrollLeft = node.offsetLeft + node.offsetWidth / 2 - box.clientWidth / 2;
    box.scrollTop = node.offsetTop + node.offsetHeight / 2 - box.clientHeight / 2;
  }, [last, visited.length]);
  const at = (id: string) => (dragging?.id === id ? dragging.at : placed[id]) ?? { x: 0, y: 0 };

  const all = graph.nodes.map((node) => at(node.id));
  const left = Math.min(0, ...all.map((p) => p.x)) - MARGIN;
  const top = Math.min(0, ...all.map((p) => p.y)) - MARGIN;
  // Room on the right for loops and labels.
  const width = Math.max(...all.map((p) => p.x + NODE_WIDTH), NODE_WIDTH) - left + MARGIN * 3;
  const height = Math.max(...all.map((p) => p.y + NODE_HEIGHT), NODE_HEIGHT) - top + MARGIN * 2;
  const ids = new Set(graph.nodes.map((node) => node.id));
  const seen = new Set(visited);
  const problemsOf = (id: string) => problems.filter((problem) => problem.nodeId === id);

  const focusNode = (id: string | undefined) => {
    if (!id) return;
    requestAnimationFrame(() => canvas.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"]`)?.focus());
  };

  const onKeyDown = (event: KeyboardEvent, id: string) => {
    if (!editing) return;
    const step = event.shiftKey ? STEP * 4 : STEP;
    const moves: Record<string, Position> = {
      ArrowLeft: { x: -step, y: 0 },
      ArrowRight: { x: step, y: 0 },
      ArrowUp: { x: 0, y: -step },
      ArrowDown: { x: 0, y: step },
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const from = at(id);
      editing.onMove(id, { x: from.x + move.x, y: from.y + move.y });
      focusNode(id);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      const index = graph.nodes.findIndex((node) => node.id === id);
      const next = graph.nodes[index + 1] ?? graph.nodes[index - 1];
      editing.onRemove(id);
      focusNode(next?.id);
    }
  };

  // The latest handlers, for the window's listeners a drag adds: a drop after re-renders reaches the current config.
  const latest = useRef(editing);
  latest.current = editing;
  const onPointerDown = (event: PointerEvent, id: string) => {
    if (!editing || event.button !== 0) return;
    const pressed = { pointer: { x: event.clientX, y: event.clientY }, from: at(id), moved: false, to: at(id) };
    const move = (moving: PointerEvent) => {
      const dx = moving.clientX - pressed.pointer.x;
      const dy = moving.clientY - pressed.pointer.y;
      if (!pressed.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      pressed.moved = true;
      pressed.to = { x: pressed.from.x + dx, y: pressed.from.y + dy };
      setDragging({ id, at: pressed.to });
    };
    const stop = (ending: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', stop);
      window.removeEventListener('pointercancel', stop);
      if (pressed.moved && ending.type === 'pointerup') latest.current?.onMove(id, pressed.to);
      setDragging(undefined);
      latest.current?.onSelect(id);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', stop);
    window.addEventListener('pointercancel', stop);
  };

  return (
    // A drawing without buttons still scrolls, and a scrolling region must be reachable from the keyboard.
    <div class="wf-scroll" ref={scroller} tabIndex={editing ? undefined : 0}>
      {/* biome-ignore lint/a11y/useSemanticElements: a drawing, not a form: a fieldset would announce it as one */}
      <div class="wf-canvas" ref={canvas} role="group" aria-label={t('builder.graph')} style={{ width: `${width}px`, height: `${height}px` }}>
        <svg class="wf-edges" width={width} height={height} aria-hidden="true" viewBox={`${left} ${top} ${width} ${height}`}>
          <defs>
            <marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" />
            </marker>
          </defs>
          {graph.edges.map((edge) => {
            const known = ids.has(edge.to);
            const from = at(edge.from);
            // A transition to no node points out into the open, where its problem is.
            const to = known ? at(edge.to) : { x: from.x + NODE_WIDTH + 40, y: from.y + NODE_HEIGHT + 40 };
            const path = edgePath(from, to, edge.parallel, edge.parallelCount, edge.from > edge.to);
            const passed = seen.has(edge.from) && seen.has(edge.to);
            return (
              <g
                key={`${edge.from}:${edge.index}`}
                class={`wf-edge${known ? '' : ' broken'}`}
                data-edge={`${edge.from}->${edge.to}`}
                data-condition={edge.condition}
                data-visited={passed ? '' : undefined}
              >
                <path d={path.d} marker-end="url(#wf-arrow)" />
                <text x={path.label.x} y={path.label.y} text-anchor="middle" dominant-baseline="middle">
                  {edge.condition}
                </text>
              </g>
            );
          })}
        </svg>
        {graph.nodes.map((node) => {
          const p = at(node.id);
          const own = problemsOf(node.id);
          const kind = t(`builder.kind.${node.kind}`);
          // What the box shows only by its shape and colour, said for screen readers.
          const said =
            (node.kind === 'step' ? t('builder.kindSaid', { kind }) : '') +
            (node.initial ? t('builder.nodeInitial') : '') +
            (own.length > 0 ? t('builder.nodeProblems', { count: own.length }) : '') +
            (seen.has(node.id) ? t('builder.visited') : '');
          const attributes = {
            class: `wf-node ${node.kind}${editing?.selected === node.id ? ' selected' : ''}${own.length > 0 ? ' has-problem' : ''}`,
            style: { left: `${p.x - left}px`, top: `${p.y - top}px`, width: `${NODE_WIDTH}px`, height: `${NODE_HEIGHT}px` },
            'data-node-id': node.id,
            'data-kind': node.kind,
            'data-initial': node.initial ? '' : undefined,
            'data-visited': seen.has(node.id) ? '' : undefined,
            'data-problem': own.length > 0 ? own.map((problem) => problem.message).join('; ') : undefined,
          };
          const inside = (
            <>
              <span class="wf-node-name">{node.name || node.id}</span>
              <span class="wf-node-meta">
                {node.initial && <span class="wf-tag start">{t('builder.initial')}</span>}
                {node.kind !== 'step' && <span class={`wf-tag ${node.kind}`}>{kind}</span>}
                <code>{node.id}</code>
              </span>
              {own.length > 0 && (
                <span class="wf-node-problem" aria-hidden="true">
                  ! {own[0]?.message}
                </span>
              )}
              <span class="sr-only">{said}</span>
            </>
          );
          return editing ? (
            <button
              key={node.id}
              type="button"
              {...attributes}
              aria-pressed={editing.selected === node.id}
              onPointerDown={(event) => onPointerDown(event, node.id)}
              onFocus={() => editing.onSelect(node.id)}
              onKeyDown={(event) => onKeyDown(event, node.id)}
            >
              {inside}
            </button>
          ) : (
            <div key={node.id} {...attributes}>
              {inside}
            </div>
          );
        })}
      </div>
    </div>
  );
}
