import type { WorkflowNode } from '../agent-config.js';
import type { ReplyTools } from '../llm.js';
import { toolFunctionName } from '../tool-names.js';
import type { Turn } from '../turn.js';
import { DEFAULT_MAX_TOOL_CALLS } from './tool-config.js';
import { resultForModel, type ToolCallResult } from './tool-box.js';
import { renderArguments } from './tool-templates.js';

/** The most a kept result may hold, in characters: variables travel with every turn and every reply. */
export const MAX_KEPT_RESULT = 32_000;

/**
 * A node's `call` (docs/workflow.md "Tools"): made when the node is entered, before it speaks. Its
 * result is kept as the variable `save_as` (JSON as text, so templates read into it:
 * `{{order.status}}`); a failed call clears that variable and says why in `<save_as>_error`
 * (`error`, `timeout` or `refused`; a result over MAX_KEPT_RESULT is an `error`), which `tool_failed:` reads – on entry or on a later turn.
 */
export async function makeNodeCall(turn: Turn, node: WorkflowNode): Promise<void> {
  const call = node.call;
  if (!call) return;
  const outcome = await turn.callTool(node.id, call.tool, renderArguments(call.args ?? {}, turn.collected));
  const errorName = `${call.save_as}_error`;
  const kept = outcome.status === 'ok' ? (typeof outcome.result === 'string' ? outcome.result : JSON.stringify(outcome.result ?? null)) : '';
  if (outcome.status === 'ok' && kept.length <= MAX_KEPT_RESULT) {
    turn.keep(call.save_as, kept);
    turn.forget(errorName);
  } else {
    turn.forget(call.save_as);
    turn.keep(errorName, outcome.status === 'ok' ? 'error' : outcome.status);
  }
}

/**
 * The tools a prompt node's model may call this turn, or undefined when it has none (or the turn
 * has no way to call them). Names are given to the model as function names (a dot is not allowed
 * there) and mapped back when it calls.
 */
export async function promptTools(turn: Turn, node: WorkflowNode): Promise<ReplyTools | undefined> {
  const box = turn.deps.tools;
  if (!box || !node.tools?.length) return undefined;
  const described = await box.describe(node.tools);
  if (described.length === 0) return undefined;
  const byFunction = new Map(described.map((tool) => [toolFunctionName(tool.name), tool.name]));
  return {
    tools: described.map((tool) => ({ name: toolFunctionName(tool.name), description: tool.description, parameters: tool.parameters })),
    maxCalls: node.max_tool_calls ?? DEFAULT_MAX_TOOL_CALLS,
    call: async (functionName, args) => {
      const name = byFunction.get(functionName);
      const outcome: ToolCallResult = name
        ? await turn.callTool(node.id, name, args)
        : { status: 'error', error: `there is no tool "${functionName}"`, durationMs: 0 };
      return resultForModel(outcome);
    },
    onCalling: turn.deps.onToolCalls ? () => turn.deps.onToolCalls?.(node.id) : undefined,
  };
}
