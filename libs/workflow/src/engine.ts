import { AppError } from '@parley/contracts';
import type { AgentConfig, WorkflowNode, WorkflowTransition } from './agent-config.js';
import { parseCondition } from './conditions.js';
import { extractVariables } from './extraction.js';
import { messageHasIntent } from './intents.js';
import { normalizeForMatching } from './match-text.js';
import { speak } from './speech.js';
import type { EngineDeps, SessionState, TurnOutcome } from './engine-types.js';
import { makeNodeCall } from './tools/tool-calls.js';
import { Turn } from './turn.js';

/** docs/workflow.md: a turn follows at most this many transitions, so an `always` cycle cannot hang a runner. */
export const MAX_TRANSITIONS_PER_TURN = 25;

export const WORKFLOW_LOOPED_MESSAGE = 'This conversation could not continue because the workflow looped.';

/**
 * Session creation: step 1 for the initial node, with no message in hand. `initialData` is what
 * the session starts with in collected_data (a personalised link's recipient).
 */
export async function startSession(config: AgentConfig, deps: EngineDeps, initialData: Readonly<Record<string, string>> = {}): Promise<TurnOutcome> {
  const turn = new Turn(config, deps, null, initialData);
  return enter(turn, turn.node(config.workflow.initial_node));
}

/** A user message at the node the session waits at (step 2, then step 1 for each target). */
export async function runTurn(config: AgentConfig, state: SessionState, message: string, deps: EngineDeps): Promise<TurnOutcome> {
  const turn = new Turn(config, deps, message, state.collectedData);
  const node = turn.node(state.nodeId);
  if (node.type === 'end') throw new AppError('gone', 'the conversation has ended');

  const visitTurns = state.visitTurns + 1;
  await extractVariables(turn, node);
  const transition = await firstThatHolds(turn, node, visitTurns);
  if (!transition) {
    // Nothing moves the conversation on: the node answers (prompt) or repeats itself (static_text).
    await speak(turn, node);
    // Not understood: nothing extracted, and no LLM answer – the visitor heard the same words again.
    const unanswered = Object.keys(turn.extracted).length === 0 && !turn.llmAnswered;
    return turn.finish(node.id, visitTurns, 'active', undefined, unanswered);
  }
  const target = follow(turn, node, transition);
  return target ? enter(turn, target) : turn.finish(node.id, visitTurns, 'error');
}

/** Step 1, repeated along every transition that holds on entry, until a node waits or ends. */
async function enter(turn: Turn, first: WorkflowNode): Promise<TurnOutcome> {
  let node = first;
  for (;;) {
    if (node.resolves) turn.resolves = true;
    await extractVariables(turn, node);
    await makeNodeCall(turn, node);
    await speak(turn, node);
    if (node.type === 'end') return turn.finish(node.id, 0, 'completed');
    // A handoff node waits for a person: its transitions are for after an operator hands the
    // conversation back, so they are not checked on entry.
    if (node.type === 'handoff') return turn.finish(node.id, 0, 'active', { reason: node.handoff_reason ?? 'agent' });
    const transition = await firstThatHolds(turn, node, null);
    if (!transition) return turn.finish(node.id, 0, 'active');
    const target = follow(turn, node, transition);
    if (!target) return turn.finish(node.id, 0, 'error');
    node = target;
  }
}

/** Records the transition and returns its target, or null (having said why) once the guard trips. */
function follow(turn: Turn, from: WorkflowNode, transition: WorkflowTransition): WorkflowNode | null {
  if (turn.transitions.length >= MAX_TRANSITIONS_PER_TURN) {
    turn.say(from.id, WORKFLOW_LOOPED_MESSAGE);
    return null;
  }
  const target = turn.node(transition.to);
  turn.record(from, target, transition.condition);
  return target;
}

/**
 * The node's first transition whose condition holds. `visitTurns` is null on entry: then
 * `user_responded` and `max_turns` never hold, since the node was not waiting for the message.
 */
async function firstThatHolds(turn: Turn, node: WorkflowNode, visitTurns: number | null): Promise<WorkflowTransition | undefined> {
  for (const transition of node.transitions ?? []) {
    if (await holds(turn, node, transition.condition, visitTurns)) return transition;
  }
  return undefined;
}

async function holds(turn: Turn, node: WorkflowNode, text: string, visitTurns: number | null): Promise<boolean> {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new AppError('invalid', `workflow node "${node.id}": ${parsed.message}`);
  const condition = parsed.condition;
  switch (condition.kind) {
    case 'always':
      return true;
    case 'user_responded':
      return visitTurns !== null;
    case 'contains':
      // Both sides as patterns see them (docs/workflow.md "Extraction"): a zero-width space or fullwidth letters hide nothing.
      return turn.message !== null && normalizeForMatching(turn.message).toLowerCase().includes(normalizeForMatching(condition.keyword).toLowerCase());
    case 'intent':
      return messageHasIntent(turn, node, condition.intent);
    case 'variables_extracted':
      return condition.names.every((name) => Object.hasOwn(turn.collected, name));
    case 'max_turns':
      return visitTurns !== null && visitTurns >= condition.turns;
    case 'tool_ok':
      return Object.hasOwn(turn.collected, condition.saveAs) && !Object.hasOwn(turn.collected, `${condition.saveAs}_error`);
    case 'tool_failed':
      return Object.hasOwn(turn.collected, `${condition.saveAs}_error`);
  }
}
