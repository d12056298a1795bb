import { type FakeSmsProvider, startFakeSmsProvider } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioSmsSender } from '../src/distribution/index.js';
import { LinkPrivacyService } from '../src/privacy/privacy.service.js';
import { type DistributionHarness, startDistributionHarness } from './distribution-harness.js';

/** A phone number's export, erasure and retention in the links service (docs/management-api.md "Privacy"), on real PostgreSQL. */
describe('privacy by phone number: the texts sent to it and the schedules that text it', () => {
  let h: DistributionHarness;
  let provider: FakeSmsProvider;
  let privacy: LinkPrivacyService;
  const texter = () =>
    twilioSmsSender({ providerUrl: provider.url, accountSid: provider.accountSid, authToken: provider.authToken, from: '+15005550006', allowPrivate: true });

  beforeAll(async () => {
    h = await startDistributionHarness('links-privacy-phones');
    provider = await startFakeSmsProvider();
    privacy = new LinkPrivacyService(h.ctx.db);
  });
  afterAll(async () => {
    await h?.stop();
    await provider?.close();
  });

  /** A schedule of the tenant sending by `channels`, with one run whose errors are `errors`, straight into its tables. */
  async function seedSchedule(tenantId: string, name: string, channels: unknown[], errors: unknown[]): Promise<string> {
    const id = `schd_${name.padEnd(16, '0').slice(0, 16)}`;
    await sql`
      INSERT INTO link_schedules (id, tenant_id, name, cron, timezone, action, agent, recipients, send, public_base_url, next_run_at)
      VALUES (${id}, ${tenantId}, ${name}, '0 9 * * *', 'UTC', 'create_and_send_temp_chat_link', 'support',
        ${JSON.stringify([{ email: 'ana@example.com' }])}::jsonb, ${JSON.stringify({ channels })}::jsonb, 'https://chat.example.com', now() + interval '1 day')`.execute(
      h.ctx.db,
    );
    await sql`
      INSERT INTO link_schedule_runs (schedule_id, slot_at, trigger, state, links, sent, errors, finished_at)
      VALUES (${id}, now() - interval '1 day', 'schedule', 'succeeded', 1, 0, ${JSON.stringify(errors)}::jsonb, now())`.execute(h.ctx.db);
    return id;
  }
  const scheduleRow = async (id: string) =>
    (
      await sql<{
        send: { channels: unknown[] };
        active: boolean;
        next_run_at: Date | null;
      }>`SELECT send, active, next_run_at FROM link_schedules WHERE id = ${id}`.execute(h.ctx.db)
    ).rows[0];
  const runErrors = async (id: string) =>
    (await sql<{ errors: unknown[] }>`SELECT errors FROM link_schedule_runs WHERE schedule_id = ${id}`.execute(h.ctx.db)).rows[0]?.errors;

  it('exports the texts to the number and the schedules naming it – not a longer number’s, not another tenant’s – and erases them', async () => {
    const tenant = await h.seedTenant();
    const other = await h.seedTenant();
    const phone = '+4915112345678';
    const longer = `${phone}9`;
    provider.refuse(phone, { status: 400, code: 21610, message: `Attempt to send to unsubscribed recipient ${phone}` });
    const [mine, theirs] = [await h.seedLinks(tenant, 2), await h.seedLinks(other, 1)];
    const distribution = h.start({}, null, texter());
    const toPhone = await h.enqueue(distribution, [mine[0]!], { channels: [{ type: 'sms', to: phone }] });
    const toLonger = await h.enqueue(distribution, [mine[1]!], { channels: [{ type: 'sms', to: longer }] });
    const otherTenant = await h.enqueue(distribution, theirs, { channels: [{ type: 'sms', to: phone }] });
    await distribution.deliverNow([...toPhone, ...toLonger, ...otherTenant]);
    provider.accept(phone);

    const texting = await seedSchedule(
      tenant.tenantId,
      'texting',
      [{ type: 'sms', to: phone }, { type: 'email' }],
      [
        { to: phone, channel: 'sms', error: `sms: the provider answered 400: 21610 Attempt to send to unsubscribed recipient ${phone}` },
        // A run recorded before `to` was kept apart: the number was in `email`.
        { email: phone, error: 'sms: the provider answered 500' },
        { email: 'ana@example.com', to: 'ana@example.com', channel: 'email', error: 'email: 550 mailbox full' },
      ],
    );
    const onlyPhone = await seedSchedule(tenant.tenantId, 'only-phone', [{ type: 'sms', to: phone }], []);
    const longerOnly = await seedSchedule(
      tenant.tenantId,
      'longer',
      [{ type: 'sms', to: longer }],
      [{ to: longer, channel: 'sms', error: `sms: the provider answered 400: 21211 The 'To' number ${longer} is not a valid phone number.` }],
    );
    const othersSchedule = await seedSchedule(other.tenantId, 'others', [{ type: 'sms', to: phone }], []);

    const exported = await privacy.phoneDeliveries(tenant.tenantId, phone, null, 100);
    expect(exported.deliveries).toEqual([
      expect.objectContaining({
        id: toPhone[0],
        link_id: mine[0]!.linkId,
        channel: 'sms',
        recipient: phone,
        state: 'failed',
        last_error: expect.stringContaining(phone),
      }),
    ]);
    const schedules = (await privacy.phoneSchedules(tenant.tenantId, phone)).schedules;
    expect(schedules.map((s) => s.id).sort()).toEqual([onlyPhone, texting].sort());
    expect(schedules.find((s) => s.id === texting)).toEqual({
      id: texting,
      name: 'texting',
      recipients: [],
      send_channels: [{ type: 'sms', to: phone }],
      run_errors: [
        expect.objectContaining({ email: null, to: phone, channel: 'sms', error: expect.stringContaining('21610') }),
        expect.objectContaining({ email: phone, to: null, channel: null, error: 'sms: the provider answered 500' }),
      ],
    });

    expect(await privacy.erasePhone(tenant.tenantId, phone)).toEqual({ erased: { link_deliveries: 1, schedules: 2 } });
    expect(await h.row(toPhone[0]!)).toMatchObject({ recipient: '[erased]', last_error: 'erased', state: 'failed', payload: null });
    // The longer number and the other tenant's texts are theirs.
    expect(await h.row(toLonger[0]!)).toMatchObject({ recipient: longer, state: 'sent' });
    expect(await h.row(otherTenant[0]!)).toMatchObject({ recipient: phone });
    // A schedule keeps its other channels; one left with none is paused.
    expect(await scheduleRow(texting)).toMatchObject({ send: { channels: [{ type: 'email' }] }, active: true });
    expect(await scheduleRow(onlyPhone)).toMatchObject({ send: { channels: [] }, active: false, next_run_at: null });
    expect(await runErrors(texting)).toEqual([
      { email: null, error: 'erased' },
      { email: null, error: 'erased' },
      { email: 'ana@example.com', to: 'ana@example.com', channel: 'email', error: 'email: 550 mailbox full' },
    ]);
    expect((await scheduleRow(longerOnly))?.send.channels).toEqual([{ type: 'sms', to: longer }]);
    expect(await runErrors(longerOnly)).toEqual([expect.objectContaining({ to: longer, error: expect.stringContaining(longer) })]);
    expect((await scheduleRow(othersSchedule))?.send.channels).toEqual([{ type: 'sms', to: phone }]);

    // Nothing of the number is left to export; erasing again changes nothing.
    expect((await privacy.phoneDeliveries(tenant.tenantId, phone, null, 100)).deliveries).toEqual([]);
    expect((await privacy.phoneSchedules(tenant.tenantId, phone)).schedules).toEqual([]);
    expect(await privacy.erasePhone(tenant.tenantId, phone)).toEqual({ erased: { link_deliveries: 0, schedules: 0 } });
    await distribution.stop();
  });

  it('retention: finished texts older than the days lose their number and an error quoting it; recent and pending ones keep it', async () => {
    const tenant = await h.seedTenant();
    const [old, recent, waiting] = await h.seedLinks(tenant, 3);
    const refused = '+14155550190';
    provider.refuse(refused, { status: 400, code: 21211, message: `The 'To' number ${refused} is not a valid phone number.` });
    const distribution = h.start({}, null, texter());
    const oldIds = await h.enqueue(distribution, [old!], { channels: [{ type: 'sms', to: refused }] });
    const recentIds = await h.enqueue(distribution, [recent!], { channels: [{ type: 'sms', to: '+14155550191' }] });
    await distribution.deliverNow([...oldIds, ...recentIds]);
    provider.accept(refused);
    // Recorded, never attempted (no worker takes it): pending.
    await distribution.stop();
    const waitingIds = await h.enqueue(distribution, [waiting!], { channels: [{ type: 'sms', to: '+14155550192' }] });
    await sql`UPDATE link_deliveries SET finished_at = now() - interval '91 days' WHERE id IN (${sql.join([...oldIds, ...waitingIds])})`.execute(h.ctx.db);
    await sql`UPDATE link_deliveries SET finished_at = now() - interval '89 days' WHERE id = ${recentIds[0]}`.execute(h.ctx.db);

    let purged = 0;
    for (let round = 0; round < 100; round++) {
      const { deliveries } = await privacy.purgeSmsNumbers(90, 1);
      purged += deliveries;
      if (deliveries === 0) break;
    }
    // Other tests' texts are recent: only this one was old enough.
    expect(purged).toBe(1);
    expect(await h.row(oldIds[0]!)).toMatchObject({ recipient: '[erased]', last_error: 'erased', state: 'failed', response_code: 400 });
    expect(await h.row(recentIds[0]!)).toMatchObject({ recipient: '+14155550191', state: 'sent' });
    expect(await h.row(waitingIds[0]!)).toMatchObject({ recipient: '+14155550192', state: 'pending' });
  });
});
