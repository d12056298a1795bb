import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { AppError, MAX_TENANT_SECRETS } from '@parley/contracts';
import { createLogger } from '@parley/logger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinksHarness, startLinksHarness } from './links-harness.js';

/** Every line the service and both bus connections write, at the most verbose level there is. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service: 'links', level: 'trace', destination }), lines };
}

/** The failure a request ended with, as the caller sees it. */
async function refusal(request: Promise<unknown>): Promise<AppError> {
  const error = await request.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/**
 * A tenant's secrets for its agents' tools, over the real NATS and PostgreSQL: what the agent-runner
 * is answered when it calls a tool (`reveal`) and what an agent config may name (`names`).
 */
describe('tenant secrets in the links service', () => {
  let h: LinksHarness;
  const log = capturedLogger();
  let tenants = 0;
  /** Every value this file sets, to look for in what was logged. */
  const values: string[] = [];

  beforeAll(async () => {
    h = await startLinksHarness({ logger: log.logger });
  });
  afterAll(async () => h?.stop());

  const newTenant = async () => (await h.client.request('links.tenants.create', { name: `Secrets ${++tenants}` })).id;
  const create = (tenantId: string, name: string, value: string) => {
    values.push(value);
    return h.client.request('links.tenant-secrets.create', { tenantId, name, value });
  };
  const reveal = (tenantId: string, names: string[]) => h.client.request('links.tenant-secrets.reveal', { tenantId, names });
  /** Every column of the tenant's rows as text: what a copy of the database would hold. */
  const rowsText = async (tenantId: string) =>
    (await sql<{ row: string }>`SELECT t::text AS row FROM tenant_secrets t WHERE tenant_id = ${tenantId}`.execute(h.ctx.db)).rows.map((r) => r.row).join('\n');

  it('reveals the values of the names asked that exist, reads them again at every call, and names what a config may refer to', async () => {
    const tenantId = await newTenant();
    const shopKey = `shop-${randomUUID()}`;
    const crmToken = `crm-${randomUUID()}`;
    expect(await create(tenantId, 'SHOP_KEY', shopKey)).toEqual({ name: 'SHOP_KEY', created_at: expect.any(String) });
    await create(tenantId, 'CRM', crmToken);

    expect(await h.client.request('links.tenant-secrets.names', { tenantId })).toEqual({ names: ['CRM', 'SHOP_KEY'] });
    expect(await reveal(tenantId, ['SHOP_KEY', 'CRM', 'NOT_SET'])).toEqual({ values: { SHOP_KEY: shopKey, CRM: crmToken } });
    expect(await reveal(tenantId, [])).toEqual({ values: {} });

    // A changed value is what the very next call gets: nothing kept the old one.
    const rotated = `shop-${randomUUID()}`;
    values.push(rotated);
    const updated = await h.client.request('links.tenant-secrets.update', { tenantId, name: 'SHOP_KEY', value: rotated });
    expect(updated).toMatchObject({ name: 'SHOP_KEY' });
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(updated.created_at));
    expect(await reveal(tenantId, ['SHOP_KEY'])).toEqual({ values: { SHOP_KEY: rotated } });

    // A deleted one is gone at the next call, and from the names.
    expect(await h.client.request('links.tenant-secrets.delete', { tenantId, name: 'CRM' })).toEqual({ name: 'CRM' });
    expect(await reveal(tenantId, ['SHOP_KEY', 'CRM'])).toEqual({ values: { SHOP_KEY: rotated } });
    expect(await h.client.request('links.tenant-secrets.names', { tenantId })).toEqual({ names: ['SHOP_KEY'] });

    // Another tenant's names reveal nothing of this one.
    const other = await newTenant();
    expect(await reveal(other, ['SHOP_KEY'])).toEqual({ values: {} });
    expect(await h.client.request('links.tenant-secrets.names', { tenantId: other })).toEqual({ names: [] });

    // Kept sealed: no value in clear in any column.
    const stored = await rowsText(tenantId);
    for (const value of [shopKey, crmToken, rotated]) expect(stored).not.toContain(value);
  });

  it('refuses a taken name, a change or deletion of a secret that does not exist, and bad names and values', async () => {
    const tenantId = await newTenant();
    await create(tenantId, 'API_TOKEN', 'first');
    const taken = await refusal(create(tenantId, 'API_TOKEN', 'second'));
    expect(taken).toMatchObject({ code: 'conflict', details: { reason: 'secret_exists', name: 'API_TOKEN' } });
    expect(await reveal(tenantId, ['API_TOKEN'])).toEqual({ values: { API_TOKEN: 'first' } });

    expect(await refusal(h.client.request('links.tenant-secrets.update', { tenantId, name: 'NOPE', value: 'x' }))).toMatchObject({ code: 'not_found' });
    expect(await refusal(h.client.request('links.tenant-secrets.delete', { tenantId, name: 'NOPE' }))).toMatchObject({ code: 'not_found' });
    expect(await refusal(create('00000000-0000-4000-8000-000000000000', 'API_TOKEN', 'x'))).toMatchObject({ code: 'not_found' });
    for (const name of ['lower', '_LEADING', '1DIGIT', 'WITH-DASH', `A${'B'.repeat(64)}`, '']) {
      expect(await refusal(create(tenantId, name, 'x')), name).toMatchObject({ code: 'invalid' });
    }
    for (const value of ['', 'x'.repeat(8_193)]) expect(await refusal(create(tenantId, 'OK', value))).toMatchObject({ code: 'invalid' });
    expect((await create(tenantId, `A${'B'.repeat(63)}`, 'x'.repeat(8_192))).name).toHaveLength(64);
  });

  it(`keeps at most ${MAX_TENANT_SECRETS} a tenant, even when made at once`, async () => {
    const tenantId = await newTenant();
    for (let i = 0; i < MAX_TENANT_SECRETS - 1; i++) await create(tenantId, `S${i}`, `value ${i}`);
    const burst = await Promise.allSettled(['X1', 'X2', 'X3'].map((name) => create(tenantId, name, 'last')));
    expect(burst.filter((one) => one.status === 'fulfilled')).toHaveLength(1);
    for (const one of burst.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(one.reason).toMatchObject({ code: 'conflict', details: { reason: 'too_many_secrets', max: MAX_TENANT_SECRETS } });
      expect((one.reason as Error).message).toMatch(/at most 100 secrets.*delete one/);
    }
    expect((await h.client.request('links.tenant-secrets.names', { tenantId })).names).toHaveLength(MAX_TENANT_SECRETS);
  });

  it('leaves out a value that does not open where it is (moved to another name), naming it in the log, and answers the others', async () => {
    const tenantId = await newTenant();
    await create(tenantId, 'GOOD', 'good value');
    await create(tenantId, 'MOVED', 'moved value');
    await sql`UPDATE tenant_secrets SET sealed = (SELECT sealed FROM tenant_secrets WHERE tenant_id = ${tenantId} AND name = 'GOOD')
              WHERE tenant_id = ${tenantId} AND name = 'MOVED'`.execute(h.ctx.db);
    expect(await reveal(tenantId, ['GOOD', 'MOVED'])).toEqual({ values: { GOOD: 'good value' } });
    const complaint = log.lines.find((line) => line.includes('a tenant secret does not open with SECRETS_KEY'));
    expect(JSON.parse(complaint ?? '{}')).toMatchObject({ level: 'error', tenantId, secretName: 'MOVED' });
    expect(complaint).not.toContain('good value');
  });

  it('goes with its tenant: deleting a tenant deletes its secrets', async () => {
    const tenantId = await newTenant();
    await create(tenantId, 'GONE_WITH_IT', 'x');
    await h.ctx.db.deleteFrom('tenants').where('id', '=', tenantId).execute();
    expect(await h.ctx.db.selectFrom('tenant_secrets').select('name').where('tenant_id', '=', tenantId).execute()).toEqual([]);
  });

  // Last: by now the service has logged (the secret that did not open), at the most verbose level there is.
  it('logged no value, of any secret set, revealed or refused here, in any line of the service or either bus connection', () => {
    expect(log.lines.length).toBeGreaterThan(0);
    const long = values.filter((value) => value.length >= 8);
    expect(long.length).toBeGreaterThan(5);
    for (const value of long)
      expect(
        log.lines.filter((line) => line.includes(value)),
        value.slice(0, 40),
      ).toEqual([]);
  });
});
