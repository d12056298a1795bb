import type { RpcHandlerInput } from '@parley/bus';
import { AppError, type PlatformCatalog } from '@parley/contracts';
import { grownHistory, type SizedHistory, sizedHistory } from '@parley/workflow';
import { LRUCache } from 'lru-cache';
import type { Counter } from 'prom-client';

type TurnRequest = RpcHandlerInput<PlatformCatalog, 'runner.turn'>;
type History = TurnRequest['history'];
/**
 * A turn's history, with its contents' length when it grew from a kept copy (see SizedHistory): a
 * history that came whole is measured only if it is kept.
 */
export interface TurnHistory {
  messages: History;
  chars?: number;
}

interface Kept {
  tag: string;
  history: SizedHistory<History[number]>;
}

/** RUNNER_HISTORY_CACHE_MB's default: 64 MiB. */
export const DEFAULT_KEPT_HISTORY_BYTES = 64 * 1024 * 1024;

/** What a copy holds in memory, near enough: UTF-16 text plus the objects around it (from the length kept with it, not a walk). */
const keptSize = (kept: Kept): number => 96 + kept.tag.length * 2 + kept.history.messages.length * 64 + kept.history.chars * 2;

/**
 * The prompt history of the conversations this runner ran a turn of, each under the tag the turn
 * named (runner.turn `historyTag`). The conversation's next turn is offered to this runner first
 * and brings only the messages stored since (`historySince`), not the whole history across the
 * bus twice and through its checks. Bounded by bytes, least recently used first out: a copy gone –
 * or a runner restarted, or another one reached – is answered `history_missing`, and the caller
 * sends the turn again whole (docs/architecture.md "A conversation's history between its turns").
 */
export class KeptHistories {
  private readonly kept: LRUCache<string, Kept> | undefined;

  constructor(
    maxBytes: number,
    /** Counts how each turn's history came (`history`: whole, kept, missing). */
    private readonly counted?: Counter<'history'>,
  ) {
    this.kept = maxBytes > 0 ? new LRUCache<string, Kept>({ maxSize: maxBytes, sizeCalculation: keptSize }) : undefined;
  }

  /** The turn's history: the one it brought, or the copy kept under its tag followed by what was stored since. */
  historyOf(request: TurnRequest): TurnHistory {
    const since = request.historySince;
    if (!since) {
      this.counted?.inc({ history: 'whole' });
      return { messages: request.history };
    }
    const kept = this.kept?.get(request.conversationId);
    if (kept?.tag !== since.tag) {
      this.counted?.inc({ history: 'missing' });
      throw new AppError('conflict', 'this runner keeps no copy of the conversation’s history under that tag', { details: { reason: 'history_missing' } });
    }
    this.counted?.inc({ history: 'kept' });
    return grownHistory(kept.history, since.added);
  }

  /** Keeps the history a turn was given (historyOf's) under the tag it named; whether it did. */
  keep(request: TurnRequest, history: TurnHistory): boolean {
    if (!this.kept || request.historyTag === undefined) return false;
    const sized = history.chars === undefined ? sizedHistory(history.messages) : { messages: history.messages, chars: history.chars };
    this.kept.set(request.conversationId, { tag: request.historyTag, history: sized });
    // A copy larger than the whole bound is not kept (nor the one it replaced): the caller then sends the next turn whole.
    return this.kept.has(request.conversationId);
  }

  get size(): number {
    return this.kept?.size ?? 0;
  }
}
