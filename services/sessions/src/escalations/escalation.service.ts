import { randomUUID } from 'node:crypto';
import {
  AppError,
  type Attachment,
  type ConversationReader,
  type ConversationTarget,
  type EscalationCreatedWithOffline,
  type EscalationState,
  type EscalationSummary,
  type OfflineNotice,
  type TeamHours,
} from '@parley/contracts';
import { timeOrderedUuid } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { OperatorPresence } from '@parley/stores';
import type { AgentVersions } from '@parley/workflow';
import { factsOf } from '../conversations/conversation-facts.js';
import type { Announcer } from '../store/announcer.js';
import type { ConversationRepository, ConversationRow } from '../store/conversation.repository.js';
import type { ConversationStore } from '../store/conversation.store.js';
import type { VisibilityRepository } from '../store/visibility.repository.js';
import { isOpen, nextOpening } from '../teams/business-hours.js';
import type { TeamRow, TeamsService } from '../teams/teams.service.js';
import type { EngineResources } from '../turns/engine.js';
import type { EscalationRepository, EscalationRow, InboxFacts, InboxRow } from './escalation.repository.js';
import { newEscalationId } from './escalation-id.js';
import { actorOf, inboxScopeOf, memberOf, type Operator } from './inbox-operator.js';
import type { OperatorsRepository, TransferRecord } from './operators.repository.js';
import type { EscalationRouting } from './routing.js';

export interface EscalationOptions {
  /** Expected time for a person to take a waiting conversation when the tenant has no recent claims to go by. */
  notifyAfterSeconds: number;
  /** An assignment not accepted in this many seconds moves on (default 60). */
  assignmentTimeoutSeconds?: number | undefined;
}

/** The inbox's own parts: its escalations as stored, routing (teams, presence, the assignment passes), operators, and who may see which escalation. */
export interface EscalationRoutingParts {
  repository: Escalations;
  routing: Pick<EscalationRouting, 'route' | 'online' | 'expire' | 'tenantsWaiting' | 'endAssignment'>;
  teams: Pick<TeamsService, 'operators' | 'rows' | 'row' | 'resolve'>;
  operators: Pick<
    OperatorsRepository,
    'settleTeam' | 'linkTeam' | 'accept' | 'transferToMember' | 'transferToTeam' | 'transfers' | 'firstResponse' | 'openCounts'
  >;
  visibility: Pick<VisibilityRepository, 'escalation' | 'teamsSeenBy'>;
  presence: OperatorPresence | undefined;
}

/**
 * What the inbox uses of the turn engine's one resources object (EngineResources): the writes and
 * reads of conversations it makes (as types, so a unit test gives it fakes of them), what it
 * announces, the agent versions (a handoff node may name the team its escalations go to) and the
 * clock routing runs on.
 */
export interface InboxResources extends Pick<EngineResources, 'announcer' | 'logger' | 'clock'> {
  store: ConversationWrites;
  conversations: ConversationReads;
  versions: Pick<AgentVersions, 'get'>;
}

// What the service uses of the escalations' and conversations' SQL: the repositories' methods as
// types, so a unit test gives it fakes of them (escalation.service.test.ts).
type Escalations = Pick<EscalationRepository, 'find' | 'findById' | 'forConversation' | 'waiting' | 'averageWaitSeconds' | 'inbox' | 'claim' | 'facts'>;
type ConversationWrites = Pick<ConversationStore, 'openEscalation' | 'addOperatorMessage' | 'finishEscalation' | 'closeEscalationOfEnded'>;
type ConversationReads = Pick<ConversationRepository, 'find' | 'findById' | 'findByCredential'>;

/** What the visitor is told when nobody can answer now (the chat page and widget have their own words for it, by `reason`). */
export const OFFLINE_MESSAGES = {
  closed: 'We are closed right now. Leave a message and your email, and a person will answer you by email.',
  nobody_online: 'Nobody is available right now. Leave a message and your email, and a person will answer you by email.',
} as const;

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

/** An item whose conversation is gone (or was never found) shows nothing of it. */
const NO_FACTS: InboxFacts = {
  last_message: null,
  last_message_at: null,
  labels: [],
  unread: null,
  signed_name: null,
  signed_email: null,
  visitor_email: null,
  collected_data: null,
  preview: null,
};

/**
 * The inbox system of the turn engine (turns/engine.ts). Escalation to a human: opening one from any way in, the inbox's actions, and what everybody
 * watching is told (through the Announcer) – the visitor (their conversation's live log: the
 * escalation's state, their place in the queue, the operator's messages and typing), the tenant's
 * operators (the inbox log: escalations and the messages of escalated conversations), and the
 * rest of the platform (the escalation.* events).
 */
