import { randomUUID } from 'node:crypto';
import { AppError, type TeamHours } from '@parley/contracts';
import { memoryOperatorPresence } from '@parley/stores';
import { AgentVersions } from '@parley/workflow';
import { describe, expect, it } from 'vitest';
import { announcedWorld, noDatabase, testLogger } from '../store/announcer.test-kit.js';
import type { ConversationRow, FoundConversation } from '../store/conversation.repository.js';
import type { TeamRow, TenantMember } from '../teams/teams.service.js';
import type { EscalationRow } from './escalation.repository.js';
import { type EscalationRoutingParts, EscalationService, type InboxResources, OFFLINE_MESSAGES } from './escalation.service.js';
import type { Operator } from './inbox-operator.js';
import type { TransferBy, TransferRecord } from './operators.repository.js';
import { type Assignment, chooseOperator, EscalationRouting } from './routing.js';

const TENANT = 'ten_1';
const LINK = 'lnk_support';
const ASSIGNMENT_TIMEOUT_SECONDS = 60;
const ALL: { sees: 'all' } = { sees: 'all' };

const members: TenantMember[] = [
  { member_id: 'mem_ada', name: 'Ada', role: 'operator' },
  { member_id: 'mem_bo', name: 'Bo', role: 'operator' },
  { member_id: 'mem_dee', name: 'Dee', role: 'editor' },
];
const asOperator = (memberId: string): Operator => ({ actorId: memberId, name: members.find((m) => m.member_id === memberId)?.name ?? memberId });

// Monday 4 May 2026, 10:00 in Berlin.
const mondayMorning = new Date('2026-05-04T08:00:00Z');
const officeHours: TeamHours = {
  timezone: 'Europe/Berlin',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  holidays: [],
};

/**
 * The sessions service's escalations and conversations in memory, answering as the repositories'
 * statements do (EscalationRepository, ConversationStore's escalation statements,
 * ConversationRepository's reads, OperatorsRepository), and routing's statements around the
 * real choice of an operator (chooseOperator) and the real reading of presence.
 */
class FakeDesk {
  readonly conversations = new Map<string, ConversationRow & { credential_hash: string }>();
  readonly escalations = new Map<string, EscalationRow>();
  readonly teams: TeamRow[] = [];
  readonly linkTeams = new Map<string, string>();
  readonly transfersOf = new Map<string, TransferRecord[]>();
  /** Who let each escalation time out (escalation_assignments with outcome `missed`). */
  readonly missed = new Map<string, Set<string>>();
  readonly lastAssigned = new Map<string, number>();
  readonly presence = memoryOperatorPresence(() => this.now.getTime());
  now = mondayMorning;
  private readonly presenceReader: EscalationRouting;

  constructor() {
    // Only its reading of presence (online) is used: it touches no database.
    this.presenceReader = new EscalationRouting(noDatabase, this.presence, this.teamsPart, () => this.now, testLogger, {
      assignmentTimeoutSeconds: ASSIGNMENT_TIMEOUT_SECONDS,
    });
  }

  /** A visitor's conversation on the link, its session's credential hash the conversation's id. */
  conversation(): ConversationRow & { credential_hash: string } {
    const id = randomUUID();
    const row = {
      id,
      session_id: `pub_${id}`,
      tenant_id: TENANT,
      agent_id: randomUUID(),
      agent_version: 1,
      status: 'active' as const,
      current_node_id: 'start',
      current_node_name: 'Start',
      visit_turns: 1,
      collected_data: {},
      total_turns: 1,
      total_transitions: 0,
      state_version: 1,
      message_count: 2,
      created_at: this.now,
      updated_at: this.now,
      ended_at: null,
      channel: 'link' as const,
      link_id: LINK,
      visitor_email: null,
      user_messages: 1,
      escalation_id: null,
      user_id: null,
      user_realm: null,
      visitor_hash: null,
      unanswered_turns: 0,
      offer_person: null,
      metadata: {},
      credential_hash: `hash-${id}`,
    };
    this.conversations.set(id, row);
    return row;
  }

