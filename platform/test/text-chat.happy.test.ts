import { byPurpose, replyWith } from '@parley/testing';
import { exampleAgentConfig } from '@parley/workflow';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './platform-harness.js';

const LLM_REPLY = 'I can answer your MRI eligibility questions.';
const t = (from: string, from_name: string, to: string, to_name: string, condition: string) => ({
  from_node: from,
  from_node_name: from_name,
  to_node: to,
  to_node_name: to_name,
  condition,
});

describe('Text Chat API: the docs/workflow.md example agent, end to end', () => {
  let h: TestPlatform;
  let agent: { tenantId: string; agentId: string; name: string };
  let sessionId: string;

  beforeAll(async () => {
    h = await startTestPlatform();
    h.llm.setHandler(byPurpose({ reply: replyWith(LLM_REPLY) }));
    agent = await h.seedAgent(exampleAgentConfig, 'mri');
  });
  afterAll(async () => h?.stop());

  it('starts at fast_disclaimer and chains to greeting', async () => {
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { user_id: 'u1' } });
    expect(created.status).toBe(201);
    sessionId = created.body.session_id;
    expect(sessionId).toMatch(/^text_[A-Za-z0-9_-]{22}$/);
    expect(created.body).toMatchObject({
      status: 'active',
      node_id: 'greeting',
      node_name: 'Welcome Greeting',
      initial_node_id: 'fast_disclaimer',
      initial_node_name: 'Fast Disclaimer',
      transitions: [t('fast_disclaimer', 'Fast Disclaimer', 'greeting', 'Welcome Greeting', 'always')],
      agent_config_version: 1,
      is_active_version: true,
      initial_message: "This chat may be recorded. Hi, I'm Ivan. What is your first name and zip code?",
    });
    expect(created.body.conversation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(created.body.created_at)).not.toBeNaN();
  });

  it('extracts the name and zip code and answers with the LLM', async () => {
    const reply = await h.chat.send(sessionId, 'My name is Jack and my zip code is 30301');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      response: `Thank you, Jack! ${LLM_REPLY}`,
      node_id: 'qa',
      node_name: 'Q&A',
      previous_node_id: 'greeting',
      previous_node_name: 'Welcome Greeting',
      transitions: [
        t('greeting', 'Welcome Greeting', 'extract_info', 'Extract User Info', 'user_responded'),
        t('extract_info', 'Extract User Info', 'personal_greeting', 'Personalized Greeting', 'variables_extracted:first_name,zip_code'),
        t('personal_greeting', 'Personalized Greeting', 'qa', 'Q&A', 'always'),
      ],
      transition: t('personal_greeting', 'Personalized Greeting', 'qa', 'Q&A', 'always'),
      extracted_variables: { first_name: 'Jack', zip_code: '30301' },
      session_ended: false,
      turn_number: 1,
    });
    expect(reply.body.latency_ms).toBeGreaterThanOrEqual(0);
    const replyCall = h.llm.requests.find((r) => r.headers['x-parley-purpose'] === 'reply');
    expect(replyCall?.body.messages?.[0]).toMatchObject({ role: 'system', content: 'You answer questions about MRI eligibility for Jack (30301).' });
  });

  it('routes "I want to book an appointment" by keyword intent', async () => {
    const reply = await h.chat.send(sessionId, 'I want to book an appointment');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      response: 'What day works best for you?',
      node_id: 'scheduling',
      transitions: [t('qa', 'Q&A', 'scheduling', 'Schedule Appointment', 'intent:schedule')],
      extracted_variables: null,
      session_ended: false,
      turn_number: 2,
    });
  });

  it('ends the session at end_call', async () => {
    const reply = await h.chat.send(sessionId, 'Monday works');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      response: 'Goodbye, Jack!',
      node_id: 'end_call',
      node_name: 'Terminate Call',
      transitions: [t('scheduling', 'Schedule Appointment', 'end_call', 'Terminate Call', 'contains:monday')],
      session_ended: true,
      turn_number: 3,
    });
  });

  it('refuses further messages with 410 and reports the finished session', async () => {
    const after = await h.chat.send(sessionId, 'hello?');
    expect(after.status).toBe(410);
    expect(after.body.error.code).toBe('gone');

    const status = await h.chat.status(sessionId);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      session_id: sessionId,
      status: 'completed',
      node_id: 'end_call',
      node_name: 'Terminate Call',
      turns: 3,
      transition_count: 6,
      collected_data: { first_name: 'Jack', zip_code: '30301' },
    });
    expect(status.body.ended_at).not.toBeNull();
  });

  it('stored every message and transition, and the reference queries run unchanged', async () => {
    const rows = await sql<{ role: string; content: string; total_turns: number }>`
      SELECT
          c.session_id,
          c.status,
          c.total_turns,
          c.collected_data,
          m.role,
          m.content,
          m.created_at
      FROM text_conversations c
      JOIN text_conversation_messages m ON m.conversation_id = c.id
      WHERE c.session_id = ${sessionId}
      ORDER BY m.sequence`.execute(h.ctx.db);
    expect(rows.rows.map((r) => `${r.role}: ${r.content}`)).toEqual([
      'assistant: This chat may be recorded.',
      "assistant: Hi, I'm Ivan. What is your first name and zip code?",
      'user: My name is Jack and my zip code is 30301',
      'assistant: Thank you, Jack!',
      `assistant: ${LLM_REPLY}`,
      'user: I want to book an appointment',
      'assistant: What day works best for you?',
      'user: Monday works',
      'assistant: Goodbye, Jack!',
    ]);
    const perDay = await sql<{ date: Date; messages: string }>`
      SELECT
          DATE(created_at) as date,
          COUNT(*) as messages
      FROM text_conversation_messages
      WHERE created_at >= NOW() - INTERVAL '7 days'
      GROUP BY DATE(created_at)
      ORDER BY date`.execute(h.ctx.db);
    expect(perDay.rows.reduce((sum, r) => sum + Number(r.messages), 0)).toBe(9);
    const transitions = await sql<{ n: string }>`
      SELECT count(*) AS n FROM text_conversation_transitions t
      JOIN text_conversations c ON c.id = t.conversation_id WHERE c.session_id = ${sessionId}`.execute(h.ctx.db);
    expect(Number(transitions.rows[0]?.n)).toBe(6);
    const variables = await sql<{ name: string; value: string }>`
      SELECT v.name, v.value FROM text_conversation_variables v
      JOIN text_conversations c ON c.id = v.conversation_id WHERE c.session_id = ${sessionId} ORDER BY v.name`.execute(h.ctx.db);
    expect(variables.rows).toEqual([
      { name: 'first_name', value: 'Jack' },
      { name: 'zip_code', value: '30301' },
    ]);
  });
});

