import { createSessionsService } from '@parley/sessions';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './platform-harness.js';

const counter = {
  workflow: {
    initial_node: 'listen',
    nodes: [
      {
        id: 'listen',
        name: 'Listen',
        static_text: 'Go on.',
        extract: [{ name: 'last', pattern: 'number (\\d+)' }],
        transitions: [{ to: 'listen', condition: 'user_responded' }],
      },
    ],
  },
};

describe('sessions service replicas', () => {
  let h: TestPlatform;
  let second: ReturnType<typeof createSessionsService>;
  let pool: pg.Pool;

  beforeAll(async () => {
    h = await startTestPlatform();
    // A second sessions replica on the same bus and database: NATS spreads sends over both.
    pool = new pg.Pool({ connectionString: h.ctx.databaseUrl, max: 4 });
    second = createSessionsService({ bus: h.platform.bus, db: h.ctx.db, pool, logger: h.ctx.logger, options: { runnerAttempts: 3 } });
  });
  afterAll(async () => {
    await second?.drain();
    await pool?.end();
    await h?.stop();
  });

  it('keep one consistent conversation when turns alternate between them', async () => {
    const agent = await h.seedAgent(counter, 'counter');
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    for (let i = 1; i <= 12; i++) {
      const reply = await h.chat.send(id, `number ${i}`);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.turn_number).toBe(i);
      expect(reply.body.extracted_variables).toEqual({ last: String(i) });
    }
    const status = await h.chat.status(id);
    expect(status.body).toMatchObject({ turns: 12, transition_count: 12, collected_data: { last: '12' } });
  });

  it('refuse a message on a session the other replica ended', async () => {
    const agent = await h.seedAgent(counter, 'counter-2');
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    const id = created.body.session_id;
    // Warm both replicas' view of the session, then end it through one of them.
    for (let i = 0; i < 4; i++) expect((await h.chat.send(id, 'hello')).status).toBe(200);
    expect((await h.chat.end(id)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await h.chat.send(id, 'still there?')).status).toBe(410);
  });
});