export class EscalationService {
  private readonly repository: Escalations;
  private readonly store: ConversationWrites;
  private readonly conversations: ConversationReads;
  private readonly announcer: Announcer;
  private readonly logger: Logger;

  constructor(
    private readonly resources: InboxResources,
    private readonly parts: EscalationRoutingParts,
    private readonly options: EscalationOptions,
  ) {
    this.repository = parts.repository;
    this.store = resources.store;
    this.conversations = resources.conversations;
    this.announcer = resources.announcer;
    this.logger = resources.logger;
  }

  /** How long an operator has to accept what is offered to them. */
  private get acceptWithinMs(): number {
    return (this.options.assignmentTimeoutSeconds ?? 60) * 1000;
  }

  async create(request: {
    target: ConversationTarget;
    reason: string;
    metadata?: Record<string, unknown> | undefined;
    source: 'visitor' | 'api';
  }): Promise<EscalationCreatedWithOffline> {
    const conversation = await this.conversationOf(request.target);
    if (conversation.status !== 'active')
      throw new AppError('gone', `this conversation has ended (${conversation.status})`, { details: { reason: conversation.status } });
    const opened = await this.store.openEscalation({
      id: newEscalationId(),
      conversation,
      reason: request.reason,
      metadata: request.metadata ?? {},
      source: request.source,
    });
    if (!opened) {
      const now = await this.conversationOf(request.target);
      if (now.status !== 'active') throw new AppError('gone', `this conversation has ended (${now.status})`, { details: { reason: now.status } });
      throw new AppError('conflict', 'this conversation is already with a person (or waiting for one)', { details: { escalation_id: now.escalation_id } });
    }
    const summary = await this.opened(opened.escalation, opened.conversation);
    const e = opened.escalation;
    return {
      escalation: {
        id: e.id,
        conversation_id: e.conversation_id,
        state: summary.state,
        reason: e.reason,
        created_at: new Date(e.created_at).toISOString(),
        position: summary.position,
        estimated_wait_seconds: summary.estimated_wait_seconds,
        team: summary.team ?? null,
      },
      ...(summary.offline ? { offline: summary.offline } : {}),
    };
  }

  /** After an escalation opened (any way in, a handoff node too): everyone watching is told. */
  async opened(opened: EscalationRow, conversation: ConversationRow): Promise<EscalationSummary & { team?: string | null; offline?: OfflineNotice }> {
    this.logger.info({ escalationId: opened.id, conversationId: conversation.id, source: opened.source }, 'conversation escalated');
    const team = await this.teamFor(opened, conversation);
    const escalation = (await this.parts.operators.settleTeam(opened.id, team?.id ?? null)) ?? opened;
    this.announcer.escalationChanged(escalation, conversation);
    const offline = await this.offlineNotice(escalation.tenant_id, team);
    // A new escalation joins the end of its queue: the places and waits of those before it do not
    // change, so only its own conversation is told (telling every waiting one made each escalation
    // cost as many appends as the queue was long).
    const positions = await this.queue(escalation.tenant_id);
    const summary = positions.get(escalation.id) ?? { id: escalation.id, state: escalation.state, position: null, estimated_wait_seconds: null };
    const item = await this.itemOf(escalation, conversation, summary.position);
    await Promise.all([
      this.announcer.toInbox(escalation.tenant_id, { event: 'escalation', data: item }),
      summary.position === null
        ? undefined
        : this.announcer.toConversation(conversation, {
            event: 'escalation',
            data: { ...summary, operator: null, ...(team ? { team: team.name } : {}), ...(offline ? { offline } : {}) },
          }),
    ]);
    // Placed at once when someone of its team can take it.
    const assigned = (await this.route(escalation.tenant_id)).find((a) => a.id === escalation.id);
    const now = assigned ? { id: assigned.id, state: assigned.state, position: null, estimated_wait_seconds: null } : summary;
    return { ...now, team: team?.name ?? null, ...(offline ? { offline } : {}) };
  }

