import { createHash } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Logger } from '@parley/logger';
import { guardedFetch } from '@parley/outbound';
import type { ToolCallResult, ToolDescription } from '@parley/workflow';

/** An MCP server as a tool's config names it, its headers rendered (secrets in them included). */
export interface McpTarget {
  url: string;
  headers: Record<string, string>;
}

interface Connection {
  client: Promise<Client>;
  usedAt: number;
  /** The server's tools as last listed, and when. */
  listed?: { at: number; tools: ToolDescription[] } | undefined;
}

export interface McpServersOptions {
  allowPrivate: boolean;
  logger: Logger;
  /** How long an unused connection is kept open. */
  idleMs?: number;
  /** How long a server's list of tools is used before it is asked again. */
  listTtlMs?: number;
  now?: () => number;
}

/**
 * The MCP servers agents' tools live on (docs/workflow.md "Tools"), spoken to over Streamable
 * HTTP by the official SDK's client, every request through the outbound guard. A connection is kept
 * per server and headers – a rotated secret renders other headers, so the next call opens a new
 * one – and closed when unused, or when a request on it fails.
 */
export class McpServers {
  private readonly connections = new Map<string, Connection>();
  private readonly idleMs: number;
  private readonly listTtlMs: number;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: McpServersOptions) {
    this.idleMs = options.idleMs ?? 60_000;
    this.listTtlMs = options.listTtlMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.fetch = guardedFetch({ allowPrivate: options.allowPrivate, who: 'tools' });
  }

  /** The server's tools, as it lists them (kept for a little while), named `prefix.tool`. */
  async list(target: McpTarget, prefix: string, timeoutMs: number): Promise<ToolDescription[]> {
    const connection = this.connection(target);
    if (connection.listed && this.now() - connection.listed.at < this.listTtlMs) return connection.listed.tools.map((tool) => named(tool, prefix));
    const tools = await this.using(target, connection, async (client) => {
      const listed: ToolDescription[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: timeoutMs });
        for (const tool of page.tools) listed.push({ name: tool.name, description: tool.description, parameters: tool.inputSchema as Record<string, unknown> });
        cursor = page.nextCursor;
      } while (cursor !== undefined && listed.length < 1_000);
      return listed;
    });
    connection.listed = { at: this.now(), tools };
    return tools.map((tool) => named(tool, prefix));
  }

  /** One call of the server's tool `name`; the server's own failure (`isError`) is a failed call. */
  async call(target: McpTarget, name: string, args: unknown, timeoutMs: number): Promise<Omit<ToolCallResult, 'durationMs'>> {
    const connection = this.connection(target);
    const answer = await this.using(target, connection, (client) =>
      client.callTool({ name, arguments: (args ?? {}) as Record<string, unknown> }, undefined, { timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) }),
    );
    const result = resultOf(answer as { content?: unknown; structuredContent?: unknown });
    if (answer.isError) return { status: 'error', error: typeof result === 'string' ? result.slice(0, 500) : 'the tool reported an error', result };
    return { status: 'ok', result };
  }

  async close(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((connection) => closeQuietly(connection.client)));
  }

  private connection(target: McpTarget): Connection {
    this.sweep();
    const key = createHash('sha256')
      .update(JSON.stringify([target.url, Object.entries(target.headers).sort()]))
      .digest('hex');
    let connection = this.connections.get(key);
    if (!connection) {
      connection = { client: this.open(target), usedAt: this.now() };
      this.connections.set(key, connection);
      // A server that cannot be reached is tried afresh by the next call.
      connection.client.catch(() => this.connections.delete(key));
    }
    connection.usedAt = this.now();
    return connection;
  }

  private async open(target: McpTarget): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(target.url), { fetch: this.fetch, requestInit: { headers: target.headers } });
    const client = new Client({ name: 'parley-agent-runner', version: '1.0.0' });
    await client.connect(transport);
    return client;
  }

  /** Runs `work` on the connection; a failure closes it, so the next call starts clean. */
  private async using<T>(target: McpTarget, connection: Connection, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await connection.client;
    try {
      return await work(client);
    } catch (error) {
      for (const [key, kept] of this.connections) if (kept === connection) this.connections.delete(key);
      void closeQuietly(connection.client);
      this.options.logger.debug({ err: error, host: new URL(target.url).host }, 'MCP request failed; its connection is closed');
      throw error;
    }
  }

  private sweep(): void {
    const oldest = this.now() - this.idleMs;
    for (const [key, connection] of this.connections) {
      if (connection.usedAt < oldest) {
        this.connections.delete(key);
        void closeQuietly(connection.client);
      }
    }
  }
}

function named(tool: ToolDescription, prefix: string): ToolDescription {
  return { ...tool, name: `${prefix}.${tool.name}` };
}

/** An MCP answer as a result: its structured content, else its one text (as JSON when it parses), else its content list. */
function resultOf(answer: { content?: unknown; structuredContent?: unknown }): unknown {
  if (answer.structuredContent !== undefined) return answer.structuredContent;
  const content = Array.isArray(answer.content) ? (answer.content as { type?: string; text?: string }[]) : [];
  const texts = content.filter((part) => part.type === 'text').map((part) => part.text ?? '');
  if (texts.length === 1 && content.length === 1) {
    try {
      return JSON.parse(texts[0] ?? '');
    } catch {
      return texts[0];
    }
  }
  return content;
}

async function closeQuietly(client: Promise<Client>): Promise<void> {
  try {
    await (await client).close();
  } catch {
    // Already gone.
  }
}
