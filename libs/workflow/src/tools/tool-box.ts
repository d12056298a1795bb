/**
 * What the engine needs to call an agent's tools (docs/workflow.md "Tools"). The engine does no
 * I/O: the agent-runner passes in a ToolBox that makes the calls (HTTP through the outbound guard,
 * MCP through its SDK's client) with the tenant's secrets; a turn without one cannot call tools.
 */

/** How a call ended, as replies report it. */
export type ToolCallStatus = 'ok' | 'error' | 'timeout' | 'refused';

/** A tool as the model sees it, by the name nodes use (`order_status`, `crm.find_customer`). */
export interface ToolDescription {
  name: string;
  description?: string | undefined;
  parameters: Record<string, unknown>;
}

export interface ToolCallResult {
  status: ToolCallStatus;
  /** The tool's answer (JSON, or text) when `ok`; undefined otherwise. */
  result?: unknown;
  /** Why it failed, in words for the transcript and the model; never a secret, a URL's query or a header. */
  error?: string | undefined;
  durationMs: number;
}

export interface ToolBox {
  /**
   * The tools named, as the model may call them: an http tool from its config, an MCP server's
   * tool as the server lists it now. One that cannot be described (its server does not answer) is
   * left out: the model cannot call what it does not see.
   */
  describe(names: readonly string[]): Promise<ToolDescription[]>;
  /**
   * One call. `key` is the same for the same call of a turn run again (a runner lost mid-turn), so
   * a call already answered is answered the same and a tool can tell a repeated call from a new
   * one. Never throws for the tool's failure: that is the result's status.
   */
  call(request: { tool: string; args: unknown; variables: Readonly<Record<string, string>>; key: string; nodeId: string }): Promise<ToolCallResult>;
}

/** A call as the turn keeps it: reported in the reply (without `result`) and stored in the transcript (with it). */
export interface ToolCallRecord {
  tool: string;
  arguments: unknown;
  status: ToolCallStatus;
  duration_ms: number;
  /** The node that made it (a prompt node's model, or a node's `call`). */
  node_id: string;
  result?: unknown;
  error?: string;
}

/** The most of a result a model reads back, in characters: a tool's answer is context, not a document. */
export const MAX_RESULT_FOR_MODEL = 16_000;

/** A call's result as the model reads it: the answer as JSON text, or what went wrong. */
export function resultForModel(outcome: ToolCallResult): string {
  const text =
    outcome.status === 'ok'
      ? typeof outcome.result === 'string'
        ? outcome.result
        : JSON.stringify(outcome.result ?? null)
      : JSON.stringify({ error: outcome.status, message: outcome.error ?? 'the call failed' });
  return text.length > MAX_RESULT_FOR_MODEL ? `${text.slice(0, MAX_RESULT_FOR_MODEL)}… (cut)` : text;
}
