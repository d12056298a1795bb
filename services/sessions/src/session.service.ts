import { randomBytes, randomUUID } from 'node:crypto';
import type { EventPayload, PlatformBus, RpcRequest } from '@parley/bus';
import {
  AppError,
  catalog,
  type CreateSessionBody,
  type CreateSessionResponse,
  type EndSessionResponse,
  type PlatformCatalog,
  type SendMessageResponse,
  type SessionStatusResponse,
  type TurnOutcome,
} from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { ConversationRepository, ConversationRow, HistoryMessage } from './conversation.repository.js';
import { HistoryNeeds } from './history-needs.js';

/** 128 random bits, base64url, as the reference's `secrets.token_urlsafe(16)`. */
export const newSessionId = () => `text_${randomBytes(16).toString('base64url')}`;

/** A turn computed from a state that another turn replaced is recomputed this many times at most. */
const MAX_COMMIT_ATTEMPTS = 5;

export interface SessionServiceOptions {
  /** How many runners a turn is offered to before it fails with `unavailable`. */
  runnerAttempts: number;
}

/** Bus failures that mean "no runner finished this": safe to offer the turn to another runner. */
function runnerLost(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'unavailable') return false;
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  return reason !== 'llm';
}

/**
 * Text Chat API sessions: create, send, status, end, and the idle sweep. Every turn starts from
 * the conversation as the database has it now – no replica keeps a copy that another could have
 * moved on – so a runner (and its LLM) is asked once per turn; only two messages racing on the
 * same session make the later one recompute.
 */
export class SessionService {
  private readonly historyNeeds: HistoryNeeds;

  constructor(
    private readonly repository: ConversationRepository,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    private readonly options: SessionServiceOptions,
  ) {
    this.historyNeeds = new HistoryNeeds(bus, logger);
  }

  async create(body: CreateSessionBody): Promise<CreateSessionResponse> {
    const resolved = await this.bus.request('agents.resolveVersion', {
      tenantId: body.tenant_id,
      agentId: body.agent_id,
      ...(body.version === undefined ? {} : { version: body.version }),
    });
    const conversationId = randomUUID();
    const sessionId = newSessionId();
    const outcome = await this.runTurn({
      agentId: resolved.agentId,
      version: resolved.version,
      conversationId,
      sessionId,
      state: null,
      message: null,
      history: [],
    });
    const createdAt = await this.repository.create({
      id: conversationId,
      sessionId,
      tenantId: body.tenant_id,
      agentId: resolved.agentId,
      agentVersion: resolved.version,
      isActiveVersion: resolved.isActiveVersion,
      status: outcome.status,
      nodeId: outcome.state.nodeId,
      nodeName: outcome.nodeName,
      collectedData: outcome.state.collectedData,
      metadata: body.metadata ?? {},
      messages: outcome.said.map((s) => ({ id: randomUUID(), role: 'assistant' as const, content: s.text, nodeId: s.nodeId })),
      transitions: outcome.transitions,
    });
    this.historyNeeds.remember(sessionId, { agentId: resolved.agentId, version: resolved.version });
    this.logger.info({ sessionId, conversationId, node: outcome.state.nodeId }, 'text session created');
    this.emit({ conversationId, sessionId, tenantId: body.tenant_id, agentId: resolved.agentId, status: outcome.status });
    return {
      session_id: sessionId,
      conversation_id: conversationId,
      status: outcome.status,
      node_id: outcome.state.nodeId,
      node_name: outcome.nodeName,
      initial_node_id: outcome.previousNodeId,
      initial_node_name: outcome.previousNodeName,
      transitions: outcome.transitions,
      agent_config_version: resolved.version,
      is_active_version: resolved.isActiveVersion,
      initial_message: outcome.response,
      created_at: createdAt.toISOString(),
    };
  }

