import http from 'node:http';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen } from '../../public/live/public-events.test-kit.js';
import { sessionFor } from '../members/members.test-kit.js';
import { operatorKey } from './escalation.test-kit.js';

interface Opened {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  close(): void;
}

/** `GET /api/inbox/events` with these headers: open (200, kept until `close`), or refused with its answer. */
function openInbox(baseUrl: string, headers: Record<string, string>, method = 'GET'): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}/api/inbox/events`, { method, headers, agent: false }, (response) => {
      const close = () => request.destroy();
      if (response.statusCode === 200) return resolve({ status: 200, headers: response.headers, body: undefined, close });
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text), close }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('inbox streams are capped per management credential, across gateways', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  let otherGatewayUrl: string;
  const streams: Opened[] = [];

  beforeAll(async () => {
    h = await startGatewayHarness({ inboxStreamsPerCredential: 3 }, { live: {} });
    baseUrl = await listen(h.app);
    otherGatewayUrl = await listen(await h.startGateway());
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await h?.stop();
  });

  const open = async (url: string, headers: Record<string, string>, method = 'GET') => {
    const opened = await openInbox(url, headers, method);
    streams.push(opened);
    return opened;
  };
  function expectRefused(answer: Opened): void {
    expect(answer.status).toBe(429);
    expect(answer.body).toMatchObject({ error: { code: 'rate_limited', details: { limit: 'streams_per_credential', max: 3 } } });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }

  it('the 4th stream of a key is refused (429) on either gateway while 3 are open; another key is not held back; one closing frees its slot at once', async () => {
    const { tenantId } = await h.seedTenant('Streams');
    const carol = { authorization: `Bearer ${await operatorKey(h, tenantId, 'Carol')}` };
    const first = await open(baseUrl, carol);
    expect(first.status).toBe(200);
    expect((await open(otherGatewayUrl, carol)).status).toBe(200);
    expect((await open(baseUrl, carol)).status).toBe(200);
    expectRefused(await open(baseUrl, carol));
    expectRefused(await open(otherGatewayUrl, carol));
    // HEAD opens no stream: it is answered as ever.
    expect((await open(baseUrl, carol, 'HEAD')).status).toBe(200);

    const dave = { authorization: `Bearer ${await operatorKey(h, tenantId, 'Dave')}` };
    expect((await open(baseUrl, dave)).status).toBe(200);

    first.close();
    const closedAt = Date.now();
    let again: Opened | undefined;
    await waitFor(async () => {
      again = await open(otherGatewayUrl, carol);
      return again.status === 200;
    });
    expect(Date.now() - closedAt).toBeLessThan(2_000);
    expectRefused(await open(baseUrl, carol));
  });

  it('a member counts by console session, and the admin key by the tenant it acts for', async () => {
    const { tenantId, key } = await h.seedTenant('Members');
    const email = 'olga@example.com';
    const member = await h.withKey(key, 'POST', '/api/members', { email, name: 'Olga', role: 'operator' });
    expect(member.status, member.text).toBe(201);
    const browser = { cookie: `parley_session=${await sessionFor(h, { tenantId, memberId: member.body.member_id, email })}` };
    for (let n = 0; n < 3; n += 1) expect((await open(n % 2 === 0 ? baseUrl : otherGatewayUrl, browser)).status).toBe(200);
    expectRefused(await open(baseUrl, browser));
    // The same member signed in on another browser: a session of its own.
    const laptop = { cookie: `parley_session=${await sessionFor(h, { tenantId, memberId: member.body.member_id, email })}` };
    expect((await open(baseUrl, laptop)).status).toBe(200);

    const admin = (tenant: string) => ({ authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': tenant });
    for (let n = 0; n < 3; n += 1) expect((await open(baseUrl, admin(tenantId))).status).toBe(200);
    expectRefused(await open(otherGatewayUrl, admin(tenantId)));
    const other = await h.seedTenant('Elsewhere');
    expect((await open(baseUrl, admin(other.tenantId))).status).toBe(200);
  });
});