  /** An open escalation of a new conversation, as it stands. */
  escalation(state: Pick<EscalationRow, 'state' | 'operator_key_id' | 'operator_name'> & Partial<EscalationRow>): EscalationRow {
    const conversation = this.conversation();
    const row: EscalationRow = {
      id: `esc_${randomUUID().slice(0, 8)}`,
      tenant_id: TENANT,
      conversation_id: conversation.id,
      agent_id: conversation.agent_id,
      reason: 'wants a person',
      metadata: {},
      source: 'visitor',
      created_at: this.now,
      claimed_at: state.state === 'claimed' ? this.now : null,
      released_at: null,
      closed_at: null,
      notified_at: null,
      updated_at: this.now,
      team_id: null,
      routed_at: this.now,
      assigned_at: state.state === 'assigned' ? this.now : null,
      first_response_at: null,
      offline_email: null,
      ...state,
    };
    this.escalations.set(row.id, row);
    conversation.escalation_id = row.id;
    return row;
  }

  team(id: string, name: string, memberIds: string[], hours: TeamHours | null = null): TeamRow {
    const row: TeamRow = {
      id,
      tenant_id: TENANT,
      name,
      members: memberIds,
      hours: hours as TeamRow['hours'],
      max_open_per_operator: null,
      open_to_all_operators: false,
      created_at: this.now,
      updated_at: this.now,
    };
    this.teams.push(row);
    return row;
  }

  async online(...memberIds: string[]): Promise<void> {
    for (const memberId of memberIds) await this.presence.renew(TENANT, `stream-${memberId}`, 3_600_000, memberId);
  }

  private update(id: string, change: Partial<EscalationRow>): EscalationRow {
    const row = { ...(this.escalations.get(id) as EscalationRow), ...change, updated_at: this.now };
    this.escalations.set(id, row);
    return row;
  }

  private openLoads(): Map<string, number> {
    const load = new Map<string, number>();
    for (const e of this.escalations.values()) {
      if ((e.state === 'assigned' || e.state === 'claimed') && e.operator_key_id) load.set(e.operator_key_id, (load.get(e.operator_key_id) ?? 0) + 1);
    }
    return load;
  }

