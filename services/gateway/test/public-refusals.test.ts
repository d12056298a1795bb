import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

/** Refusals decided behind the gateway are recorded on their way out, with their link. */
describe('security events of quota refusals', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('records a message past the session’s quota (429 from the sessions service) as quota_exceeded', async () => {
    const link = await createLink(h, { max_messages_per_session: 1 });
    const first = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello' }));
    expect(first.status, first.text).toBe(200);
    const second = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'again', session: first.body.session }));
    expectError(second, 429, 'quota_exceeded');
    const rows = await waitFor(async () => {
      const found = await h.ctx.db.selectFrom('security_events').selectAll().where('link_id', '=', link.id).execute();
      return found.length > 0 ? found : false;
    });
    expect(rows.map((row) => ({ kind: row.kind, tenant: row.tenant_id }))).toEqual([{ kind: 'quota_exceeded', tenant: link.tenantId }]);
  });
});
