import type { WorkflowNode } from './agent-config.js';
import { containsKeyword } from './keywords.js';
import type { Turn } from './turn.js';

/**
 * Whether the message in hand expresses `intent` at `node`. Keywords decide when any of the
 * node's intents has one in the message; only when none does is the LLM asked – once per node
 * and turn – to pick among the node's intents.
 */
export async function messageHasIntent(turn: Turn, node: WorkflowNode, intent: string): Promise<boolean> {
  const message = turn.message;
  if (message === null) return false;
  const intents = node.intents ?? [];

  const byKeyword = intents.filter((candidate) => (candidate.keywords ?? []).some((keyword) => containsKeyword(message, keyword)));
  if (byKeyword.length > 0) return byKeyword.some((candidate) => candidate.name === intent);

  if (!turn.intentByNode.has(node.id)) turn.intentByNode.set(node.id, await classify(turn, node, message));
  return turn.intentByNode.get(node.id) === intent;
}

async function classify(turn: Turn, node: WorkflowNode, message: string): Promise<string | null> {
  const intents = node.intents ?? [];
  if (!turn.deps.llm.available || intents.length === 0) return null;
  try {
    const result = await turn.deps.llm.classify({
      settings: turn.settings,
      intents: intents.map(({ name, description }) => (description === undefined ? { name } : { name, description })),
      message,
    });
    turn.spent(result);
    // A name the node does not declare is no intent at all.
    return intents.some((candidate) => candidate.name === result.value) ? result.value : null;
  } catch {
    // Treated as "no intent" (docs/workflow.md): a failed classification must not fail the turn.
    return null;
  }
}
