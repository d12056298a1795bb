import { randomUUID } from 'node:crypto';
import { randomToken } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import {
  AppError,
  type CreateSessionBody,
  type CreateSessionResponse,
  type EndSessionResponse,
  metadataUserId,
  type SendMessageResponse,
  type SessionStatusResponse,
  toolCallReports,
} from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { EscalationOptions } from '../escalations/escalation.service.js';
import type { ConversationRepository } from '../store/conversation.repository.js';
import type { ConversationStore } from '../store/conversation.store.js';
import type { TurnEngine } from '../turns/engine.js';
import { citationsOf } from '../turns/knowledge-messages.js';
import type { TurnPathOptions } from '../turns/turn-path.js';
import { sessionNotFound, textChatChannel } from './message.js';

/** 128 random bits, base64url, as the reference's `secrets.token_urlsafe(16)`. */
export const newSessionId = () => `text_${randomToken(16)}`;

/** `escalations`: unset, a person is expected within two minutes (ESCALATION_NOTIFY_AFTER_SECONDS' default). */
export type SessionServiceOptions = TurnPathOptions & { escalations?: EscalationOptions | undefined };

/** Text Chat API sessions: create, send, status, end, and the idle sweep, on the turn engine (its messages on the Text Chat API channel). */
export class SessionService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly store: ConversationStore,
    private readonly engine: TurnEngine,
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
    const { outcome, createdAt } = await this.engine.start({
      conversationId,
      sessionId,
      tenantId: body.tenant_id,
      agentId: resolved.agentId,
      version: resolved.version,
      isActiveVersion: resolved.isActiveVersion,
      metadata: body.metadata ?? {},
      // Indexed for GET /api/chat/users/{user_id}/conversations.
      userId: metadataUserId(body.metadata),
      ...(body.offer_person ? { offerPerson: body.offer_person } : {}),
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
      tool_calls: toolCallReports(outcome.toolCalls),
      ...citationsOf(outcome),
      created_at: createdAt.toISOString(),
    };
  }

  /** `owner`: the tenant and agent a bearer-key caller acts for; any other session is not found to it. */
  send(sessionId: string, content: string, idempotencyKey: string | undefined, owner?: { tenantId: string; agentId: string }): Promise<SendMessageResponse> {
    return this.engine.message(textChatChannel, { sessionId, owner, content, idempotencyKey: idempotencyKey ?? null });
  }

  /** The session's tenant: whose own Text Chat API secrets may sign requests about it. */
  async tenantOf(sessionId: string): Promise<{ tenantId: string }> {
    const found = await this.conversations.find(sessionId);
    if (!found) throw sessionNotFound();
    return { tenantId: found.conversation.tenant_id };
  }

  async status(sessionId: string): Promise<SessionStatusResponse> {
    const found = await this.conversations.find(sessionId);
    if (!found) throw sessionNotFound();
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
      const found = await this.conversations.find(sessionId);
      if (!found) throw sessionNotFound();
      throw new AppError('gone', `session is no longer active (${found.conversation.status})`);
    }
    await this.engine.ended(ended, 'completed');
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
    for (const c of abandoned) await this.engine.ended(c, 'abandoned');
    if (abandoned.length > 0) this.logger.info({ count: abandoned.length }, 'idle sessions abandoned');
    return abandoned.length;
  }
}
