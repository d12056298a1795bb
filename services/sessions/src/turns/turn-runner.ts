import type { PlatformBus, RequestOptions, RpcRequest } from '@parley/bus';
import { AppError, catalog, type PlatformCatalog, type TurnOutcome } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { type AgentConfig, type AgentVersionRef, noLlm, workflowTurn } from '@parley/workflow';
import type { Counter } from 'prom-client';
import type { HandOff } from './history-cache.js';
import type { HistoryNeeds } from './history-needs.js';

/** Turns run here rather than on a runner, counted as the runners count theirs. */
export type LocalTurnsCounter = Counter<'kind' | 'status'>;

const reasonOf = (error: unknown): string | undefined => (error instanceof AppError ? (error.details as { reason?: string } | undefined)?.reason : undefined);

/** Bus failures that mean "no runner finished this": safe to offer the turn to another runner. */
function runnerLost(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'unavailable') return false;
  const reason = reasonOf(error);
  // A failed LLM is the turn's own failure; a full queue or one that kept the turn too long
  // already had every runner's chance: trying again at once would only add to the queue. A turn
  // lost from the queue (`queue_lost`: a NATS restart emptied it) is offered again, as no runner has it.
  return reason !== 'llm' && reason !== 'queue_full' && reason !== 'queue_timeout';
}

/**
 * What a turn asks of other services: the runners (runner.turn, retried on another runner when
 * one dies) and, for a known visitor, the memory service.
 *
 * A turn of an agent version that never asks a language model (static text, keywords, patterns,
 * see `callsLlm`) is run here instead, by the same pure engine a runner runs: the runner's queue
 * is there to spread LLM work, which such a turn has none of, and handing it over would cost more
 * than running it (a queue publish, a pull, an ack and a reply, each over NATS). It is as safe:
 * the outcome is committed by the same state-version-guarded statement, so a turn whose process
 * dies before the commit leaves nothing, as a runner dying would.
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
    private readonly localTurns?: LocalTurnsCounter,
  ) {
    this.requestOptions = queueTimeoutMs === undefined ? {} : { queueTimeoutMs };
  }

  /**
   * Offers the turn to runners until one finishes it; a runner that dies mid-turn costs one attempt.
   * With a hand-off, it goes first to the runner that keeps the conversation's history, bringing
   * only what was stored since; that runner full or gone, or no longer keeping the copy (answering
   * `history_missing`, as another runner given the turn after it went silent does), the turn goes
   * to any runner with its whole history – at no attempt's cost.
   */
  async run(request: RpcRequest<PlatformCatalog, 'runner.turn'>, handOff?: HandOff): Promise<TurnOutcome> {
    const config = await this.historyNeeds.withoutLlm(request);
    if (config) return this.runHere(config, request);
    let offered = handOff ? { ...request, history: [], historySince: handOff.since } : request;
    let options = handOff ? { ...this.requestOptions, preferResponder: handOff.runner, onlyPreferred: true } : this.requestOptions;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.bus.request('runner.turn', offered, options);
      } catch (error) {
        if (offered !== request && (reasonOf(error) === 'not_taken' || reasonOf(error) === 'history_missing')) {
          offered = request;
          options = this.requestOptions;
          attempt -= 1;
          continue;
        }
        if (!runnerLost(error) || attempt >= this.attempts) throw error;
        this.logger.warn({ sessionId: request.sessionId, attempt, err: error }, 'runner lost the turn: offering it to another');
        const { backoffMs } = catalog.rpc['runner.turn'].retry;
        await new Promise((resolve) => setTimeout(resolve, backoffMs[Math.min(attempt, backoffMs.length) - 1]));
      }
    }
  }

  private async runHere(config: AgentConfig, request: RpcRequest<PlatformCatalog, 'runner.turn'>): Promise<TurnOutcome> {
    const kind = request.state === null ? 'start' : 'message';
    try {
      const outcome = await workflowTurn(config, request, {
        llm: noLlm(),
        history: async () => request.history,
        // A stored extraction pattern RE2 cannot run: the operator hears of it, the turn goes on.
        warn: (message) => this.logger.warn({ agentId: request.agentId, version: request.version }, message),
      });
      this.localTurns?.inc({ kind, status: outcome.status });
      return outcome;
    } catch (error) {
      this.localTurns?.inc({ kind, status: 'failed' });
      throw error;
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
