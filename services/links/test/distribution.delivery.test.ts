import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributionHarness, type Seeded, startDistributionHarness } from './distribution-harness.js';

/** Personalised links mailed in bulk through a real SMTP server on loopback. */
describe('link distribution by email', () => {
  let h: DistributionHarness;
  let tenant: Seeded;

  beforeAll(async () => {
    h = await startDistributionHarness('links-distribution-delivery');
    tenant = await h.seedTenant();
  });
  afterAll(async () => h?.stop());

  it('1,000 links: 1,000 mails, each to its own recipient with its own URL and greeting, as HTML and text', async () => {
    const items = await h.seedLinks(tenant, 1_000);
    // The production attempt time (a mail waiting for one of the pool's connections counts against
    // it), and a wait long enough for all 1,000 on a loaded machine: what is measured is the sending.
    const distribution = h.start({ attemptTimeoutMs: 10_000, firstAttemptWaitMs: 30_000 });

    const started = performance.now();
    const ids = await h.enqueue(distribution, items, {
      channels: [{ type: 'email' }],
      subject: 'Your check-in, {{name}}',
      message: 'How is your week going, {{name}}? <3',
    });
    const result = await distribution.deliverNow(ids);
    const seconds = (performance.now() - started) / 1000;
    console.log(`1,000 link mails recorded and sent through SMTP in ${seconds.toFixed(2)} s`);

    expect(result).toMatchObject({ sent: 1_000, pending: 0, failed: [] });
    expect(result.deliveries).toHaveLength(1_000);
    expect(h.smtp.received).toHaveLength(1_000);
    const byRecipient = new Map(h.smtp.received.map((mail) => [mail.to.join(','), mail]));
    for (const [index, item] of items.entries()) {
      const mail = byRecipient.get(`person${index}@example.com`);
      expect(mail, item.recipient?.email).toBeDefined();
      expect(mail?.from).toBe('links@example.com');
      expect(mail?.subject).toBe(`Your check-in, Person ${index}`);
      expect(mail?.text).toContain(`Hello Person ${index},`);
      expect(mail?.text).toContain(`How is your week going, Person ${index}? <3`);
      expect(mail?.text).toContain(item.url);
      expect(mail?.html).toContain(`Hello Person ${index},`);
      // The sender's note is escaped in HTML; the URL is the button's and shown as text.
      expect(mail?.html).toContain(`How is your week going, Person ${index}? &lt;3`);
      expect(mail?.html).toContain(`href="${item.url}"`);
      expect(mail?.html).toContain(`>${item.url}</a>`);
    }

    // Sent, and the only copy of each token gone from the database.
    const rows = await h.ctx.db.selectFrom('link_deliveries').select(['state', 'attempts', 'payload', 'recipient']).where('id', 'in', ids).execute();
    expect(rows.every((row) => row.state === 'sent' && row.attempts === 1 && row.payload === null)).toBe(true);
    expect(new Set(rows.map((row) => row.recipient)).size).toBe(1_000);
    // The target is 10 s; the bound leaves room for a machine busy with other work.
    expect(seconds).toBeLessThan(30);
    await distribution.stop();
  });

  it('a link without a name is greeted plainly; the subject defaults to its title', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    const distribution = h.start();
    const ids = await h.enqueue(distribution, [{ ...item, variables: {}, recipient: null }], { channels: [{ type: 'email', to: 'someone@example.com' }] });
    expect(await distribution.deliverNow(ids)).toMatchObject({ sent: 1, failed: [] });
    const mail = h.smtp.received.find((received) => received.to.includes('someone@example.com'));
    expect(mail?.subject).toBe('Daily check-in');
    expect(mail?.text.startsWith('Hello,\n')).toBe(true);
    expect(mail?.text).toContain(item.url);
    await distribution.stop();
  });
});
