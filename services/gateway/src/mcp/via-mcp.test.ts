import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installViaMcp, VIA_HEADER } from './via-mcp.js';

describe('the MCP mark on API calls', () => {
  it('is read only in its exact form, and the header never reaches a route', async () => {
    const app = Fastify();
    const { header } = installViaMcp(app);
    expect(header).toBe('mcp');
    app.get('/who', async (request) => ({ via: request.via ?? null, header: request.headers[VIA_HEADER] ?? null }));
    await app.ready();
    const marked = await app.inject({ method: 'GET', url: '/who', headers: { [VIA_HEADER]: 'mcp' } });
    expect(marked.json()).toEqual({ via: 'mcp', header: null });
    for (const other of ['MCP', 'mcp x', 'admin', '']) {
      const answer = await app.inject({ method: 'GET', url: '/who', headers: { [VIA_HEADER]: other } });
      expect(answer.json(), other).toEqual({ via: null, header: null });
    }
    expect((await app.inject({ method: 'GET', url: '/who' })).json()).toEqual({ via: null, header: null });
    await app.close();
  });
});