  /** The team an escalation goes to: its handoff node's, else its link's, else none (the tenant's queue). An unknown team is the tenant's queue. */
  private async teamFor(escalation: EscalationRow, conversation: ConversationRow): Promise<TeamRow | undefined> {
    try {
      if (escalation.source === 'workflow') {
        // The version whose turn handed off: the process's cache has it already.
        const version = await this.resources.versions.get({ agentId: conversation.agent_id, version: conversation.agent_version });
        const node = version.ok ? version.config.workflow.nodes.find((n) => n.id === conversation.current_node_id) : undefined;
        if (node?.handoff_team) {
          const team = await this.parts.teams.resolve(escalation.tenant_id, node.handoff_team);
          if (team) return team;
          this.logger.warn(
            { escalationId: escalation.id, team: node.handoff_team },
            'a handoff node names a team the tenant does not have: the tenant queue takes it',
          );
        }
      }
      const linkTeam = conversation.link_id ? await this.parts.operators.linkTeam(conversation.link_id) : null;
      return linkTeam ? await this.parts.teams.row(escalation.tenant_id, linkTeam) : undefined;
    } catch (error) {
      this.logger.warn({ err: error, escalationId: escalation.id }, 'could not tell the escalation’s team: the tenant queue takes it');
      return undefined;
    }
  }

  /** Nobody can answer now: outside the team's hours, or nobody of it (of the tenant, without a team) online. */
  private async offlineNotice(tenantId: string, team: TeamRow | undefined): Promise<OfflineNotice | undefined> {
    const now = this.resources.clock();
    const hours = (team?.hours ?? null) as TeamHours | null;
    if (!isOpen(hours, now)) {
      const opens = nextOpening(hours, now);
      return { message: OFFLINE_MESSAGES.closed, ask_email: true, reason: 'closed', opens_at: opens ? opens.toISOString() : null };
    }
    if (!this.parts.presence) return undefined;
    const online = await this.parts.routing.online(tenantId);
    if (team) {
      if (team.members.some((id) => online.has(id))) return undefined;
    } else {
      // The tenant's queue is watched by anyone with the inbox open (a key's stream too).
      const operators = await this.parts.teams.operators(tenantId);
      if ([...operators.keys()].some((id) => online.has(id))) return undefined;
      if ((await this.parts.presence.count(tenantId).catch(() => 1)) > 0) return undefined;
    }
    return { message: OFFLINE_MESSAGES.nobody_online, ask_email: true, reason: 'nobody_online', opens_at: null };
  }

  /**
   * Places the tenant's waiting escalations (an assignment pass) and tells everybody of each
   * assignment: the assignee's inbox, the visitor (who now has an operator's name), webhooks.
   * Answers the escalations assigned.
   */
  async route(tenantId: string): Promise<EscalationRow[]> {
    const assigned = await this.parts.routing.route(tenantId).catch((error: unknown) => {
      this.logger.warn({ err: error, tenantId }, 'assignment pass failed; the next one places them');
      return [];
    });
    for (const { escalation } of assigned) {
      const conversation = await this.conversations.findById(escalation.conversation_id);
      if (conversation) await this.changed(escalation, conversation, { broadcast: false });
    }
    if (assigned.length > 0) {
      await this.broadcastQueue(tenantId);
      await this.tellPresence(
        tenantId,
        assigned.map((a) => a.memberId),
      );
    }
    return assigned.map((a) => a.escalation);
  }

  /** One sweep: assignments not accepted in time move on, and every tenant with escalations waiting gets a pass. */
  async sweep(): Promise<void> {
    const expired = await this.parts.routing.expire();
    for (const escalation of expired) {
      this.logger.info({ escalationId: escalation.id }, 'assignment not accepted in time: it moves on');
      const conversation = await this.conversations.findById(escalation.conversation_id);
      if (conversation) await this.changed(escalation, conversation, { broadcast: false });
    }
    const tenants = new Set([...expired.map((e) => e.tenant_id), ...(await this.parts.routing.tenantsWaiting())]);
    for (const tenantId of tenants) {
      await this.route(tenantId);
      if (expired.some((e) => e.tenant_id === tenantId)) await this.broadcastQueue(tenantId);
    }
  }

