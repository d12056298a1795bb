import { z } from 'zod';

/** How a tool call ended (docs/workflow.md "Tools"). */
export const toolCallStatus = z.enum(['ok', 'error', 'timeout', 'refused']);
export type ToolCallStatus = z.infer<typeof toolCallStatus>;

/** A tool call as every turn's reply reports it: no result (that is for the transcript), never a secret. */
export const toolCallReport = z.object({
  tool: z.string(),
  arguments: z.unknown(),
  status: toolCallStatus,
  duration_ms: z.number().int().min(0),
});
export type ToolCallReport = z.infer<typeof toolCallReport>;

/** A tool call as the turn keeps it: with the node that made it, and its result or what went wrong (the transcript's `role: "tool"` message). */
export const toolCallRecord = toolCallReport.extend({
  node_id: z.string(),
  result: z.unknown().optional(),
  error: z.string().optional(),
});
export type ToolCallRecord = z.infer<typeof toolCallRecord>;

/** The report of each kept call, in order. */
export const toolCallReports = (calls: readonly ToolCallRecord[] | undefined): ToolCallReport[] =>
  (calls ?? []).map(({ tool, arguments: args, status, duration_ms }) => ({ tool, arguments: args, status, duration_ms }));

/**
 * A call as the transcript keeps it (the `tool_call` of a `role: "tool"` message): the record
 * without its node, which the message carries as its own `node_id`.
 */
export const storedToolCall = toolCallRecord.omit({ node_id: true });
export type StoredToolCall = z.infer<typeof storedToolCall>;

/** One tool's calls in an analytics window (docs/management-api.md "Analytics"): failures are calls whose status is not `ok`. */
export const toolActivity = z.object({
  tool: z.string(),
  calls: z.number().int().min(0),
  failures: z.number().int().min(0),
  avg_duration_ms: z.number().min(0),
  p95_duration_ms: z.number().min(0),
});
export type ToolActivity = z.infer<typeof toolActivity>;

/** What an agent version can call (`GET /api/agents/{name}/versions/{version}/tools`): a tool as the model sees it, or an MCP server that did not answer and why. */
export const agentToolList = z.object({
  tools: z.array(
    z.union([
      z.object({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()) }),
      z.object({ name: z.string(), error: z.string() }),
    ]),
  ),
});
export type AgentToolList = z.infer<typeof agentToolList>;
