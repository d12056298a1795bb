import { parseArgs } from 'node:util';

export const MCP_USAGE = `Usage: parley-mcp [--help | --version]

Serves Parley's MCP tools over stdio, for MCP clients that start a local process
(Claude Desktop and the like): temporary chat links to create, list, update and
delete, with their templates, schedules, sessions and analytics. Each tool calls
the platform's HTTP API with the key below, so it answers exactly what /mcp answers.
stdout carries the MCP protocol only; problems are written to stderr.

Options:
  -h, --help          show this help
  -V, --version       print the version

Environment:
  PARLEY_URL          the gateway's base URL, e.g. https://parley.example.com (required)
  PARLEY_API_KEY      a tenant key, or the platform admin key together with
                      PARLEY_TENANT_ID (required)
  PARLEY_TENANT_ID    the tenant the admin key acts on (sent as X-Tenant-Id);
                      unused with a tenant key`;

export type McpCommand = { kind: 'serve' } | { kind: 'help' } | { kind: 'version' } | { kind: 'usage-error'; message: string };

/** `parley-mcp` takes no arguments but these two; anything else is a usage error, never ignored. */
export function parseMcpArgs(argv: readonly string[]): McpCommand {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
    if (values.help) return { kind: 'help' };
    if (values.version) return { kind: 'version' };
    return { kind: 'serve' };
  } catch (error) {
    // parseArgs names the unknown option or stray argument; keep its first sentence.
    return { kind: 'usage-error', message: error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error) };
  }
}
