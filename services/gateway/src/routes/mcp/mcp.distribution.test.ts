import { smtpLinkMailer } from '@parley/links';
import { createLogger } from '@parley/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { type SmtpInbox, startSmtpInbox } from '../../../test/smtp-inbox.js';
import { greetingAgent, linkUrlsIn } from '../management/distribution/link-distribution.test-kit.js';
import { callTool, httpClient, listen } from './mcp.test-kit.js';

describe('MCP: templates and schedules', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let baseUrl: string;
  let owner: { tenantId: string; key: string };
  let other: { tenantId: string; key: string };

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    h = await startGatewayHarness(
      {},
      {
        distribution: {
          mailer: smtpLinkMailer({ smtpUrl: inbox.url, from: 'Parley <links@parley.test>', logger: createLogger({ service: 'links-test', level: 'warn' }) }),
        },
      },
    );
    baseUrl = await listen(h);
    owner = await h.seedTenant('MCP owner');
    other = await h.seedTenant('MCP other');
    expect((await h.withKey(owner.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
    await inbox?.close();
  });

  it('an assistant manages templates, makes a link from one, and schedules links it then runs now', async () => {
    const { client } = await httpClient(baseUrl, owner.key);
    const listed = await callTool(client, 'manage_temporary_chat_link_templates', { operation: 'list' });
    expect(listed.body.templates.map((t: { name: string }) => t.name)).toEqual(['daily_checkin', 'customer_support', 'feedback']);
    const made = await callTool(client, 'manage_temporary_chat_link_templates', {
      operation: 'create',
      name: 'standup',
      settings: { title: 'Stand-up', max_sessions: 3 },
    });
    expect(made.isError, made.text).toBe(false);
    expect(made.body).toMatchObject({ name: 'standup', built_in: false });
    const link = await callTool(client, 'create_temporary_chat_link', { agent: 'checkin', template: 'standup' });
    expect(link.body).toMatchObject({ title: 'Stand-up', max_sessions: 3 });
    const builtIn = await callTool(client, 'manage_temporary_chat_link_templates', { operation: 'delete', name: 'feedback' });
    expect(builtIn.isError).toBe(true);
    expect(builtIn.body.error.code).toBe('conflict');
    const nameless = await callTool(client, 'manage_temporary_chat_link_templates', { operation: 'update' });
    expect(nameless.body.error).toMatchObject({ code: 'invalid', details: [{ path: 'name' }] });

    const schedule = await callTool(client, 'manage_temporary_chat_link_schedules', {
      operation: 'create',
      name: 'Weekly',
      cron: '0 8 * * 1',
      timezone: 'Europe/Berlin',
      action: 'create_and_send_temp_chat_link',
      agent: 'checkin',
      template: 'standup',
      recipients: [{ email: 'ana@example.com', name: 'Ana' }],
      send: { channels: [{ type: 'email' }] },
    });
    expect(schedule.isError, schedule.text).toBe(false);
    expect(schedule.body.next_run_at).toEqual(expect.any(String));
    const since = inbox.mails.length;
    const run = await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'run_now', id: schedule.body.id });
    expect(run.body).toMatchObject({ trigger: 'manual', state: 'succeeded', links: 1, sent: 1 });
    expect(linkUrlsIn(await inbox.next('ana@example.com', since))).toHaveLength(1);
    const runs = await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'runs', id: schedule.body.id });
    expect(runs.body.runs).toHaveLength(1);
    const badCron = await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'update', id: schedule.body.id, cron: 'every monday' });
    expect(badCron.isError).toBe(true);
    expect(badCron.body.error.code).toBe('invalid');

    // Another tenant's assistant sees none of it.
    const { client: theirs } = await httpClient(baseUrl, other.key);
    expect((await callTool(theirs, 'manage_temporary_chat_link_schedules', { operation: 'list' })).body.schedules).toEqual([]);
    expect((await callTool(theirs, 'manage_temporary_chat_link_schedules', { operation: 'run_now', id: schedule.body.id })).body.error.code).toBe('not_found');
    expect((await callTool(theirs, 'manage_temporary_chat_link_templates', { operation: 'list' })).body.templates).toHaveLength(3);

    const deleted = await callTool(client, 'manage_temporary_chat_link_schedules', { operation: 'delete', id: schedule.body.id });
    expect(deleted.body).toEqual({ deleted: true, id: schedule.body.id });
    await client.close();
    await theirs.close();
  });
});
