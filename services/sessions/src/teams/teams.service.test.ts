import type { TeamHours } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { announcedWorld, noDatabase } from '../store/announcer.test-kit.js';
import { type TeamRow, TeamsService } from './teams.service.js';

const TENANT = '6d1f3b2a-8c4e-4a7b-9f0d-2e5c7a9b1d43';
const created_at = '2026-01-01T00:00:00.000Z';

// A team open 09:00–17:00 in Berlin on weekdays.
const officeHours: TeamHours = {
  timezone: 'Europe/Berlin',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  holidays: ['2026-12-24'],
};

describe('teams as the console shows them', () => {
  const world = announcedWorld();
  // The links service keeps the tenant's members.
  world.bus.serve('links.members.list', async () => ({
    members: [
      { member_id: 'mem_owner', email: 'o@example.org', name: 'Olu', role: 'owner', created_at },
      { member_id: 'mem_editor', email: 'e@example.org', name: 'Eda', role: 'editor', created_at },
      { member_id: 'mem_operator', email: 'p@example.org', name: 'Pia', role: 'operator', created_at },
      { member_id: 'mem_viewer', email: 'v@example.org', name: 'Vic', role: 'viewer', created_at },
    ],
  }));
  const clock = { now: new Date('2026-05-04T08:00:00Z') };
  // Reading members and answering a team touch no database.
  const teams = new TeamsService(noDatabase, world.bus, () => clock.now);

  const support: TeamRow = {
    id: 'team_support',
    tenant_id: TENANT,
    name: 'Support',
    members: ['mem_operator', 'mem_viewer', 'mem_left'],
    hours: officeHours as TeamRow['hours'],
    max_open_per_operator: 3,
    open_to_all_operators: false,
    created_at: new Date(created_at),
    updated_at: new Date(created_at),
  };

  it('counts as operators the members who may answer in the inbox: owners, editors and operators, never viewers', async () => {
    expect([...(await teams.operators(TENANT)).keys()].sort()).toEqual(['mem_editor', 'mem_operator', 'mem_owner']);
  });

  it('names only the team’s members who may still answer, and says whether it is open now by its hours', async () => {
    const operators = await teams.operators(TENANT);
    clock.now = new Date('2026-05-04T08:00:00Z'); // Monday 10:00 in Berlin
    expect(teams.answer(support, operators)).toMatchObject({ members: [{ member_id: 'mem_operator', name: 'Pia' }], max_open_per_operator: 3, open_now: true });
    clock.now = new Date('2026-05-04T15:00:00Z'); // Monday 17:00
    expect(teams.answer(support, operators).open_now).toBe(false);
    clock.now = new Date('2026-12-24T10:00:00Z'); // a holiday
    expect(teams.answer(support, operators).open_now).toBe(false);
    expect(teams.answer({ ...support, hours: null }, operators).open_now).toBe(true);
  });
});
