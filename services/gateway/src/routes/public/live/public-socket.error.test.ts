import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink, startSession } from './public-events.test-kit.js';
import { socketOpener } from './public-socket.test-kit.js';

describe('GET /api/public/ws/{token} refusals and bad frames', () => {
  let h: GatewayHarness;
  let withoutLive: GatewayHarness;
  let baseUrl: string;
  const sockets = socketOpener();

  beforeAll(async () => {
    // Links reused for 50 ms rather than LINK_CACHE_MS's second: a change reaches the gateway without waiting the second out.
    [h, withoutLive] = await Promise.all([startGatewayHarness({}, { live: {}, linkCacheMs: 50 }), startGatewayHarness()]);
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    await Promise.all([h?.stop(), withoutLive?.stop()]);
  });

  /** The refusal of an upgrade, in the error shape. */
  const refusal = async (token: string, session?: string) => {
    const outcome = await sockets.open(baseUrl, token, session).ended;
    if (outcome.kind !== 'refused') throw new Error(`upgraded: ${JSON.stringify(outcome)}`);
    return outcome;
  };

  it('refuses before the upgrade, as HTTP errors: unknown token 404, no or another link’s session 401, ended link 410', async () => {
    const { agent, token, link, linkId } = await seedLink(h);
    const other = await seedLink(h);
    const othersSession = await startSession(h, other.link);
    const started = await startSession(h, link);
    for (const [bad, session, status, code] of [
      ['short', started.session, 404, 'not_found'],
      ['A'.repeat(32), started.session, 404, 'not_found'],
      [token, undefined, 401, 'unauthorized'],
      [token, 'pcs_short', 401, 'unauthorized'],
      [token, othersSession.session, 401, 'unauthorized'],
    ] as const) {
      const refused = await refusal(bad, session);
      expect(refused.status, `${bad} ${session}`).toBe(status);
      expect((refused.body as { error: { code: string; request_id: string } }).error).toMatchObject({ code, request_id: refused.headers['x-request-id'] });
    }
    await h.bus.request('links.links.update', { tenantId: agent.tenantId, agentName: agent.name, linkId, changes: { active: false } });
    // Changed elsewhere (not through this gateway): refused as such once the resolved link it keeps
    // runs out (meanwhile the link's sessions end too, which is refused with another reason).
    const gone = await waitFor(async () => {
      const refused = await refusal(token, started.session);
      return (refused.body as { error?: { details?: { reason?: string } } }).error?.details?.reason === 'inactive' ? refused : false;
    });
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ error: { code: 'gone', details: { reason: 'inactive' } } });
  });

  it('an expired link: 410 expired', async () => {
    const { token, link, linkId } = await seedLink(h, undefined, { expires_in_hours: 1 });
    const started = await startSession(h, link);
    // Its hour is up: the expiry moved to the past rather than waited for.
    await sql`UPDATE public_links SET expires_at = now() - interval '1 second' WHERE id = ${linkId}`.execute(h.db);
    const refused = await refusal(token, started.session);
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ error: { code: 'gone', details: { reason: 'expired' } } });
  });

  it('a plain GET (no upgrade) is 400 upgrade_required once link and session pass; without live events 503', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const plain = await h.inject({ method: 'GET', url: `/api/public/ws/${token}?session=${started.session}` });
    expectError(plain, 400, 'invalid', /WebSocket/);
    expect(plain.body.error.details).toEqual({ reason: 'upgrade_required' });
    expectError(await h.inject({ method: 'GET', url: `/api/public/ws/${token}` }), 401, 'unauthorized');
    // HEAD cannot upgrade: it answers as the GET without Upgrade does, with no body.
    expect((await h.inject({ method: 'HEAD', url: `/api/public/ws/${token}` })).status).toBe(401);
    expect((await h.inject({ method: 'HEAD', url: `/api/public/ws/${token}?session=${started.session}` })).status).toBe(400);

    const bare = await seedLink(withoutLive);
    const bareSession = await startSession(withoutLive, bare.link);
    expectError(await withoutLive.inject({ method: 'GET', url: `/api/public/ws/${bare.token}?session=${bareSession.session}` }), 503, 'unavailable');
  });

  it('answers every malformed frame with an error frame and keeps the connection (and the process) going', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const ws = sockets.open(baseUrl, token, started.session);
    await ws.opened;
    const answers = () => ws.frames.filter((frame) => frame.type !== undefined);
    const bad: Array<[string | Buffer, string | null, RegExp]> = [
      ['not json', null, /not valid JSON/],
      ['{"type":', null, /not valid JSON/],
      ['[]', null, /./],
      ['null', null, /./],
      ['"text"', null, /./],
      [JSON.stringify({ type: 'shout', client_id: 'x1' }), 'x1', /type/],
      [JSON.stringify({ type: 'message', content: 'hi' }), null, /client_id/],
      [JSON.stringify({ type: 'message', content: 'hi', client_id: 'x'.repeat(65) }), null, /client_id/],
      [JSON.stringify({ type: 'message', content: '', client_id: 'x2' }), 'x2', /content/],
      [JSON.stringify({ type: 'message', content: 'x'.repeat(10_001), client_id: 'x3' }), 'x3', /content/],
      [JSON.stringify({ type: 'message', content: { text: 'hi' }, client_id: 'x4' }), 'x4', /content/],
      [JSON.stringify({ type: 'message', content: 'a\u0000b', client_id: 'x5' }), 'x5', /NUL/],
      [JSON.stringify({ type: 'message', content: 'a\ud800', client_id: 'x6' }), 'x6', /surrogate/],
      [JSON.stringify({ type: 'message', content: 'hi', client_id: 'x7', session: 'pcs_other' }), 'x7', /session|Unrecognized/i],
      [Buffer.from([0xff, 0x00, 0x01]), null, /binary/],
      ['{"type":"message","content":"hi","content":"bye","client_id":"x8"}', 'x8', /frame\.content: the key appears twice/],
      [JSON.stringify({ type: 'message', content: 'hi', client_id: 'x9', context: { variables: { 'plan name': 'pro' } } }), 'x9', /context\.variables/],
      [JSON.stringify({ type: 'message', content: 'hi', client_id: 'x10', context: { page: 'a\u0000' } }), 'x10', /context\.page: contains U\+0000/],
      [
        JSON.stringify({ type: 'message', content: 'hi', client_id: 'x11', context: { variables: { plan: 'a\ud800' } } }),
        'x11',
        /context\.variables\.plan: .*surrogate/,
      ],
    ];
    for (const [frame, clientId, message] of bad) {
      const before = answers().length;
      if (Buffer.isBuffer(frame)) ws.socket.send(frame, { binary: true });
      else ws.socket.send(frame);
      await waitFor(() => answers().length > before);
      const answer = answers().at(-1);
      expect(answer, String(frame).slice(0, 60)).toMatchObject({ type: 'error', client_id: clientId, error: { code: 'invalid' } });
      expect(answer?.error?.message, String(frame).slice(0, 60)).toMatch(message);
    }
    // Still open, and still taking messages.
    ws.send({ type: 'message', content: 'still here', client_id: 'ok' });
    await waitFor(() => ws.frames.some((frame) => frame.type === 'ack' && frame.client_id === 'ok'));
    expect(ws.socket.readyState).toBe(1);
  });

  it('a frame larger than the body limit closes the socket with 1009; others are unaffected', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const big = sockets.open(baseUrl, token, started.session);
    const neighbour = sockets.open(baseUrl, token, started.session);
    await Promise.all([big.opened, neighbour.opened]);
    big.send({ type: 'message', content: 'x'.repeat(70_000), client_id: 'big' });
    expect(await big.ended).toMatchObject({ kind: 'closed', code: 1009 });
    neighbour.send({ type: 'message', content: 'fine', client_id: 'n' });
    await waitFor(() => neighbour.frames.some((frame) => frame.type === 'ack'));
  });

  it('refusals of the sessions service and the guard come as error frames: the message quota, the rate limit', async () => {
    const quota = await seedLink(h, undefined, { max_messages_per_session: 2 });
    const started = await startSession(h, quota.link);
    const ws = sockets.open(baseUrl, quota.token, started.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'second', client_id: 'q2' });
    ws.send({ type: 'message', content: 'third', client_id: 'q3' });
    await waitFor(() => ws.frames.some((frame) => frame.client_id === 'q3'));
    expect(ws.frames.find((frame) => frame.client_id === 'q2')).toMatchObject({ type: 'ack' });
    expect(ws.frames.find((frame) => frame.client_id === 'q3')).toMatchObject({ type: 'error', error: { code: 'quota_exceeded' } });

    const limited = await seedLink(h, undefined, { rate_limit_per_minute: 2 });
    const session = await startSession(h, limited.link);
    const fast = sockets.open(baseUrl, limited.token, session.session);
    await fast.opened;
    for (const n of [1, 2, 3]) fast.send({ type: 'message', content: `m${n}`, client_id: `r${n}` });
    await waitFor(() => fast.frames.some((frame) => frame.client_id === 'r3'));
    const refused = fast.frames.find((frame) => frame.type === 'error');
    expect(refused).toMatchObject({ error: { code: 'rate_limited', details: { limit: 'session', retry_after_seconds: expect.any(Number) } } });
    expect(fast.socket.readyState).toBe(1);
  });

  it('a message a content rule blocks comes back as a content_blocked error frame, stored nowhere; the socket goes on', async () => {
    const guarded = await seedLink(h, undefined, { content_rules: { block_patterns: ['\\bcasino\\b'] } });
    const started = await startSession(h, guarded.link);
    const ws = sockets.open(baseUrl, guarded.token, started.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'a casino nearby?', client_id: 'c1' });
    ws.send({ type: 'message', content: 'a bike shop nearby?', client_id: 'c2' });
    await waitFor(() => ws.frames.some((frame) => frame.client_id === 'c2'));
    expect(ws.frames.find((frame) => frame.client_id === 'c1')).toMatchObject({
      type: 'error',
      error: { code: 'content_blocked', details: { rule: 'block_patterns' } },
    });
    expect(ws.frames.find((frame) => frame.client_id === 'c2')).toMatchObject({ type: 'ack' });
    expect(JSON.stringify(ws.frames)).not.toContain('casino nearby');
    expect(ws.socket.readyState).toBe(1);
  });

  it('is in the OpenAPI document with its upgrade and error statuses', async () => {
    const document = (await h.inject({ method: 'GET', url: '/openapi.json' })).body;
    const operation = document.paths['/api/public/ws/{token}'].get;
    expect(Object.keys(operation.responses).sort()).toEqual(['101', '400', '401', '403', '404', '410', '429', '503']);
    expect(operation.description).toContain('"type": "ack"');
  });
});