  private waitingRows(tenantId: string): EscalationRow[] {
    return [...this.escalations.values()]
      .filter((e) => e.tenant_id === tenantId && e.state === 'waiting')
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id));
  }

  readonly repository: EscalationRoutingParts['repository'] = {
    find: async (tenantId, id) => [this.escalations.get(id)].find((e) => e?.tenant_id === tenantId),
    findById: async (id) => this.escalations.get(id),
    forConversation: async (conversationId) => [...this.escalations.values()].filter((e) => e.conversation_id === conversationId),
    waiting: async (tenantId) => this.waitingRows(tenantId),
    // No claims yet to go by: the wait is the notice time.
    averageWaitSeconds: async () => new Map(),
    inbox: async () => {
      throw new Error('not used here');
    },
    claim: async () => {
      throw new Error('not used here');
    },
    facts: async () => undefined,
  };

  readonly store: InboxResources['store'] = {
    openEscalation: async ({ id, conversation, reason, metadata, source }) => {
      const held = this.conversations.get(conversation.id);
      if (held?.status !== 'active' || held.escalation_id !== null) return undefined;
      held.escalation_id = id;
      const escalation: EscalationRow = {
        id,
        tenant_id: held.tenant_id,
        conversation_id: held.id,
        agent_id: held.agent_id,
        reason,
        metadata: metadata as EscalationRow['metadata'],
        source,
        state: 'waiting',
        operator_key_id: null,
        operator_name: null,
        created_at: this.now,
        claimed_at: null,
        released_at: null,
        closed_at: null,
        notified_at: null,
        updated_at: this.now,
        team_id: null,
        routed_at: null,
        assigned_at: null,
        first_response_at: null,
        offline_email: null,
      };
      this.escalations.set(id, escalation);
      return { escalation, conversation: { ...held } };
    },
    addOperatorMessage: async () => {
      throw new Error('not used here');
    },
    finishEscalation: async () => {
      throw new Error('not used here');
    },
    closeEscalationOfEnded: async () => {
      throw new Error('not used here');
    },
  };

  readonly conversationReads: InboxResources['conversations'] = {
    find: async (sessionId) => this.found([...this.conversations.values()].find((c) => c.session_id === sessionId)),
    findById: async (id) => this.conversations.get(id),
    findByCredential: async (hash) => this.found([...this.conversations.values()].find((c) => c.credential_hash === hash)),
  };

  private found(conversation: ConversationRow | undefined): FoundConversation | undefined {
    return conversation && { conversation, priorResponse: null, history: null };
  }

  readonly teamsPart: EscalationRoutingParts['teams'] = {
    operators: async () => new Map(members.map((m) => [m.member_id, m])),
    rows: async () => this.teams,
    row: async (_tenantId, teamId) => this.teams.find((t) => t.id === teamId),
    resolve: async (_tenantId, ref) => this.teams.find((t) => t.id === ref || t.name.toLowerCase() === ref.toLowerCase()),
  };

  readonly operators: EscalationRoutingParts['operators'] = {
    settleTeam: async (escalationId, teamId) => {
      const e = this.escalations.get(escalationId);
      return e?.state === 'waiting' && e.routed_at === null ? this.update(escalationId, { team_id: teamId, routed_at: this.now }) : undefined;
    },
    linkTeam: async (linkId) => this.linkTeams.get(linkId) ?? null,
    accept: async () => {
      throw new Error('not used here');
    },
    transferToMember: async (tenantId, escalationId, holder, to: TenantMember, now: Date, by: TransferBy) => {
      const e = this.escalations.get(escalationId);
      if (!e || e.tenant_id !== tenantId || !['assigned', 'claimed'].includes(e.state) || e.operator_key_id !== holder) return undefined;
      this.recordTransfer(escalationId, { from: by.from, to: to.name, to_team: null, note: by.note, at: now.toISOString() });
      return this.update(escalationId, { state: 'assigned', operator_key_id: to.member_id, operator_name: to.name, assigned_at: now });
    },
    transferToTeam: async (tenantId, escalationId, holder, team, by: TransferBy) => {
      const e = this.escalations.get(escalationId);
      if (!e || e.tenant_id !== tenantId || !['assigned', 'claimed'].includes(e.state) || e.operator_key_id !== holder) return undefined;
      this.recordTransfer(escalationId, { from: by.from, to: null, to_team: team.name, note: by.note, at: this.now.toISOString() });
      return this.update(escalationId, {
        state: 'waiting',
        team_id: team.id,
        routed_at: e.routed_at ?? this.now,
        operator_key_id: null,
        operator_name: null,
        assigned_at: null,
      });
    },
    transfers: async (_tenantId, ids) => new Map(ids.flatMap((id) => (this.transfersOf.has(id) ? [[id, this.transfersOf.get(id) ?? []] as const] : []))),
    firstResponse: async () => undefined,
    openCounts: async () => this.openLoads(),
  };

  private recordTransfer(escalationId: string, record: TransferRecord): void {
    this.transfersOf.set(escalationId, [...(this.transfersOf.get(escalationId) ?? []), record]);
  }

  /** EscalationRouting's statements in memory; who takes each one is its real choice. */
  readonly routing: EscalationRoutingParts['routing'] = {
    online: (tenantId) => this.presenceReader.online(tenantId),
    route: async (tenantId) => {
      const online = await this.presenceReader.online(tenantId);
      const operators = await this.teamsPart.operators(tenantId);
      const load = this.openLoads();
      const assigned: Assignment[] = [];
      for (const waiting of this.waitingRows(tenantId)) {
        if (waiting.routed_at === null) continue;
        const team = this.teams.find((t) => t.id === waiting.team_id);
        const pick = chooseOperator({ team, online, operators, load, lastAssigned: this.lastAssigned, missed: this.missed.get(waiting.id), now: this.now });
        if (!pick) continue;
        const row = this.update(waiting.id, { state: 'assigned', operator_key_id: pick.member_id, operator_name: pick.name, assigned_at: this.now });
        load.set(pick.member_id, (load.get(pick.member_id) ?? 0) + 1);
        this.lastAssigned.set(pick.member_id, this.now.getTime());
        assigned.push({ escalation: row, memberId: pick.member_id, name: pick.name });
      }
      return assigned;
    },
    expire: async () => {
      const before = this.now.getTime() - ASSIGNMENT_TIMEOUT_SECONDS * 1000;
      const expired = [...this.escalations.values()].filter((e) => e.state === 'assigned' && e.assigned_at !== null && e.assigned_at.getTime() <= before);
      return expired.map((e) => {
        this.missed.set(e.id, (this.missed.get(e.id) ?? new Set()).add(e.operator_key_id ?? ''));
        return this.update(e.id, { state: 'waiting', operator_key_id: null, operator_name: null, assigned_at: null });
      });
    },
    tenantsWaiting: async () => [...new Set(this.waitingRows(TENANT).map((e) => e.tenant_id))],
    endAssignment: async () => undefined,
  };

  readonly visibility: EscalationRoutingParts['visibility'] = {
    escalation: async (tenantId, escalationId) => this.escalations.get(escalationId)?.tenant_id === tenantId,
    teamsSeenBy: async () => [],
  };
}

