import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { smtpLinkMailer } from '@parley/links';
import { createLogger } from '@parley/logger';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../../../../test/smtp-inbox.js';
import { greetingAgent, linkUrlsIn, readableMail, tokenOf } from './link-distribution.test-kit.js';

describe('personalised links in bulk, sent by mail, Slack and Teams', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let tenant: { tenantId: string; key: string };
  const posted: Array<{ path: string; body: unknown }> = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      posted.push({ path: request.url ?? '', body: JSON.parse(body) });
      response.writeHead(200).end('ok');
    });
  });
  let receiverOrigin: string;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    h = await startGatewayHarness(
      {},
      {
        distribution: {
          mailer: smtpLinkMailer({ smtpUrl: inbox.url, from: 'Parley <links@parley.test>', logger: createLogger({ service: 'links-test', level: 'warn' }) }),
          distribution: { allowPrivate: true, retryDelaysSeconds: [1], pollIntervalMs: 100 },
        },
      },
    );
    tenant = await h.seedTenant('Bike shop');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
    await inbox?.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('makes one link per recipient from a template and mails each their own URL with a personal greeting', async () => {
    const recipients = [
      { email: 'ana@example.com', name: 'Ana', variables: { team: 'wheels' } },
      { email: 'ben@example.com', name: 'Ben' },
      { email: 'chloe@example.com' },
    ];
    const created = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      template: 'daily_checkin',
      settings: { welcome_message: 'Hi {{name}}, time for your check-in.' },
      recipients,
      send: { channels: [{ type: 'email' }], subject: 'Your check-in, {{name}}', message: 'Team {{team}}: two minutes, please.' },
    });
    expect(created.status, created.text).toBe(201);
    // The answer does not wait for the mails: all three are queued, none claimed sent.
    expect(created.body).toMatchObject({ sent: 0, queued: 3, pending: 3, failed: [] });
    expect(created.body.links).toHaveLength(3);
    expect(created.body.links.map((l: { recipient: { email: string } }) => l.recipient.email)).toEqual(recipients.map((r) => r.email));

    await waitFor(() => inbox.mails.length >= 3, { timeoutMs: 5_000 });
    for (const link of created.body.links) {
      const mail = await inbox.next(link.recipient.email);
      // Each mail carries its own link and no other.
      expect(linkUrlsIn(mail)).toEqual([link.url]);
      const text = readableMail(mail);
      expect(text).toContain('Content-Type: text/html');
      expect(text).toContain('Content-Type: text/plain');
      if (link.recipient.name) expect(text).toContain(`Hello ${link.recipient.name}`);
    }
    expect((await inbox.next('ana@example.com')).subject).toBe('Your check-in, Ana');
    expect(readableMail(await inbox.next('ana@example.com'))).toContain('Team wheels: two minutes, please.');

    // The recipient's own link: the welcome and the agent greet them by name.
    const ana = created.body.links[0];
    const info = await h.app.inject({ method: 'GET', url: `/api/public/links/${tokenOf(ana.url)}` });
    expect(info.json()).toMatchObject({ title: 'Daily check-in', welcome_message: 'Hi Ana, time for your check-in.' });
    const started = await h.app.inject(visitorPost(`/api/public/sessions/${tokenOf(ana.url)}`, {}));
    expect(started.statusCode, started.body).toBe(201);
    const reply = await h.app.inject(visitorPost(`/api/public/chat/${tokenOf(ana.url)}`, { content: 'Fine, thanks', session: started.json().session }));
    expect(reply.json().response).toBe('Thanks, Ana.');
    const history = await h.app.inject({ method: 'GET', url: `/api/public/history/${tokenOf(ana.url)}?session=${started.json().session}` });
    expect(history.json().messages[0]).toMatchObject({ role: 'assistant', content: 'Good morning, Ana! How are you today?' });
    // The conversation starts with the recipient's variables collected.
    const conversation = await h.withKey(tenant.key, 'GET', `/api/conversations/${started.json().conversation_id}`);
    expect(conversation.body.collected_data ?? conversation.body.variables).toMatchObject({ name: 'Ana', email: 'ana@example.com', team: 'wheels' });

    // Every delivery is on record, sent once the mail went out.
    const deliveries = await waitFor(async () => {
      const listed = await h.withKey(tenant.key, 'GET', `/api/public-links/${ana.id}/deliveries`);
      return listed.body.deliveries[0]?.state === 'sent' ? listed : false;
    });
    expect(deliveries.status).toBe(200);
    // Mail has no HTTP status to show.
    expect(deliveries.body.deliveries).toEqual([
      expect.objectContaining({ channel: 'email', to: 'ana@example.com', state: 'sent', attempts: 1, response_code: null }),
    ]);
  });

  it('writes the invitation in the link’s language: German words, Arabic right to left, the sender’s own subject and note as written', async () => {
    const created = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'Check-in', locale: 'de-AT' },
      recipients: [{ email: 'dora@example.com', name: 'Dora' }],
      send: { channels: [{ type: 'email' }], subject: 'Ihr Check-in', message: 'Bis gleich!' },
    });
    expect(created.status, created.text).toBe(201);
    const german = await inbox.next('dora@example.com');
    expect(german.headers['content-language']).toBe('de');
    expect(german.subject).toBe('Ihr Check-in');
    expect(german.text).toContain('Hallo Dora,\n\nBis gleich!\n\nSie sind zu einem Chat eingeladen: Check-in');
    expect(german.text).toContain(`Hier öffnen Sie ihn: ${created.body.links[0].url}`);
    expect(german.html).toContain('<html lang="de" dir="ltr">');
    expect(german.html).toContain('>Chat öffnen</a>');
    expect(german.text).not.toContain('You are invited');

    const arabic = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'Check-in', locale: 'ar' },
      recipients: [{ email: 'amal@example.com', name: 'Amal' }],
      send: { channels: [{ type: 'email' }] },
    });
    expect(arabic.status, arabic.text).toBe(201);
    const mail = await inbox.next('amal@example.com');
    expect(mail.headers['content-language']).toBe('ar');
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.text).toContain('أنت مدعو إلى محادثة: Check-in');
    // The address stays left to right inside the Arabic text.
    expect(mail.html).toContain(`dir="ltr">${arabic.body.links[0].url}</a>`);
  });

  it('posts a readable Slack message and a Teams card with the link to incoming webhooks', async () => {
    const created = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'Stand-up check-in',
      send: {
        channels: [
          { type: 'slack', webhook_url: `${receiverOrigin}/slack/T000/B000` },
          { type: 'teams', webhook_url: `${receiverOrigin}/teams/flow` },
        ],
        message: 'Tell us how the sprint goes.',
      },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.queued).toBe(2);
    expect(created.body.deliveries.map((d: { channel: string; state: string }) => [d.channel, d.state]).sort()).toEqual([
      ['slack', 'pending'],
      ['teams', 'pending'],
    ]);
    await waitFor(async () => {
      const listed = await h.withKey(tenant.key, 'GET', `/api/public-links/${created.body.id}/deliveries`);
      return (
        listed.body.deliveries.length === 2 &&
        listed.body.deliveries.every((d: { state: string; response_code: number | null }) => d.state === 'sent' && d.response_code === 200)
      );
    });
    const slack = posted.find((p) => p.path === '/slack/T000/B000')?.body as { text: string; blocks: unknown[] };
    expect(slack.text).toContain(created.body.url);
    expect(JSON.stringify(slack.blocks)).toContain('Stand-up check-in');
    const teams = posted.find((p) => p.path === '/teams/flow')?.body as { type: string; attachments: Array<{ contentType: string; content: unknown }> };
    expect(teams.type).toBe('message');
    expect(teams.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(teams.attachments[0]?.content)).toContain(created.body.url);
    // The webhook URL itself is a credential: the delivery list names only its host.
    const listed = await h.withKey(tenant.key, 'GET', `/api/public-links/${created.body.id}/deliveries`);
    expect(listed.text).not.toContain('/slack/T000/B000');
  });

  it('changes, deactivates and deletes links in bulk, listing ids it does not know', async () => {
    const made = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', { settings: { title: 'Survey' }, count: 3 });
    expect(made.status, made.text).toBe(201);
    const ids: string[] = made.body.links.map((l: { id: string }) => l.id);
    expect(made.body.links.every((l: { recipient: unknown }) => l.recipient === null)).toBe(true);

    const updated = await h.withKey(tenant.key, 'POST', '/api/public-links/bulk-update', {
      ids: [...ids, 'lnk_AAAAAAAAAAAAAAAA', 'nonsense'],
      changes: { max_messages_per_session: 4, active: false },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.updated.map((l: { id: string }) => l.id).sort()).toEqual([...ids].sort());
    expect(
      updated.body.updated.every((l: { state: string; max_messages_per_session: number }) => l.state === 'inactive' && l.max_messages_per_session === 4),
    ).toBe(true);
    expect(updated.body.not_found).toEqual(['lnk_AAAAAAAAAAAAAAAA', 'nonsense']);
    const deactivated = await h.app.inject(visitorPost(`/api/public/chat/${tokenOf(made.body.links[0].url)}`, { content: 'hi' }));
    expect(deactivated.statusCode).toBe(410);

    const deleted = await h.withKey(tenant.key, 'POST', '/api/public-links/bulk-delete', { ids: [...ids, ids[0]] });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted.sort()).toEqual([...ids].sort());
    expect(deleted.body.not_found).toEqual([]);
    const gone = await h.app.inject({ method: 'GET', url: `/api/public/links/${tokenOf(made.body.links[1].url)}` });
    expect(gone.statusCode).toBe(404);
    expect((await h.withKey(tenant.key, 'POST', '/api/public-links/bulk-delete', { ids })).body).toEqual({ deleted: [], not_found: ids });
  });

  it('rotates a link’s token: the old URL stops at once, the new one works and is mailed', async () => {
    const link = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'Rotating',
      variables: { name: 'Dora', email: 'dora@example.com' },
    });
    expect(link.status).toBe(201);
    const old = tokenOf(link.body.url);
    expect((await h.app.inject({ method: 'GET', url: `/api/public/links/${old}` })).statusCode).toBe(200);

    const since = inbox.mails.length;
    const rotated = await h.withKey(tenant.key, 'POST', `/api/agents/checkin/public-links/${link.body.id}/rotate`, { send: { channels: [{ type: 'email' }] } });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body).toMatchObject({ id: link.body.id, token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
    expect(rotated.body.token).not.toBe(old);
    expect((await h.app.inject({ method: 'GET', url: `/api/public/links/${old}` })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/public/links/${rotated.body.token}` })).statusCode).toBe(200);
    const mail = await inbox.next('dora@example.com', since);
    expect(linkUrlsIn(mail)).toEqual([rotated.body.url]);
    expect(rotated.body.queued).toBe(1);
    expect(rotated.body.deliveries).toEqual([expect.objectContaining({ channel: 'email', to: 'dora@example.com', state: 'pending' })]);
  });

  it('records each bulk action in the audit log as one entry with its count', async () => {
    const made = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', { settings: { title: 'Audit me' }, count: 4 });
    const ids = made.body.links.map((l: { id: string }) => l.id);
    await h.withKey(tenant.key, 'POST', '/api/public-links/bulk-update', { ids, changes: { title: 'Audited' } });
    await h.withKey(tenant.key, 'POST', '/api/public-links/bulk-delete', { ids });
    let entries: Array<{ action: string; details: { count: number } }> = [];
    await waitFor(
      async () => {
        const audit = await h.withKey(tenant.key, 'GET', '/api/audit');
        entries = audit.body.entries.filter((e: { action: string; details: { count: number } }) => e.action.startsWith('link.bulk_') && e.details.count === 4);
        return entries.length >= 3;
      },
      { timeoutMs: 5_000 },
    );
    const counts = Object.fromEntries(entries.filter((e) => e.details.count === 4).map((e) => [e.action, e.details.count]));
    expect(counts).toEqual({ 'link.bulk_create': 4, 'link.bulk_update': 4, 'link.bulk_delete': 4 });
  });
});
