import type { TeamHours } from '@parley/contracts';
import { memoryOperatorPresence, type OperatorPresence } from '@parley/stores';
import { describe, expect, it } from 'vitest';
import { noDatabase, testLogger } from '../store/announcer.test-kit.js';
import type { TeamRow, TeamsService, TenantMember } from '../teams/teams.service.js';
import { chooseOperator, EscalationRouting } from './routing.js';

const member = (member_id: string, name: string, role = 'operator'): TenantMember => ({ member_id, name, role });
const ada = member('mem_ada', 'Ada');
const bo = member('mem_bo', 'Bo');
const cy = member('mem_cy', 'Cy', 'editor');
const dee = member('mem_dee', 'Dee');
/** The tenant's members who may work the inbox (as TeamsService.operators answers). */
const operators = new Map([ada, bo, cy, dee].map((m) => [m.member_id, m]));

// Monday 4 May 2026, 10:00 in Berlin.
const mondayMorning = new Date('2026-05-04T08:00:00Z');
const officeHours: TeamHours = {
  timezone: 'Europe/Berlin',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  holidays: ['2026-05-01'],
};

function team(members: string[], settings: { cap?: number; hours?: TeamHours } = {}): TeamRow {
  return {
    id: 'team_support',
    tenant_id: 'ten_1',
    name: 'Support',
    members,
    hours: (settings.hours ?? null) as TeamRow['hours'],
    max_open_per_operator: settings.cap ?? null,
    open_to_all_operators: false,
    created_at: new Date('2026-01-01T00:00:00Z'),
    updated_at: new Date('2026-01-01T00:00:00Z'),
  };
}

/** Who the escalation goes to, by name (undefined: it keeps waiting). */
function assignee(situation: {
  team?: TeamRow;
  online: string[];
  load?: Record<string, number>;
  lastAssigned?: Record<string, number>;
  missed?: string[];
  now?: Date;
}): string | undefined {
  return chooseOperator({
    team: situation.team,
    online: new Set(situation.online),
    operators,
    load: new Map(Object.entries(situation.load ?? {})),
    lastAssigned: new Map(Object.entries(situation.lastAssigned ?? {})),
    missed: situation.missed && new Set(situation.missed),
    now: situation.now ?? mondayMorning,
  })?.name;
}

