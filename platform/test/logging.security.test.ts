import { Writable } from 'node:stream';
import { computeSignature } from '@parley/auth';
import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_ADMIN_KEY, TEST_CHAT_SECRET, type TestPlatform } from './platform-harness.js';

const agentConfig = {
  workflow: {
    initial_node: 'ask',
    nodes: [
      {
        id: 'ask',
        name: 'Ask',
        static_text: 'Your email?',
        extract: [{ name: 'email', pattern: '([\\w.+-]+@[\\w-]+\\.[\\w.]+)' }],
        transitions: [{ to: 'ask', condition: 'user_responded' }],
      },
    ],
  },
};

describe('secrets never reach the logs, even at trace level', () => {
  let h: TestPlatform;
  const lines: string[] = [];
  const sentSignatures: string[] = [];
  let tenantKey = '';

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    h = await startTestPlatform({}, { logger: createLogger({ service: 'platform', level: 'trace', destination }) });
  });
  afterAll(async () => h?.stop());

  it('logs requests with their ids but no key, secret or signature', async () => {
    const agent = await h.seedAgent(agentConfig, 'logged');
    const key = await h.admin('POST', `/api/tenants/${agent.tenantId}/keys`);
    expect(key.status).toBe(201);
    tenantKey = key.body.key;
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const path = `/api/chat/sessions/${created.body.session_id}/messages`;
    const body = JSON.stringify({ content: 'it is jack.smith@example.com' });
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = computeSignature(TEST_CHAT_SECRET, ts, 'POST', path, body);
    sentSignatures.push(signature);
    const headers = { 'content-type': 'application/json', 'x-timestamp': ts, 'x-signature': signature };
    expect((await fetch(`${h.platform.url}${path}`, { method: 'POST', headers, body })).status).toBe(200);
    // A replay and a forged signature are refused – and are not logged with their signatures either.
    expect((await fetch(`${h.platform.url}${path}`, { method: 'POST', headers, body })).status).toBe(401);
    const forged = 'f'.repeat(64);
    sentSignatures.push(forged);
    expect((await fetch(`${h.platform.url}${path}`, { method: 'POST', headers: { ...headers, 'x-signature': forged }, body })).status).toBe(401);
    expect((await fetch(`${h.platform.url}/api/agents`, { headers: { authorization: `Bearer ${tenantKey}` } })).status).toBe(200);

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toMatch(/"reqId":"req_/);
    // Lines written by the services while handling a turn carry the gateway's request id and the session.
    const turnLines = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.sessionId === created.body.session_id);
    expect(turnLines.length).toBeGreaterThan(0);
    expect(turnLines.every((line) => typeof line.requestId === 'string' && line.requestId.startsWith('req_'))).toBe(true);
    for (const secret of [TEST_ADMIN_KEY, TEST_CHAT_SECRET, tenantKey, ...sentSignatures]) expect(log).not.toContain(secret);
    expect(log).not.toContain('jack.smith@example.com');
  });
});
