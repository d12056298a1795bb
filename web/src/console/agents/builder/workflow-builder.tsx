import { useEffect, useState } from 'preact/hooks';
import { t } from './builder-words';
import { NodeForm } from './node-form';
import { WorkflowCanvas } from './workflow-canvas';
import { checkConfig } from './workflow-check';
import {
  type AgentConfigJson,
  addNode,
  addTransition,
  asWorkflowConfig,
  freeNodeId,
  nodeProblems,
  placeNodes,
  removeNode,
  visitedNodes,
  workflowGraph,
} from './workflow-graph';
import { autoLayout, MARGIN, NODE_HEIGHT, positions } from './workflow-layout';

/** A config's backend when the workflow does not answer its turns (docs/workflow.md "Backends"): its kind and address. */
function foreignBackend(json: unknown): { kind: string; url: string } | undefined {
  const backend = (json as { backend?: { kind?: unknown; url?: unknown } } | null)?.backend;
  if (typeof backend?.kind !== 'string' || backend.kind === 'workflow') return undefined;
  return { kind: backend.kind, url: typeof backend.url === 'string' ? backend.url : '' };
}

/** The JSON text as a config, or undefined while it does not parse. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const focusNode = (id: string) => requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(id)}"]`)?.focus());

/**
 * A version's workflow as a graph to edit: the JSON text stays the one source, so every change here
 * is written back to it (and every edit there is drawn here). The config is checked as it is edited
 * (workflow-check.ts): every problem is shown at once, on the node it belongs to (the workflow's
 * own above the graph), and `onCheck` is told how many there are, so saving waits until there are
 * none. The problems of the last refused save (`config.workflow.nodes[2]…`) are shown on their nodes too.
 */
export function WorkflowBuilder({
  text,
  onText,
  problems,
  readOnly,
  onCheck,
}: {
  text: string;
  onText(text: string): void;
  problems: readonly { path: string; message: string }[];
  readOnly: boolean;
  /** How many problems the check finds in the config shown (none while it is not a workflow the builder draws: the save's to refuse). */
  onCheck?(problems: number): void;
}) {
  const [selected, setSelected] = useState<string>();
  const json = parsed(text);
  const config = asWorkflowConfig(json);
  const checked = config ? checkConfig(config) : [];
  useEffect(() => onCheck?.(checked.length), [checked.length, onCheck]);
  if (json === undefined) return <p class="muted">{t('builder.notJson')}</p>;
  if (!config) {
    const backend = foreignBackend(json);
    return <p class="muted">{backend ? t('builder.backend', backend) : t('builder.noWorkflow')}</p>;
  }
  const graph = workflowGraph(config);
  // The save's problems after the check's, each path once: the check words them as the save would.
  const shown = [...checked, ...problems.filter((problem) => !checked.some((found) => found.path === problem.path))];
  const onNode = nodeProblems(config, shown);
  const general = checked.filter((problem) => !onNode.some((placed) => placed.path === problem.path));
  const problemNodes = [...new Set(onNode.filter((problem) => checked.some((found) => found.path === problem.path)).map((problem) => problem.nodeId))];
  const change = (next: AgentConfigJson) => onText(JSON.stringify(next, null, 2));
  const node = config.workflow.nodes.find((n) => n.id === selected);

  const add = () => {
    const id = freeNodeId(config);
    const placed = positions(graph);
    // A new node goes under the lowest one, so it is in sight and in no one's way.
    const lowest = Object.values(placed).reduce((y, at) => Math.max(y, at.y + NODE_HEIGHT + MARGIN * 2), 0);
    const anchor = (selected ? placed[selected] : undefined)?.x ?? 0;
    change(addNode(config, { id, name: t('builder.newNode') }, { x: anchor, y: lowest }));
    setSelected(id);
    focusNode(id);
  };

  return (
    <div class="wf-builder" data-builder="">
      {!readOnly && (
        <div class="inline wf-toolbar">
          <button type="button" onClick={add}>
            {t('builder.addNode')}
          </button>
          <button type="button" onClick={() => change(placeNodes({ ...config, workflow: { ...config.workflow, layout: {} } }, autoLayout(graph)))}>
            {t('builder.autoLayout')}
          </button>
          <p class="muted" id="wf-hint">
            {t('builder.hint')}
          </p>
        </div>
      )}
      {!readOnly && (
        // Announced as the count changes; the save button is described by it.
        <div id="wf-check" aria-live="polite">
          {checked.length > 0 && (
            <div class="problem">
              <p>{t('builder.checkSummary', { count: checked.length })}</p>
              {general.length > 0 && (
                <ul>
                  {general.map((problem) => (
                    <li key={`${problem.path}:${problem.message}`}>
                      <code class="path">{problem.path}</code> {problem.message}
                    </li>
                  ))}
                </ul>
              )}
              {problemNodes.length > 0 && (
                <p class="wf-check-nodes">
                  {t('builder.checkOnNodes')}
                  {problemNodes.map((id) => (
                    <button
                      key={id}
                      type="button"
                      class="quiet"
                      onClick={() => {
                        setSelected(id);
                        focusNode(id);
                      }}
                    >
                      {id}
                    </button>
                  ))}
                </p>
              )}
            </div>
          )}
        </div>
      )}
      <div class={node ? 'wf-panes with-form' : 'wf-panes'}>
        <WorkflowCanvas
          graph={graph}
          problems={onNode}
          {...(readOnly
            ? {}
            : {
                editing: {
                  selected,
                  onSelect: setSelected,
                  onMove: (id, at) => change(placeNodes(config, { [id]: at })),
                  onRemove: (id) => {
                    change(removeNode(config, id));
                    setSelected(undefined);
                  },
                  // A transition drawn by the pointer holds always until its condition is written in the node's form, which opens.
                  onConnect: (from, to) => {
                    change(addTransition(config, from, { to, condition: 'always' }));
                    setSelected(from);
                  },
                },
              })}
        />
        {node && !readOnly && (
          <NodeForm
            key={node.id}
            config={config}
            node={node}
            problems={onNode.filter((problem) => problem.nodeId === node.id)}
            onChange={change}
            onSelect={setSelected}
          />
        )}
      </div>
    </div>
  );
}

/** A version's workflow with the nodes the last turn passed highlighted (the playground's view). */
export function WorkflowPath({ config, transitions, node }: { config: unknown; transitions: readonly { from_node: string; to_node: string }[]; node: string }) {
  const workflow = asWorkflowConfig(config);
  const visited = visitedNodes(transitions, node);
  if (!workflow) return <p class="muted">{t('builder.noWorkflow')}</p>;
  return (
    <section class="wf-path" aria-labelledby="wf-path-title">
      <h2 id="wf-path-title" class="wf-path-heading">
        {t('builder.pathTitle')}
      </h2>
      <p class="muted">{t('builder.pathIntro')}</p>
      <WorkflowCanvas graph={workflowGraph(workflow)} visited={visited} />
    </section>
  );
}
