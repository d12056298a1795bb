import type { ExtractSpec, WorkflowNode } from './agent-config.js';
import { normalizeForMatching } from './match-text.js';
import { matchPattern } from './pattern-match.js';
import type { Turn } from './turn.js';

/** The first capture group that took part in the match, else the whole match; trimmed. */
function extractByPattern(turn: Turn, message: string, pattern: string): string | undefined {
  const match = matchPattern(pattern, message, turn.patternBudget, turn.deps.warn);
  if (!match) return undefined;
  const group = match.slice(1).find((value) => value !== undefined);
  const value = (group ?? match[0]).trim();
  return value === '' ? undefined : value;
}

/**
 * Runs a node's `extract` on the message in hand: patterns locally, every other variable in one
 * LLM call. Nothing in hand, or an LLM that is missing or fails, just means nothing extracted –
 * conditions then decide where the conversation goes.
 */
export async function extractVariables(turn: Turn, node: WorkflowNode): Promise<void> {
  const message = turn.message;
  const specs = node.extract ?? [];
  if (message === null || specs.length === 0) return;

  const found: Record<string, string> = {};
  const byLlm: ExtractSpec[] = [];
  // Patterns see the message as a reader does (docs/workflow.md "Extraction"); the model gets it as typed.
  const matched = normalizeForMatching(message);
  for (const spec of specs) {
    if (spec.pattern === undefined) {
      byLlm.push(spec);
      continue;
    }
    const value = extractByPattern(turn, matched, spec.pattern);
    if (value !== undefined) found[spec.name] = value;
  }

  if (byLlm.length > 0 && turn.deps.llm.available) {
    try {
      const result = await turn.deps.llm.extract({
        settings: turn.settings,
        variables: byLlm.map(({ name, description }) => (description === undefined ? { name } : { name, description })),
        message,
      });
      turn.spent(result);
      for (const { name } of byLlm) {
        const value: unknown = result.value[name];
        // Only the names asked for, and only real values: the model's JSON is not trusted blindly.
        if (typeof value === 'string' && value.trim() !== '') found[name] = value.trim();
      }
    } catch {
      // Treated as "nothing extracted" (docs/workflow.md): the turn goes on without these variables.
    }
  }

  turn.collect(found);
}
