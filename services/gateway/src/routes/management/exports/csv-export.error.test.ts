import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { csvRecords, textChat } from './csv-export.test-kit.js';

describe('CSV exports refuse what they cannot answer, with the JSON error body', () => {
  let h: GatewayHarness;
  let agent: { tenantId: string; agentId: string; name: string };
  let linkId: string;
  const get = (url: string, headers: Record<string, string> = {}) =>
    h.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': agent.tenantId, ...headers } });

  beforeAll(async () => {
    h = await startGatewayHarness();
    agent = await h.seedAgent(echoAgent, 'csv-errors');
    linkId = (await h.admin('POST', `/api/agents/${agent.name}/public-links`, { title: 'L' }, agent.tenantId)).body.id;
    await textChat(h, agent, ['hello']);
  });
  afterAll(async () => h?.stop());

  it('a format that is not json or csv is 400 naming the field', async () => {
    for (const url of [
      `/api/agents/csv-errors/analytics?format=xml`,
      `/api/links/${linkId}/analytics?format=CSV`,
      '/api/audit?format=pdf',
      '/api/audit?format=',
      '/api/agents/csv-errors/conversations/export?format=json',
    ]) {
      const refused = await get(url);
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details), url).toContain('format');
    }
  });

  it('bad dates, a window backwards and one wider than 366 days are 400 – as JSON even when CSV was asked', async () => {
    const exportOf = (query: string) => get(`/api/agents/csv-errors/conversations/export?${query}`, { accept: 'text/csv' });
    for (const query of [
      'from=yesterday',
      'to=2026-13-01T00:00:00Z',
      'from=2026-01-01',
      'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    ]) {
      const refused = await exportOf(query);
      expectError(refused, 400, 'invalid');
      expect(refused.headers['content-type'], query).toMatch(/^application\/json/);
    }
    const wide = await exportOf('from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z');
    expectError(wide, 400, 'invalid', /366 days/);
    expect(wide.body.error.details).toEqual([{ path: 'querystring.from', message: 'at most 366 days before to' }]);
    // Exactly 366 days is allowed.
    expect((await exportOf('from=2025-01-01T00:00:00Z&to=2026-01-02T00:00:00Z')).status).toBe(200);
    expectError(await get('/api/agents/csv-errors/analytics?format=csv&from=not-a-date'), 400, 'invalid');
    expectError(await get('/api/audit?format=csv&cursor=abc'), 400, 'invalid');
    expectError(await get('/api/agents/csv-errors/conversations/export?link_id='), 400, 'invalid');
    expectError(await get('/api/agents/csv-errors/conversations/export?unknown=1'), 400, 'invalid');
  });

  it('an unknown agent is 404, for the export and for analytics as CSV', async () => {
    expectError(await get('/api/agents/nobody/conversations/export'), 404, 'not_found');
    expectError(await get('/api/agents/nobody/analytics?format=csv'), 404, 'not_found');
    expectError(await get('/api/links/lnk_unknown/analytics', { accept: 'text/csv' }), 404, 'not_found');
  });

  it('odd Accept headers: JSON unless text/csv is preferred; the transcripts export is CSV whatever Accept says', async () => {
    const analytics = '/api/agents/csv-errors/analytics';
    const json = async (accept: string) => {
      const answer = await get(analytics, { accept });
      expect(answer.status, `${accept}: ${answer.text}`).toBe(200);
      expect(answer.headers['content-type'], accept).toMatch(/^application\/json/);
    };
    const csv = async (accept: string) => {
      const answer = await get(analytics, { accept });
      expect(csvRecords(answer, /analytics-agent-csv-errors-[\d-]+\.csv/).at(-1)?.at, accept).toBe('total');
    };
    await json('*/*');
    await json('application/xml');
    await json('text/csv;q=0.1, application/json');
    await json(';;;,,, garbage/');
    await json('x'.repeat(2_000));
    await csv('text/csv');
    await csv('application/json;q=0.2, text/csv');
    await csv('TEXT/CSV');
    await json('text/*');
    const transcripts = await get('/api/agents/csv-errors/conversations/export', { accept: 'application/json' });
    expect(csvRecords(transcripts, /transcripts-csv-errors-[\d-]+\.csv/).map((row) => row.content)).toContain('hello');
  });
});
