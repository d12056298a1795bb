import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './builder-words';
import type { NodeProblem, Position, WorkflowGraph } from './workflow-graph';
import { edgePath, MARGIN, NODE_HEIGHT, NODE_WIDTH, positions } from './workflow-layout';

/** How far an arrow key moves a node (with Shift, four times as far). */
const STEP = 16;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD = 4;
/** The side of a node's port: the handle a transition is dragged out of (wide enough for a finger's aim). */
const PORT = 24;
/** How near a frame's edge a dragged transition scrolls the drawing, and by how much per move. */
const EDGE = 32;
const EDGE_STEP = 16;

interface Editing {
  selected: string | undefined;
  onSelect(id: string): void;
  /** A node dropped (or moved with the keyboard) at a new position. */
  onMove(id: string, at: Position): void;
  onRemove(id: string): void;
  /** A transition dragged from one node's port onto a node (itself, once the pointer has left it). */
  onConnect(from: string, to: string): void;
}

/**
 * The workflow drawn: each node a box (`data-node-id`, `data-initial` on the one sessions start at,
 * end and handoff nodes shaped apart), each transition an arrow (`data-edge="from->to"`) labelled
 * with its condition. With `editing`, nodes are buttons that select, drag and move with the keys,
 * and each has a port (`data-port`) to drag a new transition from onto another node; from the
 * keyboard, a node's form adds transitions.
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
  /** A transition being dragged out of `from`'s port: where the pointer is, and the node under it. */
  const [connecting, setConnecting] = useState<{ from: string; at: Position; over: string | undefined }>();
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

  /** The node under a point of the screen (or its port), if it is one of this drawing's. */
  const nodeAt = (x: number, y: number) => {
    const found = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-node-id],[data-port]');
    return found && canvas.current?.contains(found) ? (found.dataset.nodeId ?? found.dataset.port) : undefined;
  };
  const onPortDown = (event: PointerEvent, from: string) => {
    if (!editing || event.button !== 0) return;
    event.preventDefault();
    const pressed = { x: event.clientX, y: event.clientY, moved: false, away: false, over: undefined as string | undefined };
    // In the drawing's own units (its viewBox), wherever it has scrolled to.
    const point = (e: PointerEvent): Position => {
      const box = canvas.current?.getBoundingClientRect();
      return { x: e.clientX - (box?.left ?? 0) + left, y: e.clientY - (box?.top ?? 0) + top };
    };
    const move = (moving: PointerEvent) => {
      if (!pressed.moved && Math.hypot(moving.clientX - pressed.x, moving.clientY - pressed.y) < DRAG_THRESHOLD) return;
      pressed.moved = true;
      pressed.over = nodeAt(moving.clientX, moving.clientY);
      if (pressed.over !== from) pressed.away = true;
      // Near the frame's edge the drawing scrolls, so a node out of sight can be reached.
      const frame = scroller.current?.getBoundingClientRect();
      if (frame && scroller.current) {
        const dx = moving.clientX < frame.left + EDGE ? -EDGE_STEP : moving.clientX > frame.right - EDGE ? EDGE_STEP : 0;
        const dy = moving.clientY < frame.top + EDGE ? -EDGE_STEP : moving.clientY > frame.bottom - EDGE ? EDGE_STEP : 0;
        scroller.current.scrollBy(dx, dy);
      }
      setConnecting({ from, at: point(moving), over: pressed.over });
    };
    const stop = (ending: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', stop);
      window.removeEventListener('pointercancel', stop);
      setConnecting(undefined);
      const to = ending.type === 'pointerup' && pressed.moved ? nodeAt(ending.clientX, ending.clientY) : undefined;
      if (to && (to !== from || pressed.away)) latest.current?.onConnect(from, to);
      else if (!pressed.moved) latest.current?.onSelect(from);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', stop);
    window.addEventListener('pointercancel', stop);
  };
  const start = connecting ? at(connecting.from) : undefined;

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
            class: `wf-node ${node.kind}${editing?.selected === node.id ? ' selected' : ''}${own.length > 0 ? ' has-problem' : ''}${connecting?.over === node.id ? ' drop-target' : ''}`,
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
        {connecting && start && (
          // Over the nodes, so the line is seen all the way; the pointer goes through it to the node under it.
          <svg class="wf-edges wf-overlay" width={width} height={height} aria-hidden="true" viewBox={`${left} ${top} ${width} ${height}`}>
            <path
              class="wf-connecting"
              d={`M ${start.x + NODE_WIDTH / 2} ${start.y + NODE_HEIGHT} L ${connecting.at.x} ${connecting.at.y}`}
              marker-end="url(#wf-arrow)"
            />
          </svg>
        )}
        {editing &&
          graph.nodes.map((node) => {
            const p = at(node.id);
            return (
              // The pointer's way to connect; the keyboard's is the node's form, so the port is not a stop of its own.
              <span
                key={`port:${node.id}`}
                class="wf-port"
                data-port={node.id}
                aria-hidden="true"
                title={t('builder.port')}
                style={{
                  left: `${p.x - left + (NODE_WIDTH - PORT) / 2}px`,
                  top: `${p.y - top + NODE_HEIGHT - PORT / 2}px`,
                  width: `${PORT}px`,
                  height: `${PORT}px`,
                }}
                onPointerDown={(event) => onPortDown(event, node.id)}
              />
            );
          })}
      </div>
    </div>
  );
}
