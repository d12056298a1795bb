import type { Redis } from 'ioredis';
import type { ToolCallResult } from '@parley/workflow';

/**
 * The answers of tool calls already made, by call key (docs/workflow.md "Tools"): a turn run again
 * after its runner was lost reuses them instead of calling again. A call in flight when the runner
 * died has no answer here and is made again – with the same key, which the tool receives
 * (`Idempotency-Key`) to tell it is the same call.
 */
export interface ToolCallLedger {
  answered(key: string): Promise<ToolCallResult | undefined>;
  record(key: string, result: ToolCallResult): Promise<void>;
}

/** How long an answer is kept: far longer than a turn can be retried. */
export const LEDGER_TTL_SECONDS = 3_600;

export function redisToolCallLedger(redis: Redis, prefix: string): ToolCallLedger {
  const key = (callKey: string) => `${prefix}tool-call:${callKey}`;
  return {
    async answered(callKey) {
      const stored = await redis.get(key(callKey));
      return stored === null ? undefined : (JSON.parse(stored) as ToolCallResult);
    },
    async record(callKey, result) {
      await redis.set(key(callKey), JSON.stringify(result), 'EX', LEDGER_TTL_SECONDS);
    },
  };
}

/** One process (the platform in one process): answers kept in memory, the oldest dropped past `max`. */
export function memoryToolCallLedger(max = 10_000): ToolCallLedger {
  const answers = new Map<string, ToolCallResult>();
  return {
    async answered(callKey) {
      return answers.get(callKey);
    },
    async record(callKey, result) {
      answers.set(callKey, result);
      if (answers.size > max) answers.delete(answers.keys().next().value as string);
    },
  };
}
