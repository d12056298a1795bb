import { smtpLinkMailer } from '@parley/links';
import { createLogger } from '@parley/logger';
import { waitFor } from '@parley/testing';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { greetingAgent, linkUrlsIn, readableMail, tokenOf } from './link-distribution.test-kit.js';

const RECIPIENTS = 1_000;

describe('1,000 personalised links mailed in one call', () => {
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };
  const mails = new Map<string, { raw: string; subject: string; to: string[] }>();
  /** The server refuses this recipient twice (a full mailbox), then takes the mail. */
  let flakyRefusals = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === 'flaky@example.com' && flakyRefusals < 2) {
        flakyRefusals++;
        const refusal = Object.assign(new Error('mailbox full'), { responseCode: 452 });
        return callback(refusal);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        for (const address of to) mails.set(address, { raw, to, subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '' });
        callback();
      });
    },
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    h = await startGatewayHarness(
      {},
      {
        distribution: {
          mailer: smtpLinkMailer({
            smtpUrl: `smtp://127.0.0.1:${port}`,
            from: 'Parley <links@parley.test>',
            logger: createLogger({ service: 'links-test', level: 'warn' }),
          }),
          distribution: { retryDelaysSeconds: [1, 1, 1], pollIntervalMs: 100 },
        },
      },
    );
    tenant = await h.seedTenant('Big company');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('makes 1,000 links, each recipient mailed their own working URL and greeting; a refused mail is reported and retried', async () => {
    const recipients = Array.from({ length: RECIPIENTS - 1 }, (_, i) => ({ email: `person${i}@example.com`, name: `Person ${i}` }));
    recipients.splice(500, 0, { email: 'flaky@example.com', name: 'Flaky' });
    const started = performance.now();
    const created = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      template: 'daily_checkin',
      recipients,
      send: { channels: [{ type: 'email' }], subject: 'Check-in for {{name}}' },
    });
    const tookMs = performance.now() - started;
    console.log(`bulk: ${RECIPIENTS} links made and mailed in ${(tookMs / 1000).toFixed(2)} s`);
    expect(created.status, created.text).toBe(201);
    expect(created.body.links).toHaveLength(RECIPIENTS);
    expect(new Set(created.body.links.map((l: { token: string }) => l.token)).size).toBe(RECIPIENTS);
    // Every delivery is accounted for: sent, queued (the answer does not wait for them), or
    // failed – and only the refused recipient can have failed.
    expect(created.body.sent + created.body.pending + created.body.failed.length).toBe(RECIPIENTS);
    for (const failure of created.body.failed) {
      expect(failure).toEqual({ email: 'flaky@example.com', to: 'flaky@example.com', channel: 'email', error: expect.stringMatching(/mailbox full|452/) });
    }

    await waitFor(() => mails.size === RECIPIENTS, { timeoutMs: 60_000 });
    for (const link of created.body.links) {
      const mail = mails.get(link.recipient.email);
      expect(mail, link.recipient.email).toBeDefined();
      expect(linkUrlsIn(mail as never)).toEqual([link.url]);
      expect(readableMail(mail as never)).toContain(`Hello ${link.recipient.name}`);
    }
    // The flaky recipient's delivery shows its attempts: two refused, the third delivered.
    const flaky = created.body.links.find((l: { recipient: { email: string } }) => l.recipient.email === 'flaky@example.com');
    await waitFor(async () => (await h.withKey(tenant.key, 'GET', `/api/public-links/${flaky.id}/deliveries`)).body.deliveries[0]?.state === 'sent', {
      timeoutMs: 30_000,
    });
    const deliveries = (await h.withKey(tenant.key, 'GET', `/api/public-links/${flaky.id}/deliveries`)).body.deliveries;
    expect(deliveries).toEqual([expect.objectContaining({ state: 'sent', attempts: 3 })]);

    // Any of the links works and greets its own recipient.
    const someone = created.body.links[737];
    const session = await h.app.inject(visitorPost(`/api/public/sessions/${tokenOf(someone.url)}`, {}));
    expect(session.statusCode).toBe(201);
    const history = await h.app.inject({ method: 'GET', url: `/api/public/history/${tokenOf(someone.url)}?session=${session.json().session}` });
    expect(history.json().messages[0].content).toBe(`Good morning, ${someone.recipient.name}! How are you today?`);
  }, 120_000);
});