function desk() {
  const world = announcedWorld();
  const fake = new FakeDesk();
  const service = new EscalationService(
    {
      store: fake.store,
      conversations: fake.conversationReads,
      announcer: world.announcer,
      logger: testLogger,
      versions: new AgentVersions(world.bus, { max: 10 }),
      clock: () => fake.now,
    },
    {
      repository: fake.repository,
      routing: fake.routing,
      teams: fake.teamsPart,
      operators: fake.operators,
      visibility: fake.visibility,
      presence: fake.presence,
    },
    { notifyAfterSeconds: 120, assignmentTimeoutSeconds: ASSIGNMENT_TIMEOUT_SECONDS },
  );
  /** The escalation events the visitor's stream shows, their data. */
  const visitorEscalationEvents = async (conversationId: string) =>
    (await world.visitorSees(conversationId)).flatMap((e) => (e.event === 'escalation' ? [e.data as Record<string, unknown>] : []));
  return { fake, service, world, visitorEscalationEvents };
}

/** The error a refused call throws, as its body would say it. */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string; details?: unknown }> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  const { code, message, details } = error as AppError;
  return { code, message, ...(details === undefined ? {} : { details }) };
}

describe('transferring an escalation', () => {
  it('to a colleague: they are offered it, the inbox reads who handed it on and why, the visitor sees only the new name', async () => {
    const { fake, service, world, visitorEscalationEvents } = desk();
    const held = fake.escalation({ state: 'claimed', operator_key_id: 'mem_ada', operator_name: 'Ada' });

    const { item } = await service.transfer({
      tenantId: TENANT,
      escalationId: held.id,
      operator: asOperator('mem_ada'),
      reader: ALL,
      toMember: 'mem_bo',
      note: 'a billing question',
    });

    expect(item).toMatchObject({ state: 'assigned', operator: { name: 'Bo' }, operator_member_id: 'mem_bo' });
    expect(item.transfers).toEqual([expect.objectContaining({ from: 'Ada', to: 'Bo', note: 'a billing question' })]);
    expect(item.accept_by).toBe(new Date(mondayMorning.getTime() + ASSIGNMENT_TIMEOUT_SECONDS * 1000).toISOString());
    const inboxMessages = (await world.inboxSees(TENANT)).flatMap((e) => (e.event === 'message' ? [(e.data as { content: string }).content] : []));
    expect(inboxMessages).toContain('Ada transferred this conversation to Bo: a billing question');
    const seen = await visitorEscalationEvents(held.conversation_id);
    expect(seen.at(-1)).toMatchObject({ state: 'assigned', operator: { name: 'Bo' }, transferred: true });
    expect(JSON.stringify(await world.visitorSees(held.conversation_id))).not.toContain('billing question');
    expect((await world.published('events.escalation.assigned')).at(-1)).toMatchObject({ escalationId: held.id, operator: { name: 'Bo', actorId: 'mem_bo' } });
  });

  it('to a team: it waits in that team’s queue and goes to its online member', async () => {
    const { fake, service, world } = desk();
    fake.team('team_billing', 'Billing', ['mem_dee']);
    await fake.online('mem_ada', 'mem_dee');
    const held = fake.escalation({ state: 'claimed', operator_key_id: 'mem_ada', operator_name: 'Ada' });

    const { item } = await service.transfer({ tenantId: TENANT, escalationId: held.id, operator: asOperator('mem_ada'), reader: ALL, toTeam: 'team_billing' });

    // Ada is online and free, but not of Billing.
    expect(item).toMatchObject({ state: 'assigned', operator: { name: 'Dee' }, team: { id: 'team_billing', name: 'Billing' } });
    const inboxMessages = (await world.inboxSees(TENANT)).flatMap((e) => (e.event === 'message' ? [(e.data as { content: string }).content] : []));
    expect(inboxMessages).toContain('Ada transferred this conversation to Billing');
  });

  it('to a team with nobody online: it waits first in that team’s queue', async () => {
    const { fake, service, visitorEscalationEvents } = desk();
    fake.team('team_billing', 'Billing', ['mem_dee']);
    await fake.online('mem_ada');
    const held = fake.escalation({ state: 'assigned', operator_key_id: 'mem_ada', operator_name: 'Ada' });

    const { item } = await service.transfer({ tenantId: TENANT, escalationId: held.id, operator: asOperator('mem_ada'), reader: ALL, toTeam: 'team_billing' });

    expect(item).toMatchObject({ state: 'waiting', operator: null, team: { name: 'Billing' }, position: 1 });
    expect((await visitorEscalationEvents(held.conversation_id)).at(-1)).toMatchObject({
      state: 'waiting',
      position: 1,
      estimated_wait_seconds: 120,
      operator: null,
    });
  });

  it('is refused, saying why, to anyone but its holder, to oneself, to someone who may not answer in the inbox, and to an unknown team', async () => {
    const { fake, service } = desk();
    const held = fake.escalation({ state: 'claimed', operator_key_id: 'mem_ada', operator_name: 'Ada' });
    const waiting = fake.escalation({ state: 'waiting', operator_key_id: null, operator_name: null });
    const transfer = (operator: string, to: { toMember?: string; toTeam?: string }, escalationId = held.id) =>
      refusal(service.transfer({ tenantId: TENANT, escalationId, operator: asOperator(operator), reader: ALL, ...to }));

    expect(await transfer('mem_bo', { toMember: 'mem_dee' })).toMatchObject({
      code: 'conflict',
      message: 'only the operator who has this conversation may transfer it',
    });
    expect(await transfer('mem_ada', { toMember: 'mem_bo' }, waiting.id)).toMatchObject({ code: 'conflict', details: { state: 'waiting' } });
    expect(await transfer('mem_ada', { toMember: 'mem_ada' })).toMatchObject({ code: 'invalid', details: { field: 'to_member' } });
    expect(await transfer('mem_ada', { toMember: 'mem_viewer' })).toMatchObject({ code: 'not_found', details: { field: 'to_member' } });
    expect(await transfer('mem_ada', { toTeam: 'team_nope' })).toMatchObject({ code: 'not_found', message: 'team not found', details: { field: 'to_team' } });
    // Nothing moved.
    expect(fake.escalations.get(held.id)).toMatchObject({ state: 'claimed', operator_key_id: 'mem_ada' });
  });
});

