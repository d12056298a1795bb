import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

/** An intake opening: a disclaimer chained to a greeting that waits for a name and a zip code. */
const intakeAgent = (greeting: string) => ({
  workflow: {
    initial_node: 'disclaimer',
    nodes: [
      { id: 'disclaimer', name: 'Fast Disclaimer', static_text: 'This chat may be recorded.', transitions: [{ to: 'greeting', condition: 'always' }] },
      { id: 'greeting', name: 'Welcome Greeting', static_text: greeting, transitions: [{ to: 'extract', condition: 'user_responded' }] },
      {
        id: 'extract',
        name: 'Extract User Info',
        extract: [
          { name: 'first_name', description: 'first name', pattern: "(?:name is|I am|I'm)\\s+([A-Z][a-z]+)" },
          { name: 'zip_code', description: 'zip code', pattern: '\\b(\\d{5})\\b' },
        ],
        transitions: [
          { to: 'thanks', condition: 'variables_extracted:first_name,zip_code' },
          { to: 'greeting', condition: 'always' },
        ],
      },
      { id: 'thanks', name: 'Thanks', type: 'end', static_text: 'Thank you, {{first_name}}!' },
    ],
  },
});

describe('the playground: trying an agent with a bearer key', () => {
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };

  beforeAll(async () => {
    h = await startGatewayHarness();
    tenant = await h.seedTenant('Clinic');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'intake', config: intakeAgent('Hi, what is your name and zip code?') })).status).toBe(
      201,
    );
    expect((await h.withKey(tenant.key, 'POST', '/api/agents/intake/versions', { config: intakeAgent('Hello again! Name and zip code?') })).status).toBe(201);
  });
  afterAll(async () => h?.stop());

  it('a session answers as the Text Chat API does: node names, transitions and extracted variables every turn', async () => {
    const started = await h.withKey(tenant.key, 'POST', '/api/agents/intake/playground/sessions', {});
    expect(started.status, started.text).toBe(201);
    expect(started.body).toMatchObject({
      session_id: expect.stringMatching(/^text_/),
      agent_config_version: 1,
      is_active_version: true,
      initial_node_id: 'disclaimer',
      node_id: 'greeting',
      node_name: 'Welcome Greeting',
      initial_message: 'This chat may be recorded. Hi, what is your name and zip code?',
      tool_calls: [],
      transitions: [{ from_node: 'disclaimer', from_node_name: 'Fast Disclaimer', to_node: 'greeting', to_node_name: 'Welcome Greeting', condition: 'always' }],
    });
    const path = `/api/agents/intake/playground/sessions/${started.body.session_id}/messages`;

    const partial = await h.withKey(tenant.key, 'POST', path, { content: "I'm Anna" });
    expect(partial.status, partial.text).toBe(200);
    expect(partial.body).toMatchObject({
      response: 'Hi, what is your name and zip code?',
      node_id: 'greeting',
      extracted_variables: { first_name: 'Anna' },
      tool_calls: [],
      transitions: [
        { from_node: 'greeting', to_node: 'extract', condition: 'user_responded' },
        { from_node: 'extract', to_node: 'greeting', condition: 'always' },
      ],
      session_ended: false,
      turn_number: 1,
    });

    const done = await h.withKey(tenant.key, 'POST', path, { content: 'my zip is 94110' });
    expect(done.body).toMatchObject({
      response: 'Thank you, Anna!',
      node_name: 'Thanks',
      extracted_variables: { zip_code: '94110' },
      session_ended: true,
      turn_number: 2,
    });

    // It is an ordinary conversation of the tenant's agent, marked as the console's.
    const row = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['tenant_id', 'channel', 'metadata', 'status'])
      .where('session_id', '=', started.body.session_id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ tenant_id: tenant.tenantId, channel: 'api', metadata: { source: 'console' }, status: 'completed' });
  });

  it('tries a version that is not the active one; the admin key acts with X-Tenant-Id', async () => {
    const v2 = await h.admin('POST', '/api/agents/intake/playground/sessions', { version: 2 }, tenant.tenantId);
    expect(v2.status, v2.text).toBe(201);
    expect(v2.body).toMatchObject({
      agent_config_version: 2,
      is_active_version: false,
      initial_message: 'This chat may be recorded. Hello again! Name and zip code?',
    });
    const turn = await h.admin(
      'POST',
      `/api/agents/intake/playground/sessions/${v2.body.session_id}/messages`,
      { content: 'I am Ben, 10001' },
      tenant.tenantId,
    );
    expect(turn.body).toMatchObject({ response: 'Thank you, Ben!', session_ended: true });
  });
});
