import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen } from '../../public/live/public-events.test-kit.js';
import { follow, seedAgentLink, visitor } from './escalation.test-kit.js';
import { handoffTo, type OperatorMember, operatorMember } from './operators.test-kit.js';

/**
 * Transfers as the inbox keeps them: each item lists who handed the conversation on, to whom or
 * to which queue, with the note – for the tenant's operators only, never for the visitor – and
 * the notes go when the conversation is erased or purged.
 */
describe('transfers and their notes in the inbox', () => {
  let h: GatewayHarness;
  let base: string;
  let tenantId: string;
  let token: string;
  let ben: OperatorMember;
  let cy: OperatorMember;
  let outsider: OperatorMember;
  let tech: string;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {}, routing: {} });
    base = await listen(h.app);
    tenantId = (await h.seedTenant('Transfer Desk')).tenantId;
    ben = await operatorMember(h, tenantId, 'Ben');
    cy = await operatorMember(h, tenantId, 'Cy');
    const made = await h.admin('POST', '/api/teams', { name: 'Tech', members: [ben.memberId, cy.memberId] }, tenantId);
    expect(made.status, made.text).toBe(201);
    tech = made.body.id;
    token = (await seedAgentLink(h, tenantId, 'tech-bot', handoffTo(tech))).token;
    const other = (await h.seedTenant('Other Desk')).tenantId;
    outsider = await operatorMember(h, other, 'Oz');
    await ben.arrive(base);
  });
  afterAll(async () => {
    for (const member of [ben, cy, outsider]) member?.leave();
    await h?.stop();
  });

  /** A visitor asks for a person; Ben, the one online, is offered the conversation and accepts it. */
  async function withBen() {
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    expect(first.status, first.text).toBe(200);
    const session = first.body.session as string;
    const events = follow(`${base}/api/public/events/${token}?session=${session}`, ['escalation', 'message', 'status']);
    await events.opened;
    expect((await visitor(h, 'POST', `/api/public/chat/${token}`, { session, content: 'a person please' })).status).toBe(200);
    const escalations = () => events.received.filter((e) => e.event === 'escalation').map((e) => e.data);
    await waitFor(() => expect(escalations().at(-1)).toMatchObject({ state: 'assigned', operator: { name: 'Ben' } }));
    const id = escalations()[0].id as string;
    expect((await ben.call('POST', `/api/inbox/${id}/accept`)).status).toBe(200);
    return { session, events, escalations, id };
  }

  const item = async (member: OperatorMember, id: string) => {
    const inbox = await member.call('GET', '/api/inbox?state=all');
    expect(inbox.status, inbox.text).toBe(200);
    return (inbox.body.items as { escalation_id: string }[]).find((i) => i.escalation_id === id) as Record<string, any> | undefined;
  };

  it('lists each transfer with its note, oldest first, on the item the list and every action give', async () => {
    const c = await withBen();
    expect((await item(ben, c.id))?.transfers).toEqual([]);

    const toCy = await ben.call('POST', `/api/inbox/${c.id}/transfer`, { to_member: cy.memberId, note: 'printer model LX-9, already restarted' });
    expect(toCy.status, toCy.text).toBe(200);
    expect(toCy.body.item.transfers).toEqual([{ from: 'Ben', to: 'Cy', to_team: null, note: 'printer model LX-9, already restarted', at: expect.any(String) }]);
    await waitFor(() => expect(c.escalations().at(-1)).toMatchObject({ operator: { name: 'Cy' }, transferred: true }));

    const toQueue = await cy.call('POST', `/api/inbox/${c.id}/transfer`, { to_team: tech });
    expect(toQueue.status, toQueue.text).toBe(200);

    // After a reload: the list gives both, oldest first; the second had no note.
    const listed = await item(cy, c.id);
    expect(listed?.transfers).toEqual([
      { from: 'Ben', to: 'Cy', to_team: null, note: 'printer model LX-9, already restarted', at: toCy.body.item.transfers[0].at },
      { from: 'Cy', to: null, to_team: 'Tech', note: null, at: expect.any(String) },
    ]);
    expect(Date.parse(listed?.transfers[1].at)).toBeGreaterThanOrEqual(Date.parse(listed?.transfers[0].at));
    // Back in Tech's queue it is offered to Ben, online; accepting answers with the item, transfers included.
    await waitFor(() => expect(c.escalations().at(-1)).toMatchObject({ state: 'assigned', operator: { name: 'Ben' } }));
    const claimed = await ben.call('POST', `/api/inbox/${c.id}/accept`);
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.item.transfers).toHaveLength(2);

    // The visitor's stream and history never carry the note.
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${c.session}`);
    expect(history.status, history.text).toBe(200);
    expect(JSON.stringify(history.body)).not.toContain('LX-9');
    expect(JSON.stringify(c.events.received)).not.toContain('LX-9');
    expect(JSON.stringify(c.events.received)).not.toContain('transfers');
    c.events.source.close();
  });

  it("another tenant's operator neither sees the item nor acts on it", async () => {
    const c = await withBen();
    expect((await ben.call('POST', `/api/inbox/${c.id}/transfer`, { to_member: cy.memberId, note: 'only for us' })).status).toBe(200);
    const theirs = await outsider.call('GET', '/api/inbox?state=all');
    expect(theirs.status).toBe(200);
    expect(JSON.stringify(theirs.body)).not.toContain('only for us');
    expect((await outsider.call('POST', `/api/inbox/${c.id}/claim`)).status).toBe(404);
    expect((await outsider.call('POST', `/api/inbox/${c.id}/transfer`, { to_team: tech })).status).toBe(404);
    c.events.source.close();
  });

  const notesOf = async (escalationId: string) => {
    const transfers = await h.ctx.db.selectFrom('escalation_transfers').select('note').where('escalation_id', '=', escalationId).execute();
    const assignments = await h.ctx.db
      .selectFrom('escalation_assignments')
      .select('note')
      .where('escalation_id', '=', escalationId)
      .where('note', 'is not', null)
      .execute();
    return { transfers: transfers.length, assignmentNotes: assignments.length };
  };

  it('a visitor erasing their conversation takes the transfer notes with it', async () => {
    const c = await withBen();
    expect((await ben.call('POST', `/api/inbox/${c.id}/transfer`, { to_member: cy.memberId, note: 'erase me too' })).status).toBe(200);
    // A note as assignments kept it before transfers had their own rows goes too.
    await sql`UPDATE escalation_assignments SET note = 'an older note' WHERE escalation_id = ${c.id}`.execute(h.ctx.db);
    expect(await notesOf(c.id)).toEqual({ transfers: 1, assignmentNotes: 2 });
    c.events.source.close();
    const erased = await h.inject({ method: 'DELETE', url: `/api/public/chat/${token}/session?session=${c.session}` });
    expect(erased.status, erased.text).toBe(200);
    expect(await notesOf(c.id)).toEqual({ transfers: 0, assignmentNotes: 0 });
    expect((await item(cy, c.id))?.transfers).toEqual([]);
  });

  it('retention purges the transfer notes with the messages', async () => {
    const c = await withBen();
    expect((await ben.call('POST', `/api/inbox/${c.id}/transfer`, { to_member: cy.memberId, note: 'purge me' })).status).toBe(200);
    expect((await cy.call('POST', `/api/inbox/${c.id}/accept`)).status).toBe(200);
    expect((await cy.call('POST', `/api/inbox/${c.id}/close`)).status).toBe(200);
    c.events.source.close();
    const conversationId = (await item(cy, c.id))?.conversation_id as string;
    await sql`UPDATE text_conversations SET ended_at = now() - interval '3 days' WHERE id = ${conversationId}`.execute(h.ctx.db);
    await sql`UPDATE escalation_assignments SET note = 'an older note' WHERE escalation_id = ${c.id}`.execute(h.ctx.db);
    expect(await notesOf(c.id)).toEqual({ transfers: 1, assignmentNotes: 2 });
    await h.purgeEnded([conversationId], 2);
    expect(await notesOf(c.id)).toEqual({ transfers: 0, assignmentNotes: 0 });
  });
});
