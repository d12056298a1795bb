/**
 * What the workflow engine needs from a language model. The engine does no I/O itself: the
 * agent-runner passes in an implementation backed by the openai SDK (@parley/llm), or noLlm()
 * when none is configured.
 */

export interface LlmSettings {
  model: string;
  temperature?: number;
  max_tokens?: number;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
  /**
   * Images the visitor attached to this message, as `data:` URLs: the LLM request carries them as
   * image parts after the text (docs/workflow.md, "Files visitors attach").
   */
  images?: string[];
}

/** Tokens an LLM call spent, as the LLM reported them: prompt (input) and completion (output). */
export interface LlmUsage {
  prompt: number;
  completion: number;
}

/**
 * One request the model answered, as a turn's trace keeps it (docs/workflow.md "Traces"): a reply
 * with tools makes one per round. Tokens as the LLM reported them (0 when it did not say).
 */
export interface LlmCallTrace {
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
}

export interface LlmCallResult<T> {
  value: T;
  /** Wall time spent on the call, retries included. */
  latencyMs: number;
  /** What the call's attempts spent, where the LLM said; absent when it said nothing. */
  usage?: LlmUsage | undefined;
  /** Each request the model answered, in order; absent when the implementation does not say. */
  calls?: LlmCallTrace[] | undefined;
}

/** A tool the model may call, as the model sees it: a function name it may use, what it does, and its arguments' JSON Schema. */
export interface ModelTool {
  /** `[A-Za-z0-9_-]{1,64}`, as function calling takes it (see toolFunctionName). */
  name: string;
  description?: string | undefined;
  parameters: Record<string, unknown>;
}

/** What the model may call during one reply, and how its calls are run (docs/workflow.md "Tools"). */
export interface ReplyTools {
  tools: ModelTool[];
  /** Calls the model may make during the reply, all rounds together; once spent, it is asked to answer without tools. */
  maxCalls: number;
  /**
   * Runs one call the model asked for (by its function name, with the arguments it wrote, as parsed
   * JSON or the raw text when it was not JSON). Never throws for the tool's own failure: what it
   * returns is the text the model reads as the call's result (a failure described).
   */
  call(name: string, args: unknown): Promise<string>;
  /** Told when the model has asked for calls and they are about to run: live clients hear the agent is working. */
  onCalling?: (() => void) | undefined;
}

export interface WorkflowLlm {
  /** False when no LLM is configured: prompt nodes use fallback_text, extraction/intents skip the LLM. */
  readonly available: boolean;
  /**
   * A reply for a prompt node; `onDelta` receives the text as it streams. With `tools`, the model
   * may call them first (function calling): each call runs, its result goes back to the model, and
   * the reply is its final text; every round's tokens and time count in the result.
   */
  reply(args: {
    settings: LlmSettings;
    system: string;
    history: ChatTurn[];
    onDelta?: (text: string) => void;
    tools?: ReplyTools | undefined;
  }): Promise<LlmCallResult<string>>;
  /** One call for all variables of a node; returns only the ones found. */
  extract(args: {
    settings: LlmSettings;
    variables: Array<{ name: string; description?: string }>;
    message: string;
  }): Promise<LlmCallResult<Record<string, string>>>;
  /** The intent among `intents` the message expresses, or null for none. */
  classify(args: { settings: LlmSettings; intents: Array<{ name: string; description?: string }>; message: string }): Promise<LlmCallResult<string | null>>;
}

/** Any failure of an LLM call after its retries; the engine turns it into fallback_text or `unavailable`. */
export class LlmUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmUnavailableError';
  }
}

/** For deployments without an LLM: prompt nodes say their fallback_text, extraction and intents skip the LLM. */
export function noLlm(): WorkflowLlm {
  const unavailable = async (): Promise<never> => {
    throw new LlmUnavailableError('no LLM is configured');
  };
  return { available: false, reply: unavailable, extract: unavailable, classify: unavailable };
}
