import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

/** Members: bad input is 400 with the field, a taken email 409, another tenant's member 404. */
describe('members: refusals', () => {
  let h: GatewayHarness;
  let owner: string;
  let other: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    ({ key: owner } = await h.seedTenant('members-errors'));
    ({ key: other } = await h.seedTenant('members-other'));
  });
  afterAll(async () => h?.stop());

  it('refuses bad bodies with the field named', async () => {
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', name: 'A', role: 'viewer' }, 'email'],
      [{ email: 'a@example.com', name: '   ', role: 'viewer' }, 'name'],
      [{ email: 'a@example.com', name: 'A', role: 'superuser' }, 'role'],
      [{ email: 'a@example.com', name: 'A' }, 'role'],
      [{ email: 'a@example.com', name: 'A', role: 'viewer', admin: true }, 'admin'],
      [{ email: `${'a'.repeat(320)}@example.com`, name: 'A', role: 'viewer' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const answer = await h.withKey(owner, 'POST', '/api/members', body);
      expectError(answer, 400, 'invalid');
      expect(JSON.stringify(answer.body.error.details), JSON.stringify(body)).toContain(field);
    }
    const made = await h.withKey(owner, 'POST', '/api/members', { email: 'b@example.com', name: 'B', role: 'viewer' });
    expectError(await h.withKey(owner, 'PUT', `/api/members/${made.body.member_id}`, { role: 'root' }), 400, 'invalid');
    expectError(await h.withKey(owner, 'PUT', `/api/members/${made.body.member_id}`, { email: 'c@example.com' }), 400, 'invalid');
    expectError(await h.withKey(owner, 'PUT', `/api/members/${'x'.repeat(101)}`, { name: 'X' }), 400, 'invalid');
  });

  it('refuses a second member with the same email, whatever its case, and accepts it in another tenant', async () => {
    expect((await h.withKey(owner, 'POST', '/api/members', { email: 'dup@example.com', name: 'One', role: 'viewer' })).status).toBe(201);
    expectError(await h.withKey(owner, 'POST', '/api/members', { email: ' DUP@Example.com', name: 'Two', role: 'editor' }), 409, 'conflict');
    expect((await h.withKey(other, 'POST', '/api/members', { email: 'dup@example.com', name: 'One', role: 'viewer' })).status).toBe(201);
  });

  it("answers another tenant's member as not found, and changes nothing of it", async () => {
    const theirs = await h.withKey(other, 'POST', '/api/members', { email: 'theirs@example.com', name: 'Theirs', role: 'editor' });
    const id = theirs.body.member_id as string;
    expectError(await h.withKey(owner, 'PUT', `/api/members/${id}`, { role: 'viewer' }), 404, 'not_found');
    expectError(await h.withKey(owner, 'DELETE', `/api/members/${id}`), 404, 'not_found');
    expect((await h.withKey(owner, 'GET', '/api/members')).body.members.map((m: { member_id: string }) => m.member_id)).not.toContain(id);
    const still = (await h.withKey(other, 'GET', '/api/members')).body.members.find((m: { member_id: string }) => m.member_id === id);
    expect(still).toMatchObject({ role: 'editor' });
    expectError(await h.withKey(owner, 'PUT', '/api/members/mem_nothing', { name: 'X' }), 404, 'not_found');
  });

  it('refuses every members route to a key below owner', async () => {
    const editor = (await h.withKey(owner, 'POST', '/api/keys', { name: 'Editor', role: 'editor' })).body.key as string;
    const answer = await h.withKey(editor, 'POST', '/api/members', { email: 'e@example.com', name: 'E', role: 'viewer' });
    expectError(answer, 403, 'forbidden');
    expect(answer.body.error.details.required_role).toBe('owner');
    expectError(await h.withKey(editor, 'GET', '/api/members'), 403, 'forbidden');
  });

  it('answers the SSO routes with 404 and a page saying so when no identity provider is configured', async () => {
    for (const url of ['/auth/oidc/login', '/auth/oidc/callback?code=x&state=y']) {
      const answer = await h.inject({ method: 'GET', url });
      expect(answer.status, url).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.text).toContain('no identity provider configured');
    }
  });
});
