import { createLogger } from '@parley/logger';
import { smtpNoticeMailer } from '@parley/sessions';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { type SmtpInbox, startSmtpInbox } from '../../../../test/smtp-inbox.js';
import { mailText } from '../../public/follow-up/public-follow-up.test-kit.js';
import { listen } from '../../public/live/public-events.test-kit.js';
import { follow, seedAgentLink, visitor } from './escalation.test-kit.js';
import { handoffTo, type OperatorMember, operatorMember } from './operators.test-kit.js';

/**
 * A scripted day at a help desk, on a clock the test moves: two teams with their own hours, three
 * operators coming and going, escalations routed to the right team and operator, one assignment
 * left to time out and moved on, a transfer, what the visitor sees of each change, and a message
 * left after hours answered by email (a loopback SMTP server receives it).
 */
describe('a day at the desk: teams, hours, presence, assignment, timeout and transfer', () => {
  let h: GatewayHarness;
  let base: string;
  // Monday 7 December 2026, 07:30 UTC (08:30 in Berlin).
  let now = new Date('2026-12-07T07:30:00Z');
  const at = (iso: string) => {
    now = new Date(iso);
  };
  let tenantId: string;
  let billingLink: string;
  let techLink: string;
  let ana: OperatorMember;
  let ben: OperatorMember;
  let cy: OperatorMember;
  let billing: string;
  let tech: string;
  let smtp: SmtpInbox;
  let mailer: ReturnType<typeof smtpNoticeMailer>;

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    mailer = smtpNoticeMailer({ smtpUrl: smtp.url, from: 'Desk <desk@parley.test>', logger: createLogger({ service: 'mail', level: 'silent' }) });
    h = await startGatewayHarness(
      {},
      { live: {}, routing: { clock: () => now, assignmentTimeoutSeconds: 60 }, escalations: { notifyAfterSeconds: 120, mailer } },
    );
    base = await listen(h.app);
    const seeded = await h.seedTenant('Desk Ltd');
    tenantId = seeded.tenantId;
    ana = await operatorMember(h, tenantId, 'Ana');
    ben = await operatorMember(h, tenantId, 'Ben');
    cy = await operatorMember(h, tenantId, 'Cy');
    const made = await h.admin(
      'POST',
      '/api/teams',
      {
        name: 'Billing',
        members: [ana.memberId, ben.memberId],
        hours: {
          timezone: 'Europe/Berlin',
          weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
          holidays: ['2026-12-24'],
        },
      },
      tenantId,
    );
    expect(made.status, made.text).toBe(201);
    billing = made.body.id;
    const techMade = await h.admin('POST', '/api/teams', { name: 'Tech', members: [ben.memberId, cy.memberId], max_open_per_operator: 2 }, tenantId);
    expect(techMade.status, techMade.text).toBe(201);
    tech = techMade.body.id;
    billingLink = (await seedAgentLink(h, tenantId, 'billing-bot', handoffTo('Billing'))).token;
    techLink = (await seedAgentLink(h, tenantId, 'tech-bot', handoffTo(tech))).token;
  });
  afterAll(async () => {
    for (const member of [ana, ben, cy]) member?.leave();
    await h?.stop();
    mailer?.close?.();
    await smtp?.close();
  });

  /** A visitor who asks the agent for a person: the handoff node escalates to its team. */
  async function visitorAsking(token: string) {
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    expect(first.status, first.text).toBe(200);
    const session = first.body.session as string;
    const events = follow(`${base}/api/public/events/${token}?session=${session}`, ['escalation', 'message']);
    await events.opened;
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}`, { session, content: 'a person please' });
    expect(asked.status, asked.text).toBe(200);
    const escalation = () => events.received.filter((e) => e.event === 'escalation').map((e) => e.data);
    await waitFor(() => expect(escalation().length).toBeGreaterThan(0));
    return { session, events, escalation, latest: () => escalation().at(-1), id: escalation()[0].id as string };
  }

  const item = async (member: OperatorMember, id: string) => {
    const inbox = await member.call('GET', '/api/inbox?state=all');
    expect(inbox.status, inbox.text).toBe(200);
    return (inbox.body.items as { escalation_id: string }[]).find((i) => i.escalation_id === id) as Record<string, any> | undefined;
  };

  it('runs the day', async () => {
    // 08:30 in Berlin: Billing opens at 09:00. Ana is in early, but nobody is assigned before hours.
    await ana.arrive(base);
    const early = await visitorAsking(billingLink);
    expect(early.escalation()[0]).toMatchObject({
      state: 'waiting',
      position: 1,
      team: 'Billing',
      offline: { reason: 'closed', ask_email: true, opens_at: '2026-12-07T08:00:00.000Z' },
    });
    await h.routing.sweep();
    expect(await item(ana, early.id)).toMatchObject({ state: 'waiting', team: { id: billing, name: 'Billing' }, operator: null });

    // 09:05: Billing is open; the next sweep offers the conversation to Ana, the one online.
    at('2026-12-07T08:05:00Z');
    await h.routing.sweep();
    await waitFor(() => expect(early.latest()).toMatchObject({ state: 'assigned', operator: { name: 'Ana' } }));
    expect(await item(ana, early.id)).toMatchObject({ state: 'assigned', operator_member_id: ana.memberId, assigned_at: '2026-12-07T08:05:00.000Z' });

    // 09:10: Ben arrives. A tech visitor: Cy is away from the desk (not signed in), so Ben, the Tech member online, is offered it at once.
    at('2026-12-07T08:10:00Z');
    await ben.arrive(base);
    const techVisitor = await visitorAsking(techLink);
    await waitFor(() => expect(techVisitor.latest()).toMatchObject({ state: 'assigned', operator: { name: 'Ben' } }));

    // Ana accepts her visitor and answers.
    const accepted = await ana.call('POST', `/api/inbox/${early.id}/accept`);
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.item).toMatchObject({ state: 'claimed', operator: { name: 'Ana' } });
    expect((await ben.call('POST', `/api/inbox/${early.id}/accept`)).status).toBe(409);
    expect((await ana.call('POST', `/api/inbox/${early.id}/messages`, { content: 'Hi, Ana from Billing here.' })).status).toBe(201);
    await waitFor(() => expect(early.events.received.some((e) => e.event === 'message' && e.data.operator_name === 'Ana')).toBe(true));

    // A second billing visitor: Ben has one open (tech), Ana one (billing) – a tie goes to whoever was offered one least recently: Ana.
    at('2026-12-07T09:00:00Z');
    const second = await visitorAsking(billingLink);
    await waitFor(() => expect(second.latest()).toMatchObject({ state: 'assigned', operator: { name: 'Ana' } }));
    // Ana does not accept it in time: 61 s later it moves on to Ben, and her miss is counted.
    at('2026-12-07T09:01:01Z');
    await h.routing.sweep();
    await waitFor(() => expect(second.latest()).toMatchObject({ state: 'assigned', operator: { name: 'Ben' } }));
    expect(second.escalation().map((e) => e.operator?.name ?? null)).toEqual(expect.arrayContaining(['Ana', 'Ben']));
    expect((await ben.call('POST', `/api/inbox/${second.id}/accept`)).status).toBe(200);

    // Cy signs in; Ben hands his tech conversation to Cy with a note. Cy accepts; the visitor sees Cy take over.
    await cy.arrive(base);
    expect((await ben.call('POST', `/api/inbox/${techVisitor.id}/accept`)).status).toBe(200);
    const handed = await ben.call('POST', `/api/inbox/${techVisitor.id}/transfer`, { to_member: cy.memberId, note: 'printer model LX-9, already restarted' });
    expect(handed.status, handed.text).toBe(200);
    expect(handed.body.item).toMatchObject({ state: 'assigned', operator: { name: 'Cy' }, operator_member_id: cy.memberId });
    await waitFor(() => expect(techVisitor.latest()).toMatchObject({ state: 'assigned', operator: { name: 'Cy' }, transferred: true }));
    expect((await cy.call('POST', `/api/inbox/${techVisitor.id}/accept`)).status).toBe(200);
    expect((await cy.call('POST', `/api/inbox/${techVisitor.id}/messages`, { content: 'Cy here, let us fix the printer.' })).status).toBe(201);
    await waitFor(() => expect(techVisitor.events.received.some((e) => e.event === 'message' && e.data.operator_name === 'Cy')).toBe(true));

    // Presence as the inbox shows it: all three online, with their open conversations.
    const presence = await ana.call('GET', '/api/inbox/presence');
    expect(presence.status, presence.text).toBe(200);
    expect(presence.body.operators).toEqual([
      { member_id: ana.memberId, name: 'Ana', status: 'online', open: 1, teams: [billing] },
      { member_id: ben.memberId, name: 'Ben', status: 'online', open: 1, teams: expect.arrayContaining([billing, tech]) },
      { member_id: cy.memberId, name: 'Cy', status: 'online', open: 1, teams: [tech] },
    ]);

    // Ana sets herself away: a new billing visitor goes to Ben although Ana is online.
    expect((await ana.call('PUT', '/api/inbox/presence', { status: 'away' })).status).toBe(200);
    const third = await visitorAsking(billingLink);
    await waitFor(() => expect(third.latest()).toMatchObject({ state: 'assigned', operator: { name: 'Ben' } }));
    expect((await ben.call('POST', `/api/inbox/${third.id}/accept`)).status).toBe(200);

    // Ana and Cy go home. Ben's closing: a fourth billing visitor at 17:30 Berlin time is told at once that the desk is closed.
    ana.leave();
    cy.leave();
    await waitFor(async () =>
      expect((await ben.call('GET', '/api/inbox/presence')).body.operators.find((o: { name: string }) => o.name === 'Ana').status).toBe('offline'),
    );
    at('2026-12-07T16:30:00Z');
    const late = await visitorAsking(billingLink);
    expect(late.escalation()[0]).toMatchObject({ state: 'waiting', offline: { reason: 'closed', opens_at: '2026-12-08T08:00:00.000Z' } });
    await h.routing.sweep();
    expect(await item(ben, late.id)).toMatchObject({ state: 'waiting', operator: null });
    // The visitor leaves a message and an email instead; Ben, still there, answers it, and the answer goes by mail.
    const left = await visitor(h, 'POST', `/api/public/chat/${billingLink}/offline-message`, {
      session: late.session,
      email: 'late.visitor@example.org',
      content: 'My invoice 2026-118 is charged twice, please refund one.',
    });
    expect(left.status, left.text).toBe(201);
    expect(await item(ben, late.id)).toMatchObject({
      state: 'waiting',
      offline: true,
      last_message: 'My invoice 2026-118 is charged twice, please refund one.',
    });
    expect((await ben.call('POST', `/api/inbox/${late.id}/claim`)).status).toBe(200);
    const mails = smtp.mails.length;
    expect((await ben.call('POST', `/api/inbox/${late.id}/messages`, { content: 'Refunded the second charge of invoice 2026-118. – Ben' })).status).toBe(201);
    const mail = await smtp.next('late.visitor@example.org', mails);
    expect(mailText(mail.raw)).toContain('Refunded the second charge of invoice 2026-118.');
    const history = await visitor(h, 'GET', `/api/public/history/${billingLink}?session=${late.session}`);
    expect(history.body.messages.at(-1)).toMatchObject({
      role: 'operator',
      content: 'Refunded the second charge of invoice 2026-118. – Ben',
      operator_name: 'Ben',
    });

    // The day in numbers: who took what, and Ana's one miss.
    const analytics = await h.admin('GET', '/api/agents/billing-bot/analytics?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z', undefined, tenantId);
    expect(analytics.status, analytics.text).toBe(200);
    const byName = Object.fromEntries((analytics.body.operators as { name: string }[]).map((o) => [o.name, o]));
    expect(byName.Ana).toMatchObject({ conversations: 1, missed: 1 });
    expect(byName.Ben).toMatchObject({ conversations: 3, missed: 0 });
    expect(analytics.body.teams).toEqual(expect.arrayContaining([expect.objectContaining({ team_id: billing, name: 'Billing', conversations: 4, missed: 1 })]));
  });
});
