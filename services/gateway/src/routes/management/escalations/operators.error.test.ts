import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen } from '../../public/live/public-events.test-kit.js';
import { seedAgentLink, visitor } from './escalation.test-kit.js';
import { handoffTo, type OperatorMember, operatorMember } from './operators.test-kit.js';

/** Open around the clock, every day: the tests here are not about hours. */
const allDay = [['00:00', '24:00']];
const hours = {
  timezone: 'Europe/Berlin',
  weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  holidays: [],
};

/** Teams, presence, accepting and transferring: what is refused, and how it is said. */
describe('operators: refusals', () => {
  let h: GatewayHarness;
  let base: string;
  let tenantId: string;
  let otherTenant: string;
  let ana: OperatorMember;
  let ben: OperatorMember;
  let viewerId: string;
  let team: string;
  let foreignTeam: string;
  let token: string;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
    base = await listen(h.app);
    tenantId = (await h.seedTenant('Desk')).tenantId;
    otherTenant = (await h.seedTenant('Elsewhere')).tenantId;
    ana = await operatorMember(h, tenantId, 'Ana');
    ben = await operatorMember(h, tenantId, 'Ben');
    viewerId = (await h.bus.request('links.members.create', { tenantId, email: 'vic@desk.example', name: 'Vic', role: 'viewer' })).member_id;
    const made = await h.admin('POST', '/api/teams', { name: 'Support', members: [ana.memberId, ben.memberId], hours }, tenantId);
    expect(made.status, made.text).toBe(201);
    team = made.body.id;
    const foreign = await h.admin('POST', '/api/teams', { name: 'Support', members: [] }, otherTenant);
    expect(foreign.status, foreign.text).toBe(201);
    foreignTeam = foreign.body.id;
    token = (await seedAgentLink(h, tenantId, 'desk-bot', handoffTo('Support'))).token;
  });
  afterAll(async () => {
    ana?.leave();
    ben?.leave();
    await h?.stop();
  });

  it('answers a team as it was made, names its members and says whether it is open now', async () => {
    const got = await h.admin('GET', `/api/teams/${team}`, undefined, tenantId);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: team, name: 'Support', hours, max_open_per_operator: null, open_now: true });
    expect(got.body.members).toEqual(
      expect.arrayContaining([
        { member_id: ana.memberId, name: 'Ana' },
        { member_id: ben.memberId, name: 'Ben' },
      ]),
    );
    const listed = await ana.call('GET', '/api/teams');
    expect(listed.status).toBe(200);
    expect(listed.body.teams.map((t: { id: string }) => t.id)).toEqual([team]);
  });

  it.each([
    ['an unknown time zone', { name: 'A', hours: { ...hours, timezone: 'Mars/Olympus' } }, 'hours.timezone'],
    ['a span that closes before it opens', { name: 'A', hours: { ...hours, weekly: { mon: [['17:00', '09:00']] } } }, 'hours.weekly.mon.0'],
    ['a time that is not one', { name: 'A', hours: { ...hours, weekly: { tue: [['09:00', '25:00']] } } }, 'hours.weekly.tue.0.1'],
    ['a day that is not a weekday', { name: 'A', hours: { ...hours, weekly: { monday: [['09:00', '17:00']] } } }, 'hours.weekly'],
    ['a holiday that is not a date', { name: 'A', hours: { ...hours, holidays: ['2026-02-30'] } }, 'hours.holidays.0'],
    ['a cap of zero', { name: 'A', max_open_per_operator: 0 }, 'max_open_per_operator'],
    ['an empty name', { name: ' ' }, 'name'],
    ['a NUL in the name', { name: 'A\u0000B', members: ['\ud800'] }, undefined],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const refused = await h.admin('POST', '/api/teams', body, tenantId);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.error.code).toBe('invalid');
    if (field) expect(JSON.stringify(refused.body.error.details)).toContain(field.split('.').at(-1));
  });

  it('refuses members who are not the tenant’s operators, and a name already taken', async () => {
    const viewer = await h.admin('POST', '/api/teams', { name: 'Viewers', members: [viewerId] }, tenantId);
    expect(viewer.status).toBe(400);
    expect(viewer.body.error).toMatchObject({ code: 'invalid', details: { members: [viewerId] } });
    const stranger = await h.admin('POST', '/api/teams', { name: 'Strangers', members: ['mem_nobodyatall00'] }, tenantId);
    expect(stranger.status).toBe(400);
    const taken = await h.admin('POST', '/api/teams', { name: 'SUPPORT' }, tenantId);
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');
  });

  it('keeps each tenant’s teams its own: another tenant’s id is not found, whatever the verb', async () => {
    for (const [method, body] of [['GET'], ['PUT', { name: 'Mine now' }], ['DELETE']] as const) {
      const answer = await h.admin(method, `/api/teams/${foreignTeam}`, body, tenantId);
      expect(answer.status, `${method} ${answer.text}`).toBe(404);
    }
    expect((await h.admin('GET', `/api/teams/${foreignTeam}`, undefined, otherTenant)).body.name).toBe('Support');
  });

  it('keeps presence a person’s: a key cannot set it', async () => {
    const { key } = await h.seedTenant('Keyed');
    const refused = await h.withKey(key, 'PUT', '/api/inbox/presence', { status: 'away' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual({ reason: 'not_a_member' });
    expect((await ana.call('PUT', '/api/inbox/presence', { status: 'busy' })).status).toBe(400);
  });

  it('lets only the assignee accept, only the holder transfer, and only to a colleague or team of the tenant', async () => {
    await ana.arrive(base);
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}`, { session: first.body.session, content: 'a person please' });
    expect(asked.status).toBe(200);
    const inbox = await ana.call('GET', '/api/inbox?state=all');
    const id = inbox.body.items[0].escalation_id as string;
    // Ana, the one of the team online, is offered it.
    expect(inbox.body.items[0]).toMatchObject({ state: 'assigned', operator: { name: 'Ana' } });
    const bens = await ben.call('POST', `/api/inbox/${id}/accept`);
    expect(bens.status).toBe(409);
    expect(bens.body.error.message).toContain('offered to Ana');
    expect((await ben.call('POST', `/api/inbox/${id}/claim`)).status).toBe(409);
    expect((await ben.call('POST', `/api/inbox/${id}/transfer`, { to_member: ben.memberId })).status).toBe(409);
    expect((await ana.call('POST', `/api/inbox/${id}/accept`)).status).toBe(200);
    expect((await ana.call('POST', `/api/inbox/${id}/transfer`, { to_member: ana.memberId })).status).toBe(400);
    expect((await ana.call('POST', `/api/inbox/${id}/transfer`, { to_member: viewerId })).status).toBe(404);
    expect((await ana.call('POST', `/api/inbox/${id}/transfer`, { to_team: foreignTeam })).status).toBe(404);
    expect((await ana.call('POST', `/api/inbox/${id}/transfer`, {})).status).toBe(400);
    expect((await ana.call('POST', `/api/inbox/${id}/transfer`, { to_member: ben.memberId, to_team: team })).status).toBe(400);
    expect((await ana.call('POST', '/api/inbox/esc_0000000000000000/transfer', { to_team: team })).status).toBe(404);
    // To the team's queue: it waits there (or is offered again within hours), no longer Ana's.
    const moved = await ana.call('POST', `/api/inbox/${id}/transfer`, { to_team: team, note: 'needs a refund decision' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.item.team).toEqual({ id: team, name: 'Support' });
  });

  it('sends a deleted team’s waiting escalations to the tenant queue', async () => {
    const temp = await h.admin('POST', '/api/teams', { name: 'Temp', members: [] }, tenantId);
    const tempToken = (await seedAgentLink(h, tenantId, 'temp-bot', handoffTo('Temp'))).token;
    const first = await visitor(h, 'POST', `/api/public/chat/${tempToken}`, { content: 'hello' });
    await visitor(h, 'POST', `/api/public/chat/${tempToken}`, { session: first.body.session, content: 'a person please' });
    const before = await h.admin('GET', `/api/inbox?team=${temp.body.id}`, undefined, tenantId);
    expect(before.body.items).toHaveLength(1);
    expect((await h.admin('DELETE', `/api/teams/${temp.body.id}`, undefined, tenantId)).status).toBe(204);
    expect((await h.admin('GET', `/api/teams/${temp.body.id}`, undefined, tenantId)).status).toBe(404);
    const after = await h.admin('GET', '/api/inbox?team=none', undefined, tenantId);
    expect(after.body.items.map((i: { escalation_id: string }) => i.escalation_id)).toContain(before.body.items[0].escalation_id);
  });
});
