import { randomUUID } from 'node:crypto';
import { randomToken } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import {
  AppError,
  metadataUserId,
  type CreateSessionBody,
  type CreateSessionResponse,
  type EndSessionResponse,
  type SendMessageResponse,
  type SessionStatusResponse,
} from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { ConversationRepository } from './conversation.repository.js';
import type { ConversationStore } from './conversation.store.js';
import type { EscalationOptions } from './escalation.service.js';
import type { TurnPath, TurnPathOptions } from './turn-path.js';

/** 128 random bits, base64url, as the reference's `secrets.token_urlsafe(16)`. */
export const newSessionId = () => `text_${randomToken(16)}`;

/** `escalations`: unset, a person is expected within two minutes (ESCALATION_NOTIFY_AFTER_SECONDS' default). */
export type SessionServiceOptions = TurnPathOptions & { escalations?: EscalationOptions | undefined };

/** Text Chat API sessions: create, send, status, end, and the idle sweep, on the shared turn path. */
export class SessionService {
  constructor(
    private readonly repository: ConversationRepository,
    private readonly store: ConversationStore,
    private readonly turns: TurnPath,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
  ) {}

  async create(body: CreateSessionBody): Promise<CreateSessionResponse> {
    const resolved = await this.bus.request('links.agents.resolve-version', {
      tenantId: body.tenant_id,
      agentId: body.agent_id,
      ...(body.version === undefined ? {} : { version: body.version }),
    });
    const conversationId = randomUUID();
    const sessionId = newSessionId();
    const { outcome, createdAt } = await this.turns.start({
      conversationId,
      sessionId,
      tenantId: body.tenant_id,
      agentId: resolved.agentId,
      version: resolved.version,
      isActiveVersion: resolved.isActiveVersion,
      metadata: body.metadata ?? {},
      // Indexed for GET /api/chat/users/{user_id}/conversations.
      userId: metadataUserId(body.metadata),
    });
    this.logger.info({ sessionId, conversationId, node: outcome.state.nodeId }, 'text session created');
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

  /** `owner`: the tenant and agent a bearer-key caller acts for; any other session is not found to it. */
  send(sessionId: string, content: string, idempotencyKey: string | undefined, owner?: { tenantId: string; agentId: string }): Promise<SendMessageResponse> {
    return this.turns.message<SendMessageResponse>({
      key: sessionId,
      find: (withHistory) => this.repository.find(sessionId, { idempotencyKey, withHistory }),
      missing: () => new AppError('not_found', 'session not found'),
      admit: async ({ conversation, priorResponse }) => {
        if (owner && (conversation.tenant_id !== owner.tenantId || conversation.agent_id !== owner.agentId)) {
          throw new AppError('not_found', 'session not found');
        }
        if (priorResponse !== null && priorResponse !== undefined) return priorResponse as SendMessageResponse;
        if (conversation.status !== 'active') throw new AppError('gone', `session is no longer active (${conversation.status})`);
        return undefined;
      },
      content,
      idempotencyKey: idempotencyKey ?? null,
      respond: (conversation, outcome, { turnNumber, escalationId }) => ({
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
        ...(escalationId ? { escalated: true } : {}),
      }),
      // With a person: no turn ran, so nothing moved; the backend learns the message waits for them.
      escalated: (conversation) => ({
        response: null,
        node_id: conversation.current_node_id,
        node_name: conversation.current_node_name,
        previous_node_id: conversation.current_node_id,
        previous_node_name: conversation.current_node_name,
        transitions: [],
        transition: null,
        extracted_variables: null,
        session_ended: false,
        turn_number: conversation.total_turns,
        latency_ms: 0,
        escalated: true,
      }),
    });
  }

  /** The session's tenant: whose own Text Chat API secrets may sign requests about it. */
  async tenantOf(sessionId: string): Promise<{ tenantId: string }> {
    const found = await this.repository.find(sessionId);
    if (!found) throw new AppError('not_found', 'session not found');
    return { tenantId: found.conversation.tenant_id };
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
    const ended = await this.store.end(sessionId);
    if (!ended) {
      const found = await this.repository.find(sessionId);
      if (!found) throw new AppError('not_found', 'session not found');
      throw new AppError('gone', `session is no longer active (${found.conversation.status})`);
    }
    await this.turns.ended(ended, 'completed');
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
    const abandoned = await this.store.abandonIdle(idleSeconds);
    for (const c of abandoned) await this.turns.ended(c, 'abandoned');
    if (abandoned.length > 0) this.logger.info({ count: abandoned.length }, 'idle sessions abandoned');
    return abandoned.length;
  }
}