  /** Runs a sweep every `intervalMs` until stopped. */
  startSweeps(intervalMs: number): { stop(): void } {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.sweep()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'assignment sweep failed'))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  /** Opens the escalation a handoff node asked for at the start of a conversation (a turn's handoff commits its own). */
  async openForStart(conversationId: string, reason: string): Promise<void> {
    const conversation = await this.conversations.findById(conversationId);
    if (!conversation) return;
    const opened = await this.store.openEscalation({ id: newEscalationId(), conversation, reason, metadata: {}, source: 'workflow' });
    if (opened) await this.opened(opened.escalation, opened.conversation);
  }

  /** After a turn whose handoff node opened an escalation in the same commit. */
  async openedByTurn(escalationId: string): Promise<void> {
    const escalation = await this.repository.findById(escalationId);
    const conversation = escalation && (await this.conversations.findById(escalation.conversation_id));
    if (escalation && conversation) await this.opened(escalation, conversation);
  }

  /** Where a conversation's open escalation stands, for the reply to a message sent while it is open. */
  async summary(conversation: ConversationRow): Promise<EscalationSummary | undefined> {
    if (!conversation.escalation_id) return undefined;
    const escalation = await this.repository.findById(conversation.escalation_id);
    if (!escalation) return undefined;
    if (escalation.state !== 'waiting') return { id: escalation.id, state: escalation.state, position: null, estimated_wait_seconds: null };
    const queue = await this.queue(escalation.tenant_id);
    return queue.get(escalation.id) ?? { id: escalation.id, state: escalation.state, position: null, estimated_wait_seconds: null };
  }

  /** A visitor's message in an escalated conversation reaches the tenant's operators, with the files it carries. */
  async visitorMessage(
    conversation: ConversationRow,
    message: { id: string; content: string; createdAt: Date; attachments?: Attachment[] | undefined },
  ): Promise<void> {
    if (!conversation.escalation_id) return;
    await this.announcer.toInbox(conversation.tenant_id, {
      event: 'message',
      data: {
        ...(await this.scopeOf(conversation.escalation_id)),
        escalation_id: conversation.escalation_id,
        conversation_id: conversation.id,
        id: message.id,
        role: 'user',
        content: message.content,
        created_at: message.createdAt.toISOString(),
        ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      },
    });
  }

  /** The conversation ended while escalated (see ConversationEnding): its escalation closes, as nobody is left to wait for a person. */
  async conversationEnded(conversation: ConversationRow): Promise<void> {
    if (!conversation.escalation_id) return;
    const closed = await this.store.closeEscalationOfEnded(conversation.escalation_id);
    if (closed) await this.changed(closed, conversation);
  }

  async visitorTyping(request: { linkId: string; credentialHash: string }): Promise<{ escalated: boolean }> {
    const found = await this.conversations.findByCredential(request.credentialHash);
    if (!found || found.conversation.link_id !== request.linkId)
      throw new AppError('unauthorized', 'unknown session', { details: { reason: 'unknown_session' } });
    const c = found.conversation;
    if (!c.escalation_id) return { escalated: false };
    await this.announcer.toInbox(c.tenant_id, {
      event: 'status',
      data: { ...(await this.scopeOf(c.escalation_id)), state: 'typing', by: 'visitor', conversation_id: c.id, escalation_id: c.escalation_id },
    });
    return { escalated: true };
  }

  async list(target: ConversationTarget) {
    const conversation = await this.conversationOf(target);
    const rows = await this.repository.forConversation(conversation.id);
    return { escalations: rows.map(listedEscalation) };
  }

  async inbox(request: {
    tenantId: string;
    states: EscalationState[];
    agentId?: string | undefined;
    team?: string | undefined;
    operatorActorId?: string | undefined;
    reader: ConversationReader;
    readerId: string;
    limit: number;
  }) {
    const [rows, queue, teams] = await Promise.all([
      this.repository.inbox(request.tenantId, request.states, request.agentId, request.limit, {
        team: request.team,
        operatorActorId: request.operatorActorId,
        reader: request.reader,
        readerId: request.readerId,
      }),
      this.queue(request.tenantId),
      this.parts.teams.rows(request.tenantId),
    ]);
    const names = new Map(teams.map((team) => [team.id, team.name]));
    const transfers = await this.parts.operators.transfers(
      request.tenantId,
      rows.map((row) => row.id),
    );
    return {
      items: rows.map((row) =>
        itemOfRow(
          { ...row, team_name: row.team_id ? (names.get(row.team_id) ?? null) : null },
          queue.get(row.id)?.position ?? null,
          this.acceptWithinMs,
          transfers.get(row.id) ?? [],
        ),
      ),
    };
  }

  async act(request: {
    tenantId: string;
    escalationId: string;
    operator: Operator;
    reader: ConversationReader;
    action: 'claim' | 'accept' | 'release' | 'close' | 'typing';
  }) {
    const { tenantId, escalationId, operator } = request;
    await this.assertVisible(tenantId, escalationId, request.reader);
    if (request.action === 'typing') return this.typing(tenantId, escalationId, operator);
    if (request.action === 'claim' || request.action === 'accept') {
      // Accepting is claiming what was assigned to you; claiming a waiting one takes it from the queue.
      const claimed =
        request.action === 'accept'
          ? await this.parts.operators.accept(tenantId, escalationId, actorOf(operator))
          : await this.repository.claim(tenantId, escalationId, operator);
      if (!claimed) throw await this.refusal(tenantId, escalationId, request.action);
      await this.parts.routing.endAssignment(claimed.id, 'accepted');
      const conversation = await this.conversations.findById(claimed.conversation_id);
      if (conversation) await this.changed(claimed, conversation);
      await this.tellPresence(tenantId, [operator.actorId]);
      return { item: await this.itemOfConversation(claimed, conversation, actorOf(operator)) };
    }
    const finished = await this.store.finishEscalation(tenantId, escalationId, operator, request.action === 'release' ? 'released' : 'closed');
    if (!finished) throw await this.refusal(tenantId, escalationId, request.action);
    await this.parts.routing.endAssignment(finished.escalation.id, 'withdrawn');
    const conversation = finished.conversation ?? (await this.conversations.findById(finished.escalation.conversation_id));
    if (conversation) {
      await this.changed(finished.escalation, conversation);
      // Closing ended the conversation: whoever watches it is told, as of any end.
      if (request.action === 'close' && finished.conversation?.status === 'completed') {
        await this.announcer.sessionEnded(conversation, {
          status: 'completed',
          reason: 'closed',
          totalTurns: conversation.total_turns,
          totalTransitions: conversation.total_transitions,
        });
      }
    }
    // The operator has room for another: the queue is placed again.
    await this.tellPresence(tenantId, [operator.actorId]);
    await this.route(tenantId);
    return { item: await this.itemOfConversation(finished.escalation, conversation, actorOf(operator)) };
  }

  /**
   * Hands an escalation the operator holds (assigned to or claimed by them) to a colleague, who
   * gets it assigned and accepts it, or to a team's queue. The note reaches the operators only;
   * the visitor sees who took over.
   */
  async transfer(request: {
    tenantId: string;
    escalationId: string;
    operator: Operator;
    reader: ConversationReader;
    toMember?: string | undefined;
    toTeam?: string | undefined;
    note?: string | undefined;
  }) {
    const { tenantId, escalationId, operator } = request;
    await this.assertVisible(tenantId, escalationId, request.reader);
    const current = await this.repository.find(tenantId, escalationId);
    if (!current) throw new AppError('not_found', 'escalation not found');
    const actor = actorOf(operator);
    if (!['assigned', 'claimed'].includes(current.state) || current.operator_key_id !== actor) {
      throw new AppError('conflict', 'only the operator who has this conversation may transfer it', {
        details: { state: current.state, operator: current.operator_name },
      });
    }
    const by = { conversationId: current.conversation_id, from: operator.name, note: request.note ?? null };
    let moved: EscalationRow | undefined;
    let to: string;
    if (request.toMember !== undefined) {
      if (request.toMember === actor) throw new AppError('invalid', 'the conversation is already yours: name a colleague', { details: { field: 'to_member' } });
      const member = (await this.parts.teams.operators(tenantId)).get(request.toMember);
      if (!member) throw new AppError('not_found', 'no member of this tenant who may answer in the inbox has this id', { details: { field: 'to_member' } });
      moved = await this.parts.operators.transferToMember(tenantId, escalationId, actor, member, this.resources.clock(), by);
      to = member.name;
    } else {
      const team = await this.parts.teams.row(tenantId, request.toTeam ?? '');
      if (!team) throw new AppError('not_found', 'team not found', { details: { field: 'to_team' } });
      moved = await this.parts.operators.transferToTeam(tenantId, escalationId, actor, team, by);
      to = team.name;
    }
    if (!moved) throw await this.refusal(tenantId, escalationId, 'transfer');
    this.logger.info({ escalationId, state: moved.state }, 'escalation transferred');
    const conversation = await this.conversations.findById(moved.conversation_id);
    if (conversation) {
      const note = request.note ? `: ${request.note}` : '';
      await this.announcer.toInbox(tenantId, {
        event: 'message',
        data: {
          ...inboxScopeOf(moved),
          escalation_id: escalationId,
          conversation_id: conversation.id,
          id: randomUUID(),
          role: 'system',
          content: `${operator.name} transferred this conversation to ${to}${note}`,
          created_at: new Date().toISOString(),
        },
      });
      await this.changed(moved, conversation, { transferred: true });
    }
    await this.tellPresence(tenantId, [actor, moved.operator_key_id]);
    await this.route(tenantId);
    const now = (await this.repository.find(tenantId, escalationId)) ?? moved;
    return { item: await this.itemOfConversation(now, conversation, actor) };
  }

  /** What an escalation's inbox item shows changed besides its state (the conversation's labels): the inbox is told. */
  async retold(escalationId: string): Promise<void> {
    const escalation = await this.repository.findById(escalationId);
    const conversation = escalation && (await this.conversations.findById(escalation.conversation_id));
    if (!escalation || !conversation) return;
    const position = escalation.state === 'waiting' ? ((await this.queue(escalation.tenant_id)).get(escalation.id)?.position ?? null) : null;
    await this.announcer.toInbox(escalation.tenant_id, { event: 'escalation', data: await this.itemOf(escalation, conversation, position) });
  }

  /** An operator's presence changed (their inbox opened or closed, or they set online or away): the inbox is told, and the queue placed. */
  async presenceChanged(request: { tenantId: string; memberId: string }): Promise<void> {
    await this.tellPresence(request.tenantId, [request.memberId]);
    await this.route(request.tenantId);
  }

  /** The inbox is told where these members stand now: status and open load (members only; a key has neither). */
  private async tellPresence(tenantId: string, actorIds: (string | null | undefined)[]): Promise<void> {
    const memberIds = [...new Set(actorIds.filter((id): id is string => typeof id === 'string' && id.startsWith('mem_')))];
    if (memberIds.length === 0) return;
    const [statuses, operators, loads] = await Promise.all([
      this.parts.presence?.members(tenantId) ?? new Map<string, 'online' | 'away'>(),
      this.parts.teams.operators(tenantId),
      this.parts.operators.openCounts(tenantId),
    ]);
    for (const memberId of memberIds) {
      const member = operators.get(memberId);
      if (!member) continue;
      await this.announcer.toInbox(tenantId, {
        event: 'presence',
        data: { member_id: memberId, name: member.name, status: statuses.get(memberId) ?? 'offline', open: loads.get(memberId) ?? 0 },
      });
    }
  }

  /** The tenant's operators (members who may answer), with their presence, open load and teams. */
  async presence(tenantId: string) {
    const [operators, statuses, loads, teams] = await Promise.all([
      this.parts.teams.operators(tenantId),
      this.parts.presence?.members(tenantId) ?? new Map<string, 'online' | 'away'>(),
      this.parts.operators.openCounts(tenantId),
      this.parts.teams.rows(tenantId),
    ]);
    return {
      operators: [...operators.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((member) => ({
          member_id: member.member_id,
          name: member.name,
          status: statuses.get(member.member_id) ?? ('offline' as const),
          open: loads.get(member.member_id) ?? 0,
          teams: teams.filter((team) => team.members.includes(member.member_id)).map((team) => team.id),
        })),
    };
  }

  async reply(request: { tenantId: string; escalationId: string; operator: Operator; reader: ConversationReader; content: string }) {
    await this.assertVisible(request.tenantId, request.escalationId, request.reader);
    const messageId = timeOrderedUuid();
    const stored = await this.store.addOperatorMessage(request.tenantId, request.escalationId, request.operator, messageId, request.content);
    if (!stored) throw await this.refusal(request.tenantId, request.escalationId, 'reply');
    await this.parts.operators.firstResponse(request.escalationId);
    const conversation = await this.conversations.findById(stored.conversation_id);
    if (conversation) {
      const message = { id: messageId, role: 'operator' as const, content: request.content, operator_name: request.operator.name };
      await this.announcer.toConversation(conversation, { event: 'message', data: message });
      await this.announcer.toConversation(conversation, { event: 'status', data: { state: 'idle', by: 'operator' } });
      await this.announcer.toInbox(conversation.tenant_id, {
        event: 'message',
        data: {
          ...(await this.scopeOf(request.escalationId)),
          ...message,
          escalation_id: request.escalationId,
          conversation_id: conversation.id,
          created_at: new Date(stored.created_at).toISOString(),
        },
      });
      this.announcer.messagesStored(conversation, [{ id: messageId, role: 'operator' }]);
    }
    return { message_id: messageId, created_at: new Date(stored.created_at).toISOString() };
  }

  private async typing(tenantId: string, escalationId: string, operator: Operator) {
    const escalation = await this.repository.find(tenantId, escalationId);
    if (!escalation) throw new AppError('not_found', 'escalation not found');
    const conversation = await this.conversations.findById(escalation.conversation_id);
    if (escalation.state !== 'claimed' || escalation.operator_key_id !== actorOf(operator)) throw await this.refusal(tenantId, escalationId, 'type');
    if (conversation)
      await this.announcer.toConversation(conversation, { event: 'status', data: { state: 'typing', by: 'operator', operator_name: operator.name } });
    return { item: await this.itemOfConversation(escalation, conversation, actorOf(operator)) };
  }

  /** A change of state: the visitor, the inbox, the queue behind it and the platform are told. */
  private async changed(escalation: EscalationRow, conversation: ConversationRow, options: { broadcast?: boolean; transferred?: boolean } = {}): Promise<void> {
    this.logger.info({ escalationId: escalation.id, state: escalation.state }, 'escalation changed');
    // Back in a queue (a missed assignment, a transfer to a team) is no new escalation: no event says it was created again.
    if (escalation.state !== 'waiting') this.announcer.escalationChanged(escalation, conversation);
    const operatorRef = escalation.operator_name ? { name: escalation.operator_name } : null;
    // A waiting one hears its place in the queue from broadcastQueue.
    if (escalation.state !== 'waiting' || options.broadcast === false) {
      const position = escalation.state === 'waiting' ? ((await this.queue(escalation.tenant_id)).get(escalation.id) ?? null) : null;
      await this.announcer.toConversation(conversation, {
        event: 'escalation',
        data: {
          id: escalation.id,
          state: escalation.state,
          position: position?.position ?? null,
          estimated_wait_seconds: position?.estimated_wait_seconds ?? null,
          operator: operatorRef,
          ...(options.transferred ? { transferred: true } : {}),
        },
      });
    }
    await this.announcer.toInbox(escalation.tenant_id, { event: 'escalation', data: await this.itemOf(escalation, conversation, null) });
    if (options.broadcast !== false) await this.broadcastQueue(escalation.tenant_id);
  }

  /** Every waiting visitor of the tenant is told their place in the queue and the expected wait. */
  private async broadcastQueue(tenantId: string): Promise<Map<string, EscalationSummary>> {
    const queue = await this.queue(tenantId);
    const waiting = await this.repository.waiting(tenantId);
    const conversationOf = new Map(waiting.map((e) => [e.id, e.conversation_id]));
    await this.announcer.toWaiting(
      [...queue].flatMap(([id, summary]) => {
        const conversationId = conversationOf.get(id);
        return conversationId ? [{ conversationId, event: { event: 'escalation' as const, data: { ...summary, operator: null } } }] : [];
      }),
    );
    return queue;
  }

  /** Positions (1-based, oldest first) and expected waits of the tenant's waiting escalations. */
  private async queue(tenantId: string): Promise<Map<string, EscalationSummary>> {
    const [waiting, averages] = await Promise.all([this.repository.waiting(tenantId), this.repository.averageWaitSeconds(tenantId)]);
    // Each team is a queue of its own (the tenant's queue: no team); places and waits count within it.
    const places = new Map<string | null, number>();
    const out = new Map<string, EscalationSummary>();
    for (const e of waiting) {
      const place = (places.get(e.team_id) ?? 0) + 1;
      places.set(e.team_id, place);
      // With no recent claims to go by, the platform's own expectation: a person answers within the notice time.
      const perPlace = averages.get(e.team_id) ?? this.options.notifyAfterSeconds;
      out.set(e.id, { id: e.id, state: 'waiting', position: place, estimated_wait_seconds: Math.max(1, Math.round(perPlace * place)) });
    }
    return out;
  }

  /** An escalation the operator may not see is not found to them, as one that does not exist (docs/management-api.md "Roles"). */
  private async assertVisible(tenantId: string, escalationId: string, reader: ConversationReader): Promise<void> {
    if (!(await this.parts.visibility.escalation(tenantId, escalationId, reader))) throw new AppError('not_found', 'escalation not found');
  }

  /** Whose an inbox event about the escalation is now (see inboxScopeOf); nothing for one not found, which operators then do not see. */
  private async scopeOf(escalationId: string): Promise<Partial<ReturnType<typeof inboxScopeOf>>> {
    const escalation = await this.repository.findById(escalationId);
    return escalation ? inboxScopeOf(escalation) : {};
  }

  /** The teams an operator sees besides the tenant's queue and their own escalations, for the inbox stream. */
  async sight(tenantId: string, memberId: string | undefined) {
    return { teamIds: await this.parts.visibility.teamsSeenBy(tenantId, memberId) };
  }

  /** Why an action on an escalation was refused, said precisely. */
  private async refusal(tenantId: string, escalationId: string, action: string): Promise<AppError> {
    const escalation = await this.repository.find(tenantId, escalationId);
    if (!escalation) return new AppError('not_found', 'escalation not found');
    if (escalation.state === 'claimed') {
      return new AppError('conflict', `${escalation.operator_name ?? 'another operator'} has claimed this conversation`, {
        details: { state: escalation.state, operator: escalation.operator_name },
      });
    }
    if (escalation.state === 'assigned') {
      if (action === 'accept')
        return new AppError('conflict', `this conversation is offered to ${escalation.operator_name ?? 'another operator'}`, {
          details: { state: escalation.state, operator: escalation.operator_name },
        });
      return new AppError('conflict', `this conversation is offered to ${escalation.operator_name ?? 'an operator'}: accept it first`, {
        details: { state: escalation.state, operator: escalation.operator_name },
      });
    }
    if (escalation.state === 'waiting') {
      if (action === 'accept')
        return new AppError('conflict', 'this conversation is not offered to you: claim it instead', { details: { state: escalation.state } });
      return new AppError('conflict', `claim the conversation before you ${action} in it`, { details: { state: escalation.state } });
    }
    return new AppError('conflict', `this escalation is already ${escalation.state}`, { details: { state: escalation.state } });
  }

  private async conversationOf(target: ConversationTarget): Promise<ConversationRow> {
    if ('sessionId' in target) {
      const found = await this.conversations.find(target.sessionId);
      if (!found) throw new AppError('not_found', 'session not found');
      return found.conversation;
    }
    const found = await this.conversations.findByCredential(target.credentialHash);
    if (!found || found.conversation.link_id !== target.linkId)
      throw new AppError('unauthorized', 'unknown session', { details: { reason: 'unknown_session' } });
    return found.conversation;
  }

  /**
   * An escalation as the inbox shows it now (offline-capture.ts tells the inbox of one whose visitor
   * left an email); with a reader, how many of the visitor's messages they have not read (live
   * events are everyone's: null there).
   */
  async itemOf(escalation: EscalationRow, conversation: ConversationRow, position: number | null, readerId?: string) {
    const [facts, team, transfers] = await Promise.all([
      this.repository.facts(escalation, readerId),
      escalation.team_id ? this.parts.teams.row(escalation.tenant_id, escalation.team_id) : undefined,
      this.parts.operators.transfers(escalation.tenant_id, [escalation.id]),
    ]);
    return itemOfRow(
      { ...escalation, channel: conversation.channel, link_id: conversation.link_id, ...(facts ?? NO_FACTS), team_name: team?.name ?? null },
      position,
      this.acceptWithinMs,
      transfers.get(escalation.id) ?? [],
    );
  }

  private async itemOfConversation(escalation: EscalationRow, conversation: ConversationRow | undefined, readerId?: string) {
    if (!conversation) return itemOfRow({ ...escalation, channel: 'api', link_id: null, ...NO_FACTS, team_name: null }, null, this.acceptWithinMs, []);
    const position = escalation.state === 'waiting' ? ((await this.queue(escalation.tenant_id)).get(escalation.id)?.position ?? null) : null;
    return this.itemOf(escalation, conversation, position, readerId);
  }
}

