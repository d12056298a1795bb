import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { seedLink, startSession } from './public-events.test-kit.js';

describe('GET /api/public/events/{token} refusals', () => {
  let h: GatewayHarness;
  let withoutLive: GatewayHarness;

  beforeAll(async () => {
    [h, withoutLive] = await Promise.all([startGatewayHarness({}, { live: {} }), startGatewayHarness()]);
  });
  afterAll(async () => {
    await Promise.all([h?.stop(), withoutLive?.stop()]);
  });

  const events = (harness: GatewayHarness, token: string, session?: string) =>
    harness.inject({ method: 'GET', url: `/api/public/events/${token}${session ? `?session=${session}` : ''}` });

  it('a token of another shape, or one no link has: 404', async () => {
    expectError(await events(h, 'short'), 404, 'not_found');
    expectError(await events(h, 'A'.repeat(32), `pcs_${'a'.repeat(32)}`), 404, 'not_found');
  });

  it('no session, a malformed one, or one of another link: 401 unknown_session', async () => {
    const { token, link } = await seedLink(h);
    const other = await seedLink(h);
    const othersSession = await startSession(h, other.link);
    await startSession(h, link);
    for (const session of [undefined, 'pcs_short', othersSession.session]) {
      const response = await events(h, token, session);
      expectError(response, 401, 'unauthorized');
      expect(response.body.error.details).toEqual({ reason: 'unknown_session' });
    }
  });

  it('a deactivated link: 410, also for its sessions', async () => {
    const { agent, token, link, linkId } = await seedLink(h);
    const started = await startSession(h, link);
    await h.bus.request('links.links.update', { tenantId: agent.tenantId, agentName: agent.name, linkId, changes: { active: false } });
    expectError(await events(h, token, started.session), 410, 'gone');
  });

  it('without a live event log: 503 unavailable, after the token check', async () => {
    expectError(await events(withoutLive, 'short'), 404, 'not_found');
    const { token, link } = await seedLink(withoutLive);
    const started = await startSession(withoutLive, link);
    expectError(await events(withoutLive, token, started.session), 503, 'unavailable');
  });

  it('is in the OpenAPI document as an event stream with its error statuses', async () => {
    const document = (await h.inject({ method: 'GET', url: '/openapi.json' })).body;
    const operation = document.paths['/api/public/events/{token}'].get;
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '404', '410', '429', '503']);
    expect(JSON.stringify(operation.responses['200'])).toContain('text/event-stream');
  });
});
