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

export interface LlmCallResult<T> {
  value: T;
  /** Wall time spent on the call, retries included. */
  latencyMs: number;
  /** What the call's attempts spent, where the LLM said; absent when it said nothing. */
  usage?: LlmUsage | undefined;
}

export interface WorkflowLlm {
  /** False when no LLM is configured: prompt nodes use fallback_text, extraction/intents skip the LLM. */
  readonly available: boolean;
  /** A reply for a prompt node; `onDelta` receives the text as it streams. */
  reply(args: { settings: LlmSettings; system: string; history: ChatTurn[]; onDelta?: (text: string) => void }): Promise<LlmCallResult<string>>;
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
