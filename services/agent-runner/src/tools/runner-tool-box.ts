import type { PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';
import {
  argumentsProblem,
  renderText,
  renderUrl,
  secretReferences,
  type ToolBox,
  type ToolCallResult,
  type ToolConfig,
  type ToolDescription,
  type ToolScope,
} from '@parley/workflow';
import type { Counter, Histogram } from 'prom-client';
import type { ToolCallLedger } from './call-ledger.js';
import { callHttpTool } from './http-tool.js';
import type { McpServers, McpTarget } from './mcp-servers.js';
import { describeFailure, redact } from './redaction.js';
import type { TenantSlots } from './tenant-slots.js';

/** What every turn's tool box shares (app.ts builds it once per runner). */
export interface ToolParts {
  bus: PlatformBus;
  logger: Logger;
  ledger: ToolCallLedger;
  slots: TenantSlots;
  mcp: McpServers;
  /** TOOLS_ALLOW_PRIVATE: tools may reach private addresses (development only). */
  allowPrivate: boolean;
  /** The guarded fetch http tools are called through, its connections kept between calls (closed when the runner drains). */
  http?: { fetch: typeof fetch } | undefined;
  metrics: { calls: Counter<'tool' | 'status'>; durations: Histogram<'tool'> };
}

const NO_PARAMETERS = { type: 'object', properties: {} };

/**
 * One turn's tools (docs/workflow.md "Tools"): the agent's http and mcp tools, called with the
 * tenant's secrets, each call through the outbound guard, within its timeout and the tenant's
 * share of the runner, answered from the ledger when the same call was answered before.
 */
export class RunnerToolBox implements ToolBox {
  private readonly byName: Map<string, ToolConfig>;

  constructor(
    private readonly parts: ToolParts,
    tools: readonly ToolConfig[],
    private readonly tenantId: string | undefined,
  ) {
    this.byName = new Map(tools.map((tool) => [tool.name, tool]));
  }

  async describe(names: readonly string[]): Promise<ToolDescription[]> {
    const described: ToolDescription[] = [];
    const servers = new Map<string, string[]>();
    for (const name of names) {
      const dot = name.indexOf('.');
      if (dot < 0) {
        const tool = this.byName.get(name);
        if (tool?.http) described.push({ name, description: tool.description, parameters: tool.parameters ?? NO_PARAMETERS });
      } else servers.set(name.slice(0, dot), [...(servers.get(name.slice(0, dot)) ?? []), name]);
    }
    for (const [server, wanted] of servers) {
      const tool = this.byName.get(server);
      if (!tool?.mcp) continue;
      try {
        const listed = await this.parts.mcp.list(await this.mcpTarget(tool), server, tool.timeout_ms);
        described.push(...listed.filter((item) => wanted.includes(item.name)));
      } catch (error) {
        // The model is not offered what cannot be called; the turn goes on without it.
        this.parts.logger.warn({ err: error, tool: server }, 'MCP server did not list its tools: its tools are left out of this reply');
      }
    }
    return described;
  }

  /** The tools as `GET …/tools` lists them: every http tool, every allowed tool of each MCP server asked live, or why it could not be. */
  async catalogue(): Promise<Array<ToolDescription | { name: string; error: string }>> {
    const out: Array<ToolDescription | { name: string; error: string }> = [];
    for (const tool of this.byName.values()) {
      if (tool.http) {
        out.push({ name: tool.name, description: tool.description, parameters: tool.parameters ?? NO_PARAMETERS });
        continue;
      }
      try {
        const listed = await this.parts.mcp.list(await this.mcpTarget(tool), tool.name, tool.timeout_ms);
        out.push(...listed.filter((item) => tool.allow === undefined || tool.allow.includes(item.name.slice(tool.name.length + 1))));
      } catch (error) {
        out.push({ name: tool.name, error: describeFailure(error) });
      }
    }
    return out;
  }

  async call(request: { tool: string; args: unknown; variables: Readonly<Record<string, string>>; key: string }): Promise<ToolCallResult> {
    const started = performance.now();
    const answered = await this.parts.ledger.answered(request.key).catch(() => undefined);
    if (answered) return answered;
    const result = await this.make(request);
    const outcome: ToolCallResult = { ...result, durationMs: Math.round(performance.now() - started) };
    this.parts.metrics.calls.inc({ tool: request.tool, status: outcome.status });
    this.parts.metrics.durations.observe({ tool: request.tool }, outcome.durationMs / 1000);
    await this.parts.ledger
      .record(request.key, outcome)
      .catch((error: unknown) => this.parts.logger.warn({ err: error, tool: request.tool }, 'tool call answer not recorded'));
    return outcome;
  }

  private async make(request: {
    tool: string;
    args: unknown;
    variables: Readonly<Record<string, string>>;
    key: string;
  }): Promise<Omit<ToolCallResult, 'durationMs'>> {
    const dot = request.tool.indexOf('.');
    const tool = this.byName.get(dot < 0 ? request.tool : request.tool.slice(0, dot));
    if (!tool || (dot < 0 ? !tool.http : !tool.mcp)) return { status: 'error', error: `the agent has no tool "${request.tool}"` };
    if (tool.http) {
      const problem = argumentsProblem(tool.parameters ?? NO_PARAMETERS, request.args ?? {});
      if (problem !== undefined) return { status: 'error', error: `the arguments do not fit the tool: ${problem}` };
    }
    const give = this.tenantId === undefined ? () => {} : this.parts.slots.take(this.tenantId);
    if (!give) return { status: 'refused', error: 'the agent has too many tool calls in flight: try again in a moment' };
    let secrets: Record<string, string> = {};
    try {
      secrets = await this.secretsOf(tool);
      const scope: ToolScope = { args: (request.args ?? {}) as Record<string, unknown>, variables: request.variables, secrets };
      const result = tool.http
        ? await callHttpTool(tool.http, scope, { key: request.key, timeoutMs: tool.timeout_ms, allowPrivate: this.parts.allowPrivate, via: this.parts.http })
        : await this.parts.mcp.call(this.renderMcp(tool, scope), request.tool.slice(dot + 1), request.args, tool.timeout_ms).catch((error: unknown) => ({
            status: isTimeout(error) ? ('timeout' as const) : ('error' as const),
            error: describeFailure(error),
          }));
      return redact(result, Object.values(secrets));
    } catch (error) {
      return redact({ status: 'error', error: describeFailure(error) }, Object.values(secrets));
    } finally {
      give();
    }
  }

  /** The tenant's secrets the tool's templates name, read now: a rotated secret counts from the next call. */
  private async secretsOf(tool: ToolConfig): Promise<Record<string, string>> {
    return revealSecrets(
      this.parts.bus,
      this.tenantId,
      secretReferences({ tools: [tool] }).map((reference) => reference.name),
    );
  }

  private async mcpTarget(tool: ToolConfig): Promise<McpTarget> {
    return this.renderMcp(tool, { args: {}, variables: {}, secrets: await this.secretsOf(tool) });
  }

  private renderMcp(tool: ToolConfig, scope: ToolScope): McpTarget {
    const mcp = tool.mcp as NonNullable<ToolConfig['mcp']>;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(mcp.headers ?? {})) headers[name] = renderText(value, scope);
    return { url: renderUrl(mcp.url, { ...scope, args: {} }), headers };
  }
}

function isTimeout(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /timeout|timed out|aborted/i.test(text);
}

/** The tenant's secrets of these names, read now (a rotated secret counts from the next call); none without a tenant. */
export async function revealSecrets(bus: PlatformBus, tenantId: string | undefined, names: readonly string[]): Promise<Record<string, string>> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0 || tenantId === undefined) return {};
  const { values } = await bus.request('links.tenant-secrets.reveal', { tenantId, names: wanted });
  return values;
}
