import { AppError } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributionHarness, type Seeded, startDistributionHarness } from './distribution-harness.js';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** Links sent to Slack and Teams incoming webhooks (a receiver on loopback stands in for both), and sends refused up front. */
describe('link distribution to Slack and Teams', () => {
  let h: DistributionHarness;
  let tenant: Seeded;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    h = await startDistributionHarness('links-distribution-chat');
    tenant = await h.seedTenant();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.stop();
  });

  const bodiesOn = (path: string) => receiver.received.filter((request) => request.path === path).map((request) => JSON.parse(request.body));

  it('Slack gets `text`, a header and a plain-text section with a button, Teams a message with an Adaptive Card; both carry the URL', async () => {
    const items = await h.seedLinks(tenant, 2);
    const distribution = h.start();
    const ids = await h.enqueue(distribution, items, {
      channels: [
        { type: 'slack', webhook_url: `${receiver.origin}/slack/T000/B000/secretpart` },
        { type: 'teams', webhook_url: `${receiver.origin}/teams/workflows/abc` },
      ],
      message: 'Your weekly check-in, {{name}} <3',
    });
    const result = await distribution.deliverNow(ids);
    expect(result).toMatchObject({ sent: 4, pending: 0, failed: [] });

    const slack = bodiesOn('/slack/T000/B000/secretpart');
    const teams = bodiesOn('/teams/workflows/abc');
    expect(slack).toHaveLength(2);
    expect(teams).toHaveLength(2);
    for (const [index, item] of items.entries()) {
      const message = slack.find((body) => body.text.includes(item.url));
      expect(message).toEqual({
        // Slack reads <, > and & as markup: the note's are escaped.
        text: `Your weekly check-in, Person ${index} &lt;3\n${item.url}`,
        mrkdwn: false,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Daily check-in' } },
          {
            type: 'section',
            text: { type: 'plain_text', text: `Your weekly check-in, Person ${index} &lt;3\n${item.url}` },
            accessory: { type: 'button', text: { type: 'plain_text', text: 'Open the chat' }, url: item.url },
          },
        ],
      });
      const card = teams.find((body) => JSON.stringify(body).includes(item.url));
      expect(card).toEqual({
        type: 'message',
        summary: 'Daily check-in',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Daily check-in', weight: 'Bolder', size: 'Medium' }] },
                { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: `Your weekly check-in, Person ${index} <3\n${item.url}` }] },
              ],
              actions: [{ type: 'Action.OpenUrl', title: 'Open the chat', url: item.url }],
            },
          },
        ],
      });
    }
    expect(receiver.received.every((request) => request.headers['content-type'] === 'application/json')).toBe(true);

    // Shown by the webhook's host only: its URL is a credential. Sent, so the payload is gone.
    const [first] = items;
    const listed = await distribution.list(tenant.tenantId, first?.linkId ?? '');
    expect(listed.map((delivery) => [delivery.channel, delivery.to, delivery.state]).sort()).toEqual([
      ['slack', new URL(receiver.origin).host, 'sent'],
      ['teams', new URL(receiver.origin).host, 'sent'],
    ]);
    expect(JSON.stringify(listed)).not.toContain('/slack/');
    for (const id of ids) expect((await h.row(id)).payload).toBeNull();
    await distribution.stop();
  });

  it('check() names every channel that cannot work here, each at its path', async () => {
    const strict = h.start({ allowPrivate: false }, null);
    let caught: unknown;
    try {
      await strict.check(
        {
          channels: [
            { type: 'email' },
            { type: 'slack', webhook_url: `${receiver.origin}/slack` },
            { type: 'teams', webhook_url: 'http://[::1]:9/teams' },
            { type: 'slack', webhook_url: 'ftp://hooks.example.com/x' },
          ],
        },
        { hasRecipients: false },
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('invalid');
    expect((caught as AppError).details).toEqual([
      { path: 'send.channels[0]', message: 'mail is not configured (SMTP_URL)' },
      { path: 'send.channels[0].to', message: 'give an address: there are no recipients to send to' },
      { path: 'send.channels[1].webhook_url', message: expect.stringContaining('127.0.0.1 is a loopback address') },
      { path: 'send.channels[2].webhook_url', message: expect.stringContaining('loopback') },
      { path: 'send.channels[3].webhook_url', message: 'only http and https URLs are allowed' },
    ]);

    // With a mailer and recipients, or with private addresses allowed, the same channels pass.
    const allowing = h.start({ allowPrivate: true });
    await expect(
      allowing.check({ channels: [{ type: 'email' }, { type: 'slack', webhook_url: `${receiver.origin}/slack` }] }, { hasRecipients: true }),
    ).resolves.toBeUndefined();
    await strict.stop();
    await allowing.stop();
  });

  it('a loopback webhook recorded anyway is refused at delivery when private addresses are not allowed', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    const strict = h.start({ allowPrivate: false, retryDelaysSeconds: [] });
    const ids = await h.enqueue(strict, [item], { channels: [{ type: 'teams', webhook_url: `${receiver.origin}/private` }] });
    const result = await strict.deliverNow(ids);
    expect(result.failed).toEqual([
      { to: new URL(receiver.origin).host, channel: 'teams', error: expect.stringContaining('refused: 127.0.0.1 is a loopback address') },
    ]);
    expect(bodiesOn('/private')).toEqual([]);
    expect(await h.row(ids[0] ?? '')).toMatchObject({ state: 'failed', payload: null });
    await strict.stop();
  });
});