/** An escalation as a conversation's list of them shows it. */
export function listedEscalation(row: EscalationRow) {
  return {
    id: row.id,
    reason: row.reason,
    state: row.state,
    created_at: new Date(row.created_at).toISOString(),
    claimed_at: iso(row.claimed_at),
    closed_at: iso(row.closed_at),
    operator: row.operator_name ? { name: row.operator_name } : null,
  };
}

function itemOfRow(row: InboxRow & { team_name?: string | null }, position: number | null, acceptWithinMs: number, transfers: TransferRecord[]) {
  return {
    escalation_id: row.id,
    conversation_id: row.conversation_id,
    agent_id: row.agent_id,
    channel: row.channel,
    reason: row.reason,
    state: row.state,
    waiting_since: new Date(row.created_at).toISOString(),
    claimed_at: iso(row.claimed_at),
    operator: row.operator_name ? { name: row.operator_name } : null,
    operator_member_id: memberOf(row.operator_key_id),
    team: row.team_id ? { id: row.team_id, name: row.team_name ?? row.team_id } : null,
    assigned_at: iso(row.assigned_at),
    accept_by: row.state === 'assigned' && row.assigned_at ? new Date(new Date(row.assigned_at).getTime() + acceptWithinMs).toISOString() : null,
    offline: row.offline_email !== null,
    last_message: row.last_message,
    last_message_at: iso(row.last_message_at),
    ...factsOf(row),
    unread: row.unread,
    labels: row.labels,
    position: row.state === 'waiting' ? position : null,
    transfers,
  };
}
