import type { ReplyTools } from '@parley/workflow';
import type {
  ChatCompletionChunk,
  ChatCompletionFunctionTool,
  ChatCompletionMessage,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';

/**
 * Function calling for a prompt node's reply (docs/workflow.md "Tools"): the model is asked, runs
 * the calls it asks for, is asked again with their results, and so on until it answers in text.
 * Each round is one request; how a request is made (streamed or not, retried) is the caller's.
 */

/** What a round's request adds to the sampling settings. */
export interface RoundRequest {
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionFunctionTool[];
  /** Set once the calls are spent: the model must answer in text. */
  tool_choice?: 'none';
}

/** A round's answer: its text and the calls it asks for (none: the text is the last word). */
export interface RoundAnswer {
  text: string;
  calls: ChatCompletionMessageFunctionToolCall[];
}

/** Between the texts of two rounds ("Let me look that up." … "It shipped on Monday."), in the reply as on screen. */
export const ROUND_SEPARATOR = '\n\n';

/** The result the model reads for a call it made past the reply's limit: the call is not run. */
export const CALL_LIMIT_RESULT = 'Not run: the limit of tool calls for this reply was reached. Answer with what you have.';

/** The arguments as the model wrote them: parsed JSON, or the raw text when it is not JSON (the tool says what is wrong). */
export function parseArguments(text: string): unknown {
  // Some OpenAI-compatible servers send nothing for a call without arguments.
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The function calls of a whole (not streamed) answer; other kinds are never offered, so never asked for. */
export function answeredCalls(message: ChatCompletionMessage | undefined): ChatCompletionMessageFunctionToolCall[] {
  return (message?.tool_calls ?? []).filter((call): call is ChatCompletionMessageFunctionToolCall => call.type === 'function');
}

/**
 * A streamed answer's calls put back together: each call's first piece carries its index, id and
 * name, the arguments come in pieces after it. One per attempt, as a retried stream starts over.
 */
export class StreamedCalls {
  private readonly byIndex = new Map<number, { id: string; name: string; arguments: string }>();

  add(pieces: ChatCompletionChunk.Choice.Delta.ToolCall[] | undefined): void {
    for (const piece of pieces ?? []) {
      const call = this.byIndex.get(piece.index) ?? { id: '', name: '', arguments: '' };
      call.id ||= piece.id ?? '';
      call.name ||= piece.function?.name ?? '';
      call.arguments += piece.function?.arguments ?? '';
      this.byIndex.set(piece.index, call);
    }
  }

  get calls(): ChatCompletionMessageFunctionToolCall[] {
    return [...this.byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => ({ id: call.id || `call_${index}`, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  }
}

/**
 * Runs a reply's rounds: asks with `ask` (told whether earlier rounds said something, so a
 * streamed round can put ROUND_SEPARATOR before its text), runs the calls each answer asks for
 * through `tools.call` one after another, in the model's order, and asks again with their
 * results. At most `tools.maxCalls` calls run in all; a round's calls past what is left get
 * CALL_LIMIT_RESULT, and the next request carries `tool_choice: "none"`, whose answer is the
 * last whatever it holds. Returns every round's text, joined by ROUND_SEPARATOR: what was streamed.
 */
export async function runToolRounds(
  messages: ChatCompletionMessageParam[],
  tools: ReplyTools | undefined,
  ask: (request: RoundRequest, saidBefore: boolean) => Promise<RoundAnswer>,
): Promise<string> {
  if (!tools || tools.tools.length === 0) return (await ask({ messages }, false)).text;

  const offered: ChatCompletionFunctionTool[] = tools.tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.parameters },
  }));
  const conversation = [...messages];
  const said: string[] = [];
  let callsLeft = Math.max(0, tools.maxCalls);
  for (;;) {
    const spent = callsLeft === 0;
    const answer = await ask({ messages: conversation, tools: offered, ...(spent ? { tool_choice: 'none' as const } : {}) }, said.length > 0);
    if (answer.text) said.push(answer.text);
    if (answer.calls.length === 0 || spent) return said.join(ROUND_SEPARATOR);

    tools.onCalling?.();
    conversation.push({ role: 'assistant', content: answer.text || null, tool_calls: answer.calls });
    for (const call of answer.calls) {
      let result = CALL_LIMIT_RESULT;
      if (callsLeft > 0) {
        callsLeft -= 1;
        result = await tools.call(call.function.name, parseArguments(call.function.arguments));
      }
      conversation.push({ role: 'tool', tool_call_id: call.id, content: result });
    }
  }
}
