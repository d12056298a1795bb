import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { greetingAgent } from './link-distribution.test-kit.js';

/** One attempt's time here: long enough to tell "waited for the receiver" from "answered at once". */
const ATTEMPT_TIMEOUT_MS = 2_000;

interface Delivery {
  channel: string;
  to: string;
  state: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  response_code: number | null;
}

/**
 * Sending a link's URL never holds its creation back: a Slack or Teams webhook that accepts the
 * connection and never answers (or answers slowly, or with an error) costs the creator nothing;
 * the delivery goes on in the background and its outcome is recorded.
 */
describe('link distribution: creation answers at once, delivery goes on in the background', () => {
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };
  const servers: Server[] = [];
  let silent: string;
  let answering: string;
  let failing: string;
  const received: string[] = [];

  /** A loopback receiver answering each request with `answer`, or never when it is undefined. */
  async function receiver(answer: number | undefined): Promise<string> {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received.push(request.url ?? '');
        if (answer !== undefined) response.writeHead(answer).end('ok');
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const deliveriesOf = async (linkId: string): Promise<Delivery[]> => {
    const listed = await h.withKey(tenant.key, 'GET', `/api/public-links/${linkId}/deliveries`);
    expect(listed.status, listed.text).toBe(200);
    return listed.body.deliveries;
  };

  /** The answer and how long it took. */
  async function timed<T>(request: () => Promise<T>): Promise<{ answer: T; ms: number }> {
    const started = performance.now();
    const answer = await request();
    return { answer, ms: performance.now() - started };
  }

  beforeAll(async () => {
    silent = await receiver(undefined);
    answering = await receiver(200);
    failing = await receiver(500);
    h = await startGatewayHarness(
      {},
      { distribution: { distribution: { allowPrivate: true, attemptTimeoutMs: ATTEMPT_TIMEOUT_MS, retryDelaysSeconds: [60], pollIntervalMs: 100 } } },
    );
    tenant = await h.seedTenant('Queued sends');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a Slack webhook that never answers: 201 well under a second, queued; later recorded as retrying with the reason', async () => {
    const { answer: created, ms } = await timed(() =>
      h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
        title: 'Never answered',
        send: { channels: [{ type: 'slack', webhook_url: `${silent}/services/T0/B0/never` }] },
      }),
    );
    expect(created.status, created.text).toBe(201);
    expect(ms).toBeLessThan(1_000);
    // Honest about what happened so far: handed to the background, nothing sent yet.
    expect(created.body.queued).toBe(1);
    expect(created.body.deliveries).toEqual([
      expect.objectContaining({ channel: 'slack', to: new URL(silent).host, state: 'pending', last_error: null, response_code: null }),
    ]);
    expect(await deliveriesOf(created.body.id)).toEqual([expect.objectContaining({ state: 'pending', last_error: null })]);

    // The attempt times out in the background; the delivery waits for its retry, the reason kept.
    const [retrying] = await waitFor(
      async () => {
        const deliveries = await deliveriesOf(created.body.id);
        return deliveries[0]?.last_error ? deliveries : false;
      },
      { timeoutMs: ATTEMPT_TIMEOUT_MS * 5 },
    );
    // No answer came, so there is no response code.
    expect(retrying).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: expect.stringMatching(/timed out/),
      next_attempt_at: expect.any(String),
      response_code: null,
    });
    // The link itself works meanwhile.
    expect((await h.app.inject({ method: 'GET', url: `/api/public/links/${created.body.token}` })).statusCode).toBe(200);
  });

  it('an answering webhook: 201 at once, then recorded as sent; one answering 500 is recorded with that code', async () => {
    const { answer: created, ms } = await timed(() =>
      h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
        title: 'Answered',
        send: {
          channels: [
            { type: 'slack', webhook_url: `${answering}/slack/answered` },
            { type: 'teams', webhook_url: `${failing}/teams/failing` },
          ],
        },
      }),
    );
    expect(created.status, created.text).toBe(201);
    expect(ms).toBeLessThan(1_000);
    expect(created.body.queued).toBe(2);
    const outcomes = await waitFor(
      async () => {
        const deliveries = await deliveriesOf(created.body.id);
        const byChannel = Object.fromEntries(deliveries.map((d) => [d.channel, d]));
        return byChannel.slack?.state === 'sent' && byChannel.teams?.last_error ? byChannel : false;
      },
      { timeoutMs: ATTEMPT_TIMEOUT_MS * 5 },
    );
    expect(outcomes.slack).toMatchObject({ state: 'sent', attempts: 1, last_error: null, next_attempt_at: null, response_code: 200 });
    expect(outcomes.teams).toMatchObject({ state: 'pending', attempts: 1, last_error: 'the receiver answered 500', response_code: 500 });
    expect(received).toContain('/slack/answered');
  });

  it('bulk: 201 at once with every delivery counted as queued, none claimed sent', async () => {
    const recipients = Array.from({ length: 5 }, (_, i) => ({ email: `p${i}@example.com`, name: `P${i}` }));
    const { answer: created, ms } = await timed(() =>
      h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
        settings: { title: 'Bulk, never answered' },
        recipients,
        send: { channels: [{ type: 'slack', webhook_url: `${silent}/services/T0/B0/bulk` }] },
      }),
    );
    expect(created.status, created.text).toBe(201);
    expect(ms).toBeLessThan(1_000);
    expect(created.body).toMatchObject({ sent: 0, queued: 5, pending: 5, failed: [] });
    expect(created.body.links).toHaveLength(5);
    const first = created.body.links[0].id as string;
    const [retrying] = await waitFor(
      async () => {
        const deliveries = await deliveriesOf(first);
        return deliveries[0]?.last_error ? deliveries : false;
      },
      { timeoutMs: ATTEMPT_TIMEOUT_MS * 5 },
    );
    expect(retrying).toMatchObject({ state: 'pending', last_error: expect.stringMatching(/timed out/) });
  });

  it('rotation: the new URL is answered at once, its delivery queued', async () => {
    const link = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', { title: 'Rotated' });
    expect(link.status).toBe(201);
    expect(link.body.queued).toBeUndefined();
    const { answer: rotated, ms } = await timed(() =>
      h.withKey(tenant.key, 'POST', `/api/agents/checkin/public-links/${link.body.id}/rotate`, {
        send: { channels: [{ type: 'teams', webhook_url: `${silent}/teams/rotated` }] },
      }),
    );
    expect(rotated.status, rotated.text).toBe(200);
    expect(ms).toBeLessThan(1_000);
    expect(rotated.body).toMatchObject({ id: link.body.id, queued: 1, deliveries: [expect.objectContaining({ channel: 'teams', state: 'pending' })] });
    expect((await h.app.inject({ method: 'GET', url: `/api/public/links/${rotated.body.token}` })).statusCode).toBe(200);
  });

  it('a webhook URL that cannot work is still refused before anything is made', async () => {
    const refused = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'Bad hook',
      send: { channels: [{ type: 'slack', webhook_url: 'not a url' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid');
  });
});