describe('who an escalation is assigned to', () => {
  it('goes to the online operator of its team with the fewest open conversations', () => {
    const support = team(['mem_ada', 'mem_bo', 'mem_cy']);
    expect(assignee({ team: support, online: ['mem_ada', 'mem_bo', 'mem_cy'], load: { mem_ada: 3, mem_bo: 1, mem_cy: 2 } })).toBe('Bo');
    // Bo is not online: the next least loaded who is.
    expect(assignee({ team: support, online: ['mem_ada', 'mem_cy'], load: { mem_ada: 3, mem_bo: 1, mem_cy: 2 } })).toBe('Cy');
  });

  it('goes only to members of its team, however free an online operator outside it is', () => {
    expect(assignee({ team: team(['mem_ada']), online: ['mem_ada', 'mem_dee'], load: { mem_ada: 4 } })).toBe('Ada');
    expect(assignee({ team: team(['mem_ada']), online: ['mem_dee'] })).toBeUndefined();
  });

  it('of the tenant’s queue (no team), goes to any online operator of the tenant', () => {
    expect(assignee({ online: ['mem_ada', 'mem_dee'], load: { mem_ada: 1 } })).toBe('Dee');
  });

  it('never goes to a team member who is no longer an operator of the tenant (left, or a viewer now)', () => {
    expect(assignee({ team: team(['mem_gone', 'mem_ada']), online: ['mem_gone', 'mem_ada'], load: { mem_ada: 5 } })).toBe('Ada');
  });

  it('passes over an operator at the team’s cap, and waits when every one is', () => {
    const capped = team(['mem_ada', 'mem_bo'], { cap: 2 });
    expect(assignee({ team: capped, online: ['mem_ada', 'mem_bo'], load: { mem_ada: 0, mem_bo: 2 } })).toBe('Ada');
    expect(assignee({ team: capped, online: ['mem_ada', 'mem_bo'], load: { mem_ada: 2, mem_bo: 2 } })).toBeUndefined();
    // Without a cap, a busy operator still gets one when nobody else is online.
    expect(assignee({ team: team(['mem_ada', 'mem_bo']), online: ['mem_ada'], load: { mem_ada: 40 } })).toBe('Ada');
  });

  it('between equally loaded operators, takes turns: whoever was assigned least recently (never: first), then by id', () => {
    const support = team(['mem_ada', 'mem_bo', 'mem_dee']);
    const online = ['mem_ada', 'mem_bo', 'mem_dee'];
    expect(assignee({ team: support, online, lastAssigned: { mem_ada: 3_000, mem_bo: 1_000, mem_dee: 2_000 } })).toBe('Bo');
    expect(assignee({ team: support, online, lastAssigned: { mem_ada: 3_000, mem_bo: 1_000 } })).toBe('Dee');
    expect(assignee({ team: support, online })).toBe('Ada');
  });

  it('waits outside the team’s business hours, even with its operators online, and is placed within them', () => {
    const hours = team(['mem_ada'], { hours: officeHours });
    expect(assignee({ team: hours, online: ['mem_ada'], now: mondayMorning })).toBe('Ada');
    expect(assignee({ team: hours, online: ['mem_ada'], now: new Date('2026-05-04T06:30:00Z') })).toBeUndefined(); // 08:30 local
    expect(assignee({ team: hours, online: ['mem_ada'], now: new Date('2026-05-02T10:00:00Z') })).toBeUndefined(); // a Saturday
    expect(assignee({ team: hours, online: ['mem_ada'], now: new Date('2026-05-01T10:00:00Z') })).toBeUndefined(); // a holiday
  });

  it('once an operator let it time out, moves on to anyone else who can take it, however loaded', () => {
    const support = team(['mem_ada', 'mem_bo']);
    expect(assignee({ team: support, online: ['mem_ada', 'mem_bo'], load: { mem_ada: 0, mem_bo: 3 }, missed: ['mem_ada'] })).toBe('Bo');
    // Everyone who could take it let it time out: offered again by load as before, not left waiting.
    expect(assignee({ team: support, online: ['mem_ada', 'mem_bo'], load: { mem_ada: 0, mem_bo: 3 }, missed: ['mem_ada', 'mem_bo'] })).toBe('Ada');
    expect(assignee({ team: support, online: ['mem_ada'], missed: ['mem_ada'] })).toBe('Ada');
  });
});

/** Routing reading presence only: it touches no database. */
function routingWith(presence: OperatorPresence | undefined): EscalationRouting {
  const teams: Pick<TeamsService, 'operators' | 'rows'> = { operators: async () => operators, rows: async () => [] };
  return new EscalationRouting(noDatabase, presence, teams, () => mondayMorning, testLogger, { assignmentTimeoutSeconds: 60 });
}

describe('who counts as online for assignment', () => {
  it('is a member with the inbox open, unless they set themselves away', async () => {
    const presence = memoryOperatorPresence(() => mondayMorning.getTime());
    await presence.renew('ten_1', 'stream-ada', 30_000, 'mem_ada');
    await presence.renew('ten_1', 'stream-bo', 30_000, 'mem_bo');
    await presence.renew('ten_1', 'stream-key', 30_000);
    await presence.setStatus('ten_1', 'mem_bo', 'away');
    const online = await routingWith(presence).online('ten_1');
    expect([...online]).toEqual(['mem_ada']);
    // Away keeps Bo out of assignment: the escalation goes to Ada although Bo is free.
    expect(assignee({ team: team(['mem_ada', 'mem_bo']), online: [...online], load: { mem_ada: 2 } })).toBe('Ada');
    await presence.setStatus('ten_1', 'mem_bo', 'online');
    expect([...(await routingWith(presence).online('ten_1'))].sort()).toEqual(['mem_ada', 'mem_bo']);
  });

  it('is nobody when presence cannot be read, or the service keeps none', async () => {
    const broken: OperatorPresence = { ...memoryOperatorPresence(), members: async () => Promise.reject(new Error('Redis is down')) };
    expect((await routingWith(broken).online('ten_1')).size).toBe(0);
    expect((await routingWith(undefined).online('ten_1')).size).toBe(0);
  });
});