describe('escalating, by the team’s business hours and who is online', () => {
  async function escalate(setup: { hours: TeamHours | null; now: Date; online: string[] }) {
    const { fake, service, visitorEscalationEvents } = desk();
    fake.now = setup.now;
    fake.team('team_support', 'Support', ['mem_ada', 'mem_bo'], setup.hours);
    fake.linkTeams.set(LINK, 'team_support');
    await fake.online(...setup.online);
    const conversation = fake.conversation();
    const created = await service.create({
      target: { linkId: LINK, credentialHash: conversation.credential_hash },
      reason: 'wants a person',
      source: 'visitor',
    });
    return { created, seen: await visitorEscalationEvents(conversation.id) };
  }

  it('outside the hours: the visitor is told the team is closed, when it opens, and may leave an email; nobody is assigned', async () => {
    // Saturday 2 May 2026, 12:00 in Berlin: the team opens on Monday at 09:00 (07:00 UTC).
    const { created, seen } = await escalate({ hours: officeHours, now: new Date('2026-05-02T10:00:00Z'), online: ['mem_ada'] });
    const closed = { message: OFFLINE_MESSAGES.closed, ask_email: true, reason: 'closed', opens_at: '2026-05-04T07:00:00.000Z' };
    expect(created.offline).toEqual(closed);
    expect(created.escalation).toMatchObject({ state: 'waiting', team: 'Support', position: 1 });
    expect(seen.at(-1)).toMatchObject({ state: 'waiting', team: 'Support', offline: closed });
  });

  it('within the hours with nobody of the team online: the visitor is told nobody is available', async () => {
    const { created } = await escalate({ hours: officeHours, now: mondayMorning, online: [] });
    expect(created.offline).toEqual({ message: OFFLINE_MESSAGES.nobody_online, ask_email: true, reason: 'nobody_online', opens_at: null });
    expect(created.escalation.state).toBe('waiting');
  });

  it('within the hours with a member online: no notice, and it is offered to them at once', async () => {
    const { created, seen } = await escalate({ hours: officeHours, now: mondayMorning, online: ['mem_bo'] });
    expect(created.offline).toBeUndefined();
    expect(created.escalation).toMatchObject({ state: 'assigned', position: null });
    expect(seen.at(-1)).toMatchObject({ state: 'assigned', operator: { name: 'Bo' } });
  });
});

