import { smtpLinkMailer } from '@parley/links';
import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { type SmtpInbox, startSmtpInbox } from '../../../../test/smtp-inbox.js';
import { greetingAgent, linkUrlsIn } from './link-distribution.test-kit.js';

describe('schedules through the management API', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let tenant: { tenantId: string; key: string };
  let other: { tenantId: string; key: string };
  const morning = {
    name: 'Morning check-in',
    cron: '0 9 * * 1-5',
    timezone: 'Europe/Berlin',
    action: 'create_and_send_temp_chat_link',
    agent: 'checkin',
    template: 'daily_checkin',
    recipients: [
      { email: 'ana@example.com', name: 'Ana' },
      { email: 'ben@example.com', name: 'Ben' },
    ],
    send: { channels: [{ type: 'email' }], subject: 'Good morning, {{name}}' },
  };

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    h = await startGatewayHarness(
      {},
      {
        distribution: {
          mailer: smtpLinkMailer({ smtpUrl: inbox.url, from: 'Parley <links@parley.test>', logger: createLogger({ service: 'links-test', level: 'warn' }) }),
        },
      },
    );
    tenant = await h.seedTenant('Scheduler');
    other = await h.seedTenant('Other');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
    await inbox?.close();
  });

  it('creates a schedule with its next weekday 9:00 in Berlin, lists, changes, runs it now and deletes it', async () => {
    const created = await h.withKey(tenant.key, 'POST', '/api/schedules', morning);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^schd_[A-Za-z0-9_-]{16}$/), name: 'Morning check-in', active: true });
    const next = new Date(created.body.next_run_at);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(
      next,
    );
    expect(berlin).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);

    expect((await h.withKey(tenant.key, 'GET', '/api/schedules')).body.schedules.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    expect((await h.withKey(tenant.key, 'GET', `/api/schedules/${created.body.id}`)).body).toMatchObject({ cron: '0 9 * * 1-5' });

    const since = inbox.mails.length;
    const run = await h.withKey(tenant.key, 'POST', `/api/schedules/${created.body.id}/run`);
    expect(run.status, run.text).toBe(201);
    expect(run.body).toMatchObject({ trigger: 'manual', state: 'succeeded', links: 2, sent: 2, errors: [] });
    const ana = await inbox.next('ana@example.com', since);
    expect(ana.subject).toBe('Good morning, Ana');
    expect(linkUrlsIn(ana)).toHaveLength(1);
    // Running by hand leaves the cron's next slot as it was.
    expect((await h.withKey(tenant.key, 'GET', `/api/schedules/${created.body.id}`)).body.next_run_at).toBe(created.body.next_run_at);
    const runs = await h.withKey(tenant.key, 'GET', `/api/schedules/${created.body.id}/runs`);
    expect(runs.body.runs).toEqual([expect.objectContaining({ trigger: 'manual', links: 2, sent: 2 })]);

    const paused = await h.withKey(tenant.key, 'PUT', `/api/schedules/${created.body.id}`, { active: false });
    expect(paused.body).toMatchObject({ active: false, next_run_at: null });
    const moved = await h.withKey(tenant.key, 'PUT', `/api/schedules/${created.body.id}`, { active: true, cron: '30 7 * * *', timezone: 'America/New_York' });
    const ny = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hour12: false }).format(
      new Date(moved.body.next_run_at),
    );
    expect(ny).toBe('07:30');

    expect((await h.withKey(tenant.key, 'DELETE', `/api/schedules/${created.body.id}`)).status).toBe(204);
    expect((await h.withKey(tenant.key, 'GET', `/api/schedules/${created.body.id}`)).status).toBe(404);
  });

  it('refuses a bad cron, time zone, agent or send, naming the field', async () => {
    const detailsOf = (r: { body: { error: { details?: Array<{ path: string }> } } }) => r.body.error.details?.map((d) => d.path) ?? [];
    const badCron = await h.withKey(tenant.key, 'POST', '/api/schedules', { ...morning, name: 'a', cron: '61 9 * * *' });
    expect(badCron.status).toBe(400);
    expect(detailsOf(badCron).join()).toMatch(/cron/);
    const badZone = await h.withKey(tenant.key, 'POST', '/api/schedules', { ...morning, name: 'b', timezone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(detailsOf(badZone).join()).toMatch(/timezone/);
    expect((await h.withKey(tenant.key, 'POST', '/api/schedules', { ...morning, name: 'c', agent: 'nobody' })).status).toBe(404);
    const ssrf = await h.withKey(tenant.key, 'POST', '/api/schedules', {
      ...morning,
      name: 'd',
      send: { channels: [{ type: 'teams', webhook_url: 'http://10.1.2.3/x' }] },
    });
    expect(ssrf.status).toBe(400);
    expect((await h.withKey(tenant.key, 'POST', '/api/schedules', { ...morning, name: 'e', action: 'delete_everything' })).status).toBe(400);
    expect((await h.withKey(tenant.key, 'POST', '/api/schedules', { ...morning, name: 'f', recipients: [] })).status).toBe(400);
    expect((await h.withKey(tenant.key, 'GET', '/api/schedules')).body.schedules.filter((s: { name: string }) => s.name.length === 1)).toEqual([]);
  });

  it('keeps tenants apart: another tenant’s key reads, changes, runs and deletes none of it', async () => {
    const created = await h.withKey(tenant.key, 'POST', '/api/schedules', { ...morning, name: 'Private' });
    const id = created.body.id;
    expect((await h.withKey(other.key, 'GET', '/api/schedules')).body.schedules).toEqual([]);
    for (const [method, url, body] of [
      ['GET', `/api/schedules/${id}`, undefined],
      ['PUT', `/api/schedules/${id}`, { active: false }],
      ['GET', `/api/schedules/${id}/runs`, undefined],
      ['POST', `/api/schedules/${id}/run`, undefined],
      ['DELETE', `/api/schedules/${id}`, undefined],
    ] as const) {
      expect((await h.withKey(other.key, method, url, body)).status, `${method} ${url}`).toBe(404);
    }
    expect((await h.withKey(tenant.key, 'GET', `/api/schedules/${id}`)).body).toMatchObject({ active: true, name: 'Private' });
  });
});