describe('Text Chat API: versions', () => {
  let h: TestPlatform;
  let agent: { tenantId: string; agentId: string; name: string };
  const staticAgent = (text: string) => ({
    workflow: { initial_node: 'hello', nodes: [{ id: 'hello', name: 'Hello', static_text: text }] },
  });

  beforeAll(async () => {
    h = await startTestPlatform();
    agent = await h.seedAgent(staticAgent('This is version one.'), 'versioned');
    const v2 = await h.admin('POST', `/api/agents/${agent.name}/versions`, { config: staticAgent('This is version two.') }, agent.tenantId);
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
  });
  afterAll(async () => h?.stop());

  it('a session pinned to inactive version 2 runs version 2', async () => {
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId, version: 2 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ agent_config_version: 2, is_active_version: false, initial_message: 'This is version two.' });
  });

  it('an unpinned session runs the active version, and follows a change of it', async () => {
    const before = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(before.body).toMatchObject({ agent_config_version: 1, is_active_version: true, initial_message: 'This is version one.' });
    const switched = await h.admin('PUT', `/api/agents/${agent.name}/active-version`, { version: 2 }, agent.tenantId);
    expect(switched.status).toBe(200);
    const after = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(after.body).toMatchObject({ agent_config_version: 2, is_active_version: true, initial_message: 'This is version two.' });
  });

  it('a missing version gives 404', async () => {
    const missing = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId, version: 7 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('an agent of another tenant gives 404', async () => {
    const other = await h.seedAgent(staticAgent('other'), 'other');
    const crossed = await h.chat.createSession({ tenant_id: other.tenantId, agent_id: agent.agentId });
    expect(crossed.status).toBe(404);
  });
});

describe('Text Chat API: a workflow that loops', () => {
  let h: TestPlatform;

  beforeAll(async () => {
    h = await startTestPlatform();
  });
  afterAll(async () => h?.stop());

  it('stops after 25 transitions with status error and says so, instead of hanging', async () => {
    const loop = {
      workflow: {
        initial_node: 'ping',
        nodes: [
          { id: 'ping', name: 'Ping', transitions: [{ to: 'pong', condition: 'always' }] },
          { id: 'pong', name: 'Pong', transitions: [{ to: 'ping', condition: 'always' }] },
        ],
      },
    };
    const agent = await h.seedAgent(loop, 'loop');
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('error');
    expect(created.body.transitions).toHaveLength(25);
    expect(created.body.initial_message).toMatch(/loop/i);
    const status = await h.chat.status(created.body.session_id);
    expect(status.body).toMatchObject({ status: 'error', transition_count: 25 });
    expect(status.body.ended_at).not.toBeNull();
    expect((await h.chat.send(created.body.session_id, 'hello?')).status).toBe(410);
  });
});
