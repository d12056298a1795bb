import type { TurnOutcome as AnsweredTurn } from '@parley/contracts';
import type { AgentConfig } from './agent-config.js';
import { runTurn, startSession } from './engine.js';
import type { EngineDeps, SessionState } from './engine-types.js';

/** What a turn starts from: no state and no message to start a conversation, else both. */
export interface WorkflowTurnInput {
  state: SessionState | null;
  message: string | null;
  initialData?: Record<string, string> | undefined;
}

function nodeName(config: AgentConfig, nodeId: string): string | null {
  return config.workflow.nodes.find((node) => node.id === nodeId)?.name ?? null;
}

/**
 * One turn as `runner.turn` answers it, whoever runs it: the engine's outcome with the node names
 * the caller stores and reports, so the caller never loads the config for them.
 */
export async function workflowTurn(config: AgentConfig, input: WorkflowTurnInput, deps: EngineDeps): Promise<AnsweredTurn> {
  const previousNodeId = input.state?.nodeId ?? config.workflow.initial_node;
  const outcome =
    input.state === null || input.message === null
      ? await startSession(config, deps, input.initialData)
      : await runTurn(config, input.state, input.message, deps);
  return {
    state: outcome.state,
    said: outcome.said,
    response: outcome.response,
    transitions: outcome.transitions,
    extractedVariables: outcome.extractedVariables,
    status: outcome.status,
    llmLatencyMs: outcome.llmLatencyMs,
    ...(outcome.handoff ? { handoff: outcome.handoff } : {}),
    // Not understood: the caller counts it towards offering a person (docs/escalation.md "Offering a person").
    ...(outcome.unanswered ? { unanswered: true as const } : {}),
    // A node marked `resolves` was entered: the caller resolves the conversation (docs/management-api.md "Outcomes").
    ...(outcome.resolves ? { resolves: true as const } : {}),
    // What the turn's LLM calls spent: the caller counts it against the budgets (docs/management-api.md "Cost guards").
    ...(outcome.usage ? { usage: outcome.usage } : {}),
    // The calls with their results: the caller reports them and keeps them in the transcript (docs/workflow.md "Tools").
    ...(outcome.toolCalls ? { toolCalls: outcome.toolCalls } : {}),
    // What the replies cited, and a question that found no passage (docs/workflow.md "Knowledge").
    ...(outcome.knowledge ? { knowledge: outcome.knowledge } : {}),
    // Each LLM request and the passages retrieved: the caller keeps them as the turn's trace (docs/workflow.md "Traces").
    ...(outcome.trace ? { trace: outcome.trace } : {}),
    nodeName: nodeName(config, outcome.state.nodeId),
    previousNodeId,
    previousNodeName: nodeName(config, previousNodeId),
  };
}
