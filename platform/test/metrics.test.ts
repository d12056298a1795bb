import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { byPurpose, replyWith, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './platform-harness.js';
import { metricSum } from './process-harness.js';

/** An agent whose second node asks the language model. */
const llmAgent = {
  llm: { model: 'gpt-4o-mini' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me anything.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      { id: 'answer', name: 'Answer', prompt: 'You are a helpful assistant.' },
    ],
  },
};

/** A tenant's webhook endpoint on loopback, answering each request with the next of `statuses` (then 200). */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: number; close(): Promise<void> }> {
  const receiver = {
    url: '',
    received: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      receiver.received += 1;
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/parley`;
  return receiver;
}

describe('the /metrics of the one-process mode', () => {
  let h: TestPlatform;

  beforeAll(async () => {
    // Loopback receivers allowed, and a failed delivery retried after 1 s.
    h = await startTestPlatform({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_DELAYS_SECONDS: '1', LLM_MAX_RETRIES: '1' });
  });
  afterAll(async () => h?.stop());

  const scrape = async () => {
    const response = await fetch(`${h.platform.healthUrl}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };

  it('counts an LLM turn: its time by model and purpose, the tokens in and out; and failed attempts by kind', async () => {
    h.llm.setHandler(byPurpose({ reply: replyWith({ content: 'An MRI takes pictures with magnets.', delayMs: 50 }) }));
    const agent = await h.seedAgent(llmAgent, 'asks-the-model');
    const session = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect((await h.chat.send(session.body.session_id, 'What is an MRI?')).status).toBe(200);

    let text = await scrape();
    const reply = { model: 'gpt-4o-mini', purpose: 'reply' };
    expect(metricSum(text, 'parley_llm_request_duration_seconds_count', { ...reply, outcome: 'ok' })).toBe(1);
    expect(metricSum(text, 'parley_llm_request_duration_seconds_sum', { ...reply, outcome: 'ok' })).toBeGreaterThanOrEqual(0.05);
    const tokensIn = metricSum(text, 'parley_llm_tokens_total', { ...reply, direction: 'in' });
    const tokensOut = metricSum(text, 'parley_llm_tokens_total', { ...reply, direction: 'out' });
    expect(tokensIn).toBeGreaterThan(0);
    expect(tokensOut).toBeGreaterThan(0);

    // The model's server fails: both attempts (LLM_MAX_RETRIES=1) are counted as server errors, with no tokens.
    h.llm.setHandler(() => ({ status: 503 }));
    expect((await h.chat.send(session.body.session_id, 'And a CT?')).status).toBe(503);
    text = await scrape();
    expect(metricSum(text, 'parley_llm_errors_total', { ...reply, kind: 'server_error' })).toBe(2);
    expect(metricSum(text, 'parley_llm_request_duration_seconds_count', { ...reply, outcome: 'error' })).toBe(2);
    expect(metricSum(text, 'parley_llm_tokens_total', { ...reply, direction: 'out' })).toBe(tokensOut);
    // No label names a tenant, an agent or a session.
    for (const id of [agent.tenantId, agent.agentId, session.body.session_id]) expect(text).not.toContain(id);
    h.llm.reset();
  });

  it('counts webhook delivery attempts by outcome, with their time', async () => {
    // The first attempt is answered 500, its retry 200.
    const receiver = await startReceiver([500]);
    try {
      const agent = await h.seedAgent(llmAgent, 'watched');
      const created = await h.admin('POST', '/api/webhooks', { url: receiver.url, events: ['conversation.started'] }, agent.tenantId);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId })).status).toBe(201);
      await waitFor(async () => metricSum(await scrape(), 'parley_webhook_attempts_total', { outcome: 'delivered' }) === 1, { timeoutMs: 10_000 });
      const text = await scrape();
      expect(receiver.received).toBe(2);
      expect(metricSum(text, 'parley_webhook_attempts_total', { outcome: 'http_error' })).toBe(1);
      expect(metricSum(text, 'parley_webhook_attempt_duration_seconds_count', { outcome: 'delivered' })).toBe(1);
      expect(metricSum(text, 'parley_webhook_attempt_duration_seconds_count', { outcome: 'http_error' })).toBe(1);
      expect(text).not.toContain('/hooks/parley');
    } finally {
      await receiver.close();
    }
  });

  it('shows the database pool and the NATS connection as they stand', async () => {
    const text = await scrape();
    // `npm start` opens one pool of 20 for every service.
    expect(metricSum(text, 'parley_db_pool_max_clients')).toBe(20);
    const total = metricSum(text, 'parley_db_pool_total_clients');
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(20);
    expect(metricSum(text, 'parley_db_pool_idle_clients')).toBeLessThanOrEqual(total);
    expect(metricSum(text, 'parley_db_pool_waiting_clients')).toBe(0);
    expect(metricSum(text, 'parley_nats_connected')).toBe(1);
    expect(metricSum(text, 'parley_nats_reconnects_total')).toBe(0);
    for (const direction of ['in', 'out']) {
      expect(metricSum(text, 'parley_nats_messages_total', { direction }), direction).toBeGreaterThan(0);
      expect(metricSum(text, 'parley_nats_bytes_total', { direction }), direction).toBeGreaterThan(
        metricSum(text, 'parley_nats_messages_total', { direction }),
      );
    }
    // Traffic grows with the requests the services exchange.
    const before = metricSum(text, 'parley_nats_messages_total', { direction: 'out' });
    expect((await h.admin('GET', '/api/tenants')).status).toBe(200);
    expect(metricSum(await scrape(), 'parley_nats_messages_total', { direction: 'out' })).toBeGreaterThan(before);
  });
});
