import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe('managing public links refuses', () => {
  let h: GatewayHarness;
  let agent: { tenantId: string; name: string };

  beforeAll(async () => {
    // No mailer: this gateway cannot send verification codes.
    h = await startGatewayHarness();
    agent = await h.seedAgent();
  });
  afterAll(async () => h?.stop());

  it('email verification without mail configured, on create and when enabling it', async () => {
    const refused = await h.admin('POST', `/api/agents/${agent.name}/public-links`, { title: 'Verified', require_email_verification: true }, agent.tenantId);
    expectError(refused, 400, 'invalid', /mail is not configured/);
    expect(refused.body.error.details).toEqual([{ path: 'require_email_verification', message: 'mail is not configured' }]);
    expect((await h.admin('GET', `/api/agents/${agent.name}/public-links`, undefined, agent.tenantId)).body.links).toEqual([]);

    const created = await h.admin('POST', `/api/agents/${agent.name}/public-links`, { title: 'Plain' }, agent.tenantId);
    expect(created.status).toBe(201);
    const enabling = await h.admin('PUT', `/api/agents/${agent.name}/public-links/${created.body.id}`, { require_email_verification: true }, agent.tenantId);
    expectError(enabling, 400, 'invalid', /mail is not configured/);
    // Turning it off stays possible.
    const off = await h.admin('PUT', `/api/agents/${agent.name}/public-links/${created.body.id}`, { require_email_verification: false }, agent.tenantId);
    expect(off.status).toBe(200);
  });

  it('bad settings, naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'title'],
      [{ title: 'x', max_sessions: 0 }, 'max_sessions'],
      [{ title: 'x', rate_limit_per_link_per_minute: 0 }, 'rate_limit_per_link_per_minute'],
      [{ title: 'x', rate_limit_per_link_per_minute: 100_001 }, 'rate_limit_per_link_per_minute'],
      [{ title: 'x', rate_limit_per_link_per_minute: 2.5 }, 'rate_limit_per_link_per_minute'],
      [{ title: 'x', rate_limit_per_link_per_minute: 'adaptive' }, 'rate_limit_per_link_per_minute'],
      [{ title: 'x', allowed_origins: ['https://a.example.com/path'] }, 'body.allowed_origins.0'],
      [{ title: 'x', ip_deny: ['300.1.1.1'] }, 'body.ip_deny.0'],
      [{ title: 'x', expires_in_hours: 1, expires_at: '2030-01-01T00:00:00Z' }, 'expires_at'],
      [{ title: 'x', token: 'mine' }, ''],
    ];
    for (const [body, path] of cases) {
      const refused = await h.admin('POST', `/api/agents/${agent.name}/public-links`, body, agent.tenantId);
      expectError(refused, 400, 'invalid');
      if (path) expect(JSON.stringify(refused.body.error.details), JSON.stringify(body)).toContain(path);
    }
  });

  it('a passcode shorter than 6 characters, on create and on update, naming the field', async () => {
    for (const passcode of ['1234', 'abcde']) {
      const refused = await h.admin('POST', `/api/agents/${agent.name}/public-links`, { title: 'Short', passcode }, agent.tenantId);
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details)).toContain('passcode');
    }
    const created = await h.admin('POST', `/api/agents/${agent.name}/public-links`, { title: 'Six', passcode: 'abc123' }, agent.tenantId);
    expect(created.status, created.text).toBe(201);
    const shortened = await h.admin('PUT', `/api/agents/${agent.name}/public-links/${created.body.id}`, { passcode: 'abcde' }, agent.tenantId);
    expectError(shortened, 400, 'invalid');
    expect(JSON.stringify(shortened.body.error.details)).toContain('passcode');
  });

  it('unknown agents and links', async () => {
    expectError(await h.admin('GET', '/api/agents/nobody/public-links', undefined, agent.tenantId), 404, 'not_found');
    expectError(await h.admin('POST', '/api/agents/nobody/public-links', { title: 'x' }, agent.tenantId), 404, 'not_found');
    for (const id of ['lnk_AAAAAAAAAAAAAAAA', 'not-a-link-id']) {
      expectError(await h.admin('PUT', `/api/agents/${agent.name}/public-links/${id}`, { active: false }, agent.tenantId), 404, 'not_found');
      expectError(await h.admin('DELETE', `/api/agents/${agent.name}/public-links/${id}`, undefined, agent.tenantId), 404, 'not_found');
    }
  });
});
