import { AppError } from '@parley/contracts';
import type { WorkflowNode } from './agent-config.js';
import { renderTemplate } from './template.js';
import { citationsIn, passagesFor, withPassages } from './knowledge/knowledge-prompt.js';
import { promptTools } from './tools/tool-calls.js';
import type { Turn } from './turn.js';

/** A node speaks: its static_text, or an LLM reply to its prompt; a node with neither is silent. */
export async function speak(turn: Turn, node: WorkflowNode): Promise<void> {
  if (node.static_text !== undefined) {
    turn.say(node.id, renderTemplate(node.static_text, turn.collected));
    return;
  }
  if (node.prompt !== undefined) turn.say(node.id, await promptReply(turn, node, node.prompt));
}

async function promptReply(turn: Turn, node: WorkflowNode, prompt: string): Promise<string> {
  const { llm, onDelta } = turn.deps;
  if (!llm.available) return fallback(turn, node, 'no language model is configured');
  // Outside the try: a history that cannot be loaded is the caller's failure, not the LLM's.
  const history = await turn.conversation();
  try {
    const tools = await promptTools(turn, node);
    const passages = await passagesFor(turn, node);
    const system = systemPrompt(renderTemplate(prompt, turn.collected), turn.deps.memory);
    const result = await llm.reply({
      settings: turn.settings,
      system: passages === undefined ? system : withPassages(system, passages),
      history,
      ...(onDelta === undefined ? {} : { onDelta: (text: string) => onDelta(node.id, text) }),
      ...(tools ? { tools } : {}),
    });
    turn.spent(result);
    turn.llmAnswered = true;
    if (passages !== undefined) turn.cite(citationsIn(result.value, passages));
    return result.value;
  } catch (error) {
    return fallback(turn, node, 'the language model call failed', error);
  }
}

/**
 * The node's prompt, then what the agent remembers about the visitor. The memory is appended
 * after templating, never through it: it is derived from what visitors wrote.
 */
export function systemPrompt(prompt: string, memory: string | undefined): string {
  if (memory === undefined || memory.trim() === '') return prompt;
  return `${prompt}\n\nWhat you remember about this visitor from earlier conversations:\n${memory.trim()}`;
}

/** fallback_text when the node has one; otherwise the turn fails as `unavailable` (HTTP 503). */
function fallback(turn: Turn, node: WorkflowNode, reason: string, cause?: unknown): string {
  if (node.fallback_text !== undefined) return renderTemplate(node.fallback_text, turn.collected);
  throw new AppError('unavailable', `${reason} and node "${node.id}" has no fallback_text`, cause === undefined ? {} : { cause });
}
