import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createParleyClient, ParleyApiError } from '@parley/client';
import { createParleyMcpServer, type PlatformCall, VIA_MCP_HEADER } from '@parley/mcp-tools';
import { MCP_USAGE, parseMcpArgs } from './mcp-options.js';
import { CLI_VERSION } from './version.js';

/**
 * `parley-mcp`: the gateway's MCP tools over stdio, for clients that start a local process
 * (Claude Desktop and the like). Each tool calls the platform's HTTP API with the key given here,
 * so it answers exactly what /mcp answers. stdout carries the protocol only; problems go to stderr.
 */

/** Configuration from the environment; every missing variable is named at once. */
function configFrom(env: NodeJS.ProcessEnv): { url: string; key: string; tenantId: string | undefined } | { problems: string[] } {
  const problems: string[] = [];
  // PARLEY_URL: the gateway's base URL, e.g. https://parley.example.com
  const url = env.PARLEY_URL?.trim();
  // PARLEY_API_KEY: a tenant key, or the platform admin key together with PARLEY_TENANT_ID.
  const key = env.PARLEY_API_KEY?.trim();
  if (!url) problems.push("PARLEY_URL is not set (the gateway's base URL, e.g. https://parley.example.com)");
  else if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) problems.push(`PARLEY_URL is not an http(s) URL: ${url}`);
  if (!key) problems.push('PARLEY_API_KEY is not set (a tenant key, or the admin key with PARLEY_TENANT_ID)');
  if (problems.length > 0 || !url || !key) return { problems };
  // PARLEY_TENANT_ID: the tenant the admin key acts on (sent as X-Tenant-Id); unused with a tenant key.
  return { url: url.replace(/\/+$/, ''), key, tenantId: env.PARLEY_TENANT_ID?.trim() || undefined };
}

/** Longer than the gateway's own request timeout (30 s by default), so its answer normally arrives first. */
const REQUEST_TIMEOUT_MS = 60_000;

function fetchCall(config: { url: string; key: string; tenantId: string | undefined }): PlatformCall {
  const client = createParleyClient({ baseUrl: config.url, auth: { kind: 'key', key: config.key, tenantId: config.tenantId }, timeoutMs: REQUEST_TIMEOUT_MS });
  // The MCP mark labels this key's changes `mcp` in the audit log; it grants nothing.
  const headers = { [VIA_MCP_HEADER.name]: VIA_MCP_HEADER.value };
  return async ({ method, path, body }) => {
    try {
      const response = await client.raw(method, path, { body, headers });
      const text = await response.text();
      try {
        return { status: response.status, body: text.length === 0 ? undefined : JSON.parse(text) };
      } catch {
        return { status: 503, body: { error: { code: 'unavailable', message: `${config.url} answered ${response.status} without JSON` } } };
      }
    } catch (error) {
      // A refusal goes back to the tool as the platform answered it.
      if (error instanceof ParleyApiError) {
        const refusal = {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
          ...(error.requestId ? { request_id: error.requestId } : {}),
        };
        return { status: error.status, body: { error: refusal } };
      }
      // The platform is unreachable or too slow: the tool says so (the client may retry), the server stays up.
      const reason = error instanceof Error ? error.message : String(error);
      return { status: 503, body: { error: { code: 'unavailable', message: `${config.url} could not be reached: ${reason}` } } };
    }
  };
}

/** Exit codes: 0 help or version printed (or the client closed stdin), 2 usage or configuration. */
async function main(): Promise<number> {
  const command = parseMcpArgs(process.argv.slice(2));
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${MCP_USAGE}\n`);
      return 0;
    case 'version':
      process.stdout.write(`${CLI_VERSION}\n`);
      return 0;
    case 'usage-error':
      process.stderr.write(`parley-mcp: ${command.message}\n\n${MCP_USAGE}\n`);
      return 2;
    case 'serve':
      break;
  }
  const config = configFrom(process.env);
  if ('problems' in config) {
    for (const problem of config.problems) process.stderr.write(`parley-mcp: ${problem}\n`);
    return 2;
  }
  // The transport keeps the process alive until the client closes stdin.
  await createParleyMcpServer(fetchCall(config)).connect(new StdioServerTransport());
  return 0;
}

process.exitCode = await main();