  async send(sessionId: string, content: string, idempotencyKey: string | undefined): Promise<SendMessageResponse> {
    const userMessageId = randomUUID();
    for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
      const found = await this.read(sessionId, idempotencyKey);
      if (!found) throw new AppError('not_found', 'session not found');
      if (found.priorResponse !== null && found.priorResponse !== undefined) return found.priorResponse as SendMessageResponse;
      const conversation = found.conversation;
      if (conversation.status !== 'active') throw new AppError('gone', `session is no longer active (${conversation.status})`);
      const history = found.history ?? (await this.historyFor(sessionId, conversation));

      let outcome: TurnOutcome;
      try {
        outcome = await this.runTurn({
          agentId: conversation.agent_id,
          version: conversation.agent_version,
          conversationId: conversation.id,
          sessionId,
          state: {
            nodeId: conversation.current_node_id,
            collectedData: conversation.collected_data,
            visitTurns: conversation.visit_turns,
          },
          message: content,
          history,
        });
      } catch (error) {
        await this.repository.storeFailedMessage(conversation.id, userMessageId, content);
        throw error;
      }

      const turnNumber = conversation.total_turns + 1;
      const response: SendMessageResponse = {
        response: outcome.response ?? '',
        node_id: outcome.state.nodeId,
        node_name: outcome.nodeName,
        previous_node_id: conversation.current_node_id,
        previous_node_name: conversation.current_node_name,
        transitions: outcome.transitions,
        transition: outcome.transitions.at(-1) ?? null,
        extracted_variables: outcome.extractedVariables,
        session_ended: outcome.status !== 'active',
        turn_number: turnNumber,
        latency_ms: Math.round(outcome.llmLatencyMs),
      };
      const committed = await this.commit(conversation, outcome, {
        turnNumber,
        content,
        userMessageId,
        idempotencyKey: idempotencyKey ?? null,
        response,
      });
      if (committed) {
        if (outcome.status !== 'active') {
          this.emitEnded(conversation, outcome.status, turnNumber, conversation.total_transitions + outcome.transitions.length);
        }
        return response;
      }
      // Another request on this session got in first (a message, an end, the idle sweep): start from what it left.
      this.logger.debug({ sessionId, attempt }, 'conversation moved on during the turn: recomputing');
    }
    throw new AppError('conflict', 'the session is busy with other messages; retry');
  }

  async status(sessionId: string): Promise<SessionStatusResponse> {
    const found = await this.repository.find(sessionId);
    if (!found) throw new AppError('not_found', 'session not found');
    const c = found.conversation;
    return {
      session_id: c.session_id,
      conversation_id: c.id,
      status: c.status,
      node_id: c.current_node_id,
      node_name: c.current_node_name,
      turns: c.total_turns,
      transition_count: c.total_transitions,
      collected_data: c.collected_data,
      created_at: c.created_at.toISOString(),
      updated_at: c.updated_at.toISOString(),
      ended_at: c.ended_at ? c.ended_at.toISOString() : null,
    };
  }

  async end(sessionId: string): Promise<EndSessionResponse> {
    const ended = await this.repository.end(sessionId);
    if (!ended) {
      const found = await this.repository.find(sessionId);
      if (!found) throw new AppError('not_found', 'session not found');
      throw new AppError('gone', `session is no longer active (${found.conversation.status})`);
    }
    this.emitEnded(ended, 'completed', ended.total_turns, ended.total_transitions);
    return {
      success: true,
      conversation_id: ended.id,
      final_node_id: ended.current_node_id,
      final_node_name: ended.current_node_name,
      total_turns: ended.total_turns,
      total_transitions: ended.total_transitions,
    };
  }

  async abandonIdle(idleSeconds: number): Promise<number> {
    const abandoned = await this.repository.abandonIdle(idleSeconds);
    for (const c of abandoned) this.emitEnded(c, 'abandoned', c.total_turns, c.total_transitions);
    if (abandoned.length > 0) this.logger.info({ count: abandoned.length }, 'idle sessions abandoned');
    return abandoned.length;
  }

  /**
   * The conversation as it is now. Once this replica knows the session's agent version and that
   * version reads history, the history comes in the same statement; otherwise none is read here.
   */
  private async read(sessionId: string, idempotencyKey: string | undefined) {
    const known = this.historyNeeds.versionOf(sessionId);
    const withHistory = known !== undefined && (await this.historyNeeds.forVersion(known));
    return this.repository.find(sessionId, { idempotencyKey, withHistory });
  }

  /** For a conversation read without its history: reads it only if its agent version needs it. */
  private async historyFor(sessionId: string, conversation: ConversationRow): Promise<HistoryMessage[]> {
    const ref = { agentId: conversation.agent_id, version: conversation.agent_version };
    this.historyNeeds.remember(sessionId, ref);
    return (await this.historyNeeds.forVersion(ref)) ? this.repository.history(conversation.id) : [];
  }

  private async commit(
    conversation: ConversationRow,
    outcome: TurnOutcome,
    turn: { turnNumber: number; content: string; userMessageId: string; idempotencyKey: string | null; response: SendMessageResponse },
  ): Promise<boolean> {
    try {
      const result = await this.repository.commitTurn({
        conversationId: conversation.id,
        expectedStateVersion: conversation.state_version,
        turnNumber: turn.turnNumber,
        nodeId: outcome.state.nodeId,
        nodeName: outcome.nodeName,
        visitTurns: outcome.state.visitTurns,
        collectedData: outcome.state.collectedData,
        status: outcome.status,
        messages: [
          { id: turn.userMessageId, role: 'user', content: turn.content, nodeId: conversation.current_node_id },
          ...outcome.said.map((s) => ({ id: randomUUID(), role: 'assistant' as const, content: s.text, nodeId: s.nodeId })),
        ],
        transitions: outcome.transitions,
        extracted: outcome.extractedVariables,
        idempotencyKey: turn.idempotencyKey,
        userMessageId: turn.userMessageId,
        response: turn.response,
      });
      return result.committed;
    } catch (error) {
      // Another request with the same Idempotency-Key committed first: the next attempt returns its result.
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  /** Offers the turn to runners until one finishes it; a runner that dies mid-turn costs one attempt. */
  private async runTurn(request: RpcRequest<PlatformCatalog, 'runner.turn'>): Promise<TurnOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.bus.request('runner.turn', request);
      } catch (error) {
        if (!runnerLost(error) || attempt >= this.options.runnerAttempts) throw error;
        this.logger.warn({ sessionId: request.sessionId, attempt, err: error }, 'runner lost the turn: offering it to another');
        const { backoffMs } = catalog.rpc['runner.turn'].retry;
        await new Promise((resolve) => setTimeout(resolve, backoffMs[Math.min(attempt, backoffMs.length) - 1]));
      }
    }
  }

  private emit(payload: Omit<EventPayload<PlatformCatalog, 'session.created'>, 'at'>): void {
    this.bus.publish('session.created', { ...payload, at: new Date().toISOString() }).catch((error: unknown) => {
      this.logger.warn({ err: error, event: 'session.created' }, 'could not publish event');
    });
  }

  private emitEnded(c: ConversationRow, status: string, totalTurns: number, totalTransitions: number): void {
    this.bus
      .publish('session.ended', {
        conversationId: c.id,
        sessionId: c.session_id,
        tenantId: c.tenant_id,
        agentId: c.agent_id,
        status,
        at: new Date().toISOString(),
        totalTurns,
        totalTransitions,
      })
      .catch((error: unknown) => this.logger.warn({ err: error, event: 'session.ended' }, 'could not publish event'));
  }
}