describe('an assignment not accepted in time', () => {
  it('moves on to another online operator after the timeout, and the visitor sees the new name; before it, nothing moves', async () => {
    const { fake, service, visitorEscalationEvents } = desk();
    await fake.online('mem_ada', 'mem_bo');
    const offered = fake.escalation({ state: 'assigned', operator_key_id: 'mem_ada', operator_name: 'Ada' });

    fake.now = new Date(mondayMorning.getTime() + (ASSIGNMENT_TIMEOUT_SECONDS - 1) * 1000);
    await service.sweep();
    expect(fake.escalations.get(offered.id)).toMatchObject({ state: 'assigned', operator_name: 'Ada' });

    fake.now = new Date(mondayMorning.getTime() + ASSIGNMENT_TIMEOUT_SECONDS * 1000);
    await service.sweep();
    // Both are free and Ada would come first, but she let it time out: Bo gets it.
    expect(fake.escalations.get(offered.id)).toMatchObject({ state: 'assigned', operator_key_id: 'mem_bo', operator_name: 'Bo' });
    const seen = await visitorEscalationEvents(offered.conversation_id);
    expect(seen.map((e) => [e.state, (e.operator as { name: string } | null)?.name ?? null])).toEqual([
      ['waiting', null],
      ['assigned', 'Bo'],
    ]);
  });
});
