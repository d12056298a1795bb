import { z } from 'zod';
import { toolCallReport } from './tool-calls.js';

/**
 * Traces of turns (docs/workflow.md "Traces"): what each turn's LLM calls spent and how long they
 * took, its tool calls and the passages its knowledge nodes retrieved, kept with the transcript.
 */

/** At most this many LLM calls and passages per turn: a turn's outcome and its stored trace stay small. */
export const TRACE_LIMITS = { llmCalls: 100, passages: 100 } as const;

/** One request the model answered: tokens as the LLM reported them (0 when it did not say). */
export const llmCallTrace = z.object({
  model: z.string().min(1).max(200),
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  latency_ms: z.number().int().nonnegative(),
});
export type LlmCallTrace = z.infer<typeof llmCallTrace>;

/** A passage retrieval found for a knowledge node, with its score. */
export const retrievedPassage = z.object({ chunk_id: z.string().min(1).max(200), score: z.number() });
export type RetrievedPassage = z.infer<typeof retrievedPassage>;

/** What the runner reports of a turn beside its outcome (runner.turn's `trace`). */
export const turnTrace = z.object({
  llm_calls: z.array(llmCallTrace).max(TRACE_LIMITS.llmCalls),
  retrieval: z.array(retrievedPassage).max(TRACE_LIMITS.passages).optional(),
});
export type TurnTrace = z.infer<typeof turnTrace>;

/** An LLM call as the trace route answers it: `cost` (USD) when `LLM_PRICES` priced its model when the turn was committed. */
export const tracedLlmCall = llmCallTrace.extend({ cost: z.number().nonnegative().optional() });
export type TracedLlmCall = z.infer<typeof tracedLlmCall>;

/** `GET /api/conversations/{id}/trace`: each committed turn, in order. */
export const conversationTrace = z.object({
  turns: z.array(
    z.object({
      /** 0: the session's start; then each visitor message's turn, from 1. */
      turn: z.number().int().min(0),
      /** The nodes the turn went through: where it started, then each transition's target. */
      node_path: z.array(z.string()),
      llm_calls: z.array(tracedLlmCall),
      tool_calls: z.array(toolCallReport),
      retrieval: z.array(retrievedPassage).optional(),
    }),
  ),
});
export type ConversationTrace = z.infer<typeof conversationTrace>;

/** What LLM calls cost in an analytics window (docs/management-api.md "Analytics"), in USD, at the prices of the day of each turn. */
export const costFigure = z.object({ usd: z.number().nonnegative() });
export type CostFigure = z.infer<typeof costFigure>;
