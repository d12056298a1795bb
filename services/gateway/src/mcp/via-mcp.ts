import { VIA_MCP_HEADER } from '@parley/mcp-tools';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** `mcp`: the call came through an MCP server (the audit log records `actor.kind: "mcp"`). */
    via: 'mcp' | undefined;
  }
}

export const VIA_HEADER = VIA_MCP_HEADER.name;

/**
 * Marks the calls the MCP tools make: those of /mcp (through `app.inject`) and those of the stdio
 * server `parley-mcp` (over the network, with the user's own key). Both send the same header, so
 * it is no secret: it changes nothing but how the audit log labels a change made with a valid
 * key – `mcp` instead of `key` or `admin`, that key's id and name kept – and a caller can only
 * say it of its own key. It is honoured only with a principal (audit/trail.ts), never decides
 * anything else, and is removed from every request before a route sees it.
 */
export function installViaMcp(app: FastifyInstance): { header: string } {
  app.decorateRequest('via', undefined);
  app.addHook('onRequest', async (request) => {
    const value = request.headers[VIA_HEADER];
    if (value === undefined) return;
    delete request.headers[VIA_HEADER];
    if (value === VIA_MCP_HEADER.value) request.via = 'mcp';
  });
  return { header: VIA_MCP_HEADER.value };
}
