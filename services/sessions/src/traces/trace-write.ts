import { callCost, type LlmPrices } from '@parley/config';
import type { TurnOutcome } from '@parley/contracts';
import type { TraceWrite } from '../store/turn-commit.js';

/**
 * A turn's trace as its commit writes it (docs/workflow.md "Traces"): the nodes it went through –
 * where it started, then each transition's target – and what the runner reported, each LLM call
 * priced at `prices` as they stand now (docs/configuration.md `LLM_PRICES`), so a later change
 * of price leaves what a turn cost as it was.
 */
export function traceWrite(outcome: TurnOutcome, prices: LlmPrices): TraceWrite {
  const start = outcome.transitions[0]?.from_node ?? outcome.previousNodeId;
  const nodePath = [start, ...outcome.transitions.map((transition) => transition.to_node)];
  let costUsd: number | null = null;
  const llmCalls = (outcome.trace?.llm_calls ?? []).map((call) => {
    const cost = callCost(prices, call);
    if (cost === undefined) return { ...call };
    costUsd = (costUsd ?? 0) + cost;
    return { ...call, cost };
  });
  const retrieval = outcome.trace?.retrieval?.length ? outcome.trace.retrieval.map((passage) => ({ ...passage })) : null;
  return { nodePath, llmCalls, retrieval, costUsd };
}
