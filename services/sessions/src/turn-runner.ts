import type { PlatformBus, RequestOptions, RpcRequest } from '@parley/bus';
import { AppError, catalog, type PlatformCatalog, type TurnOutcome } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { AgentVersionRef, HistoryNeeds } from './history-needs.js';

/** Bus failures that mean "no runner finished this": safe to offer the turn to another runner. */
function runnerLost(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'unavailable') return false;
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  // A failed LLM is the turn's own failure; a full queue or one that kept the turn too long
  // already had every runner's chance: trying again at once would only add to the queue. A turn
  // lost from the queue (`queue_lost`: a NATS restart emptied it) is offered again, as no runner has it.
  return reason !== 'llm' && reason !== 'queue_full' && reason !== 'queue_timeout';
}

/**
 * What a turn asks of other services: the runners (runner.turn, retried on another runner when
 * one dies) and, for a known visitor, the memory service.
 */
export class TurnRunner {
  private readonly requestOptions: RequestOptions;

  constructor(
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    private readonly historyNeeds: HistoryNeeds,
    /** How many runners a turn is offered to before it fails with `unavailable`. */
    private readonly attempts: number,
    /** How long a turn may wait in the runners' queue for one to take it (the catalog's default when unset). */
    queueTimeoutMs: number | undefined,
  ) {
    this.requestOptions = queueTimeoutMs === undefined ? {} : { queueTimeoutMs };
  }

  /** Offers the turn to runners until one finishes it; a runner that dies mid-turn costs one attempt. */
  async run(request: RpcRequest<PlatformCatalog, 'runner.turn'>): Promise<TurnOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.bus.request('runner.turn', request, this.requestOptions);
      } catch (error) {
        if (!runnerLost(error) || attempt >= this.attempts) throw error;
        this.logger.warn({ sessionId: request.sessionId, attempt, err: error }, 'runner lost the turn: offering it to another');
        const { backoffMs } = catalog.rpc['runner.turn'].retry;
        await new Promise((resolve) => setTimeout(resolve, backoffMs[Math.min(attempt, backoffMs.length) - 1]));
      }
    }
  }

  /**
   * What the agent remembers about a verified or signed-in visitor, asked only when the agent
   * version has a prompt node to tell it to. A memory service slow or down costs the turn its
   * memory, not the turn.
   */
  async memoryFor(ref: AgentVersionRef, visitor: { email: string | null; userId: string | null; userRealm: string | null }): Promise<{ memory?: string }> {
    // A user id without its realm names nobody (see visitorKeyOf).
    const user = visitor.userId && visitor.userRealm ? { userId: visitor.userId, userRealm: visitor.userRealm } : undefined;
    if ((!visitor.email && !user) || !(await this.historyNeeds.forVersion(ref))) return {};
    try {
      const who = user ?? { email: visitor.email as string };
      const { summary } = await this.bus.request('memory.get', { agentId: ref.agentId, ...who });
      return summary === null ? {} : { memory: summary };
    } catch (error) {
      this.logger.debug({ err: error, agentId: ref.agentId }, 'turn goes on without the visitor memory');
      return {};
    }
  }
}
