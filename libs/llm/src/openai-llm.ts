import type { Logger } from '@parley/logger';
import { type ChatTurn, type LlmCallTrace, type LlmSettings, type LlmUsage, noLlm, type WorkflowLlm } from '@parley/workflow';
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { classificationMessages, parseClassification } from './classification.js';
import { DeltaForwarder } from './delta-forwarder.js';
import { extractionMessages, parseExtraction } from './extraction.js';
import { createLlmFetch, type LlmFetch } from './llm-fetch.js';
import { type LlmMetrics, meteredCompletions } from './metered-completions.js';
import { type LlmPurpose, purposeHeader } from './purpose.js';
import { type RetryPolicy, withRetries } from './retry.js';
import { answeredCalls, ROUND_SEPARATOR, type RoundAnswer, type RoundRequest, runToolRounds, StreamedCalls } from './tool-rounds.js';

export interface OpenAiLlmOptions {
  /** Without a key but with baseUrl: a local OpenAI-compatible server that needs none. */
  apiKey?: string;
  /** Defaults to OpenAI's API. */
  baseUrl?: string;
  /** Per attempt, a streamed reply included. Default 30000. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx, timeouts and connection errors. Default 2. */
  maxRetries?: number;
  /** First backoff, doubled per retry (with jitter). Default 500. */
  retryBaseDelayMs?: number;
  /** Cap on any backoff, a server's retry-after included. Default 5000. */
  retryMaxDelayMs?: number;
  logger: Logger;
  /** Where each attempt's time, tokens and failure are counted; none: not counted. */
  metrics?: LlmMetrics;
  /** The fetch requests go through (an agent's backend: the outbound guard's); default: kept-alive connections of our own. */
  fetch?: LlmFetch['fetch'];
  /** Headers every request carries (an agent's backend: its `headers`, secrets filled in). */
  headers?: Record<string, string>;
}

// The SDK refuses to start without a key; servers that need none ignore this one.
const placeholderKey = 'no-key-needed';

function sampling(settings: LlmSettings) {
  return {
    model: settings.model,
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
    ...(settings.max_tokens === undefined ? {} : { max_tokens: settings.max_tokens }),
  };
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * The tokens of one call, summed over its attempts that reported any (an attempt that failed
 * midway reported none): what a turn counts against its budgets (docs/management-api.md "Cost guards").
 * And each request the model answered, with its tokens and time: the turn's trace (docs/workflow.md "Traces").
 */
class UsageTally {
  private total: LlmUsage | undefined;
  private readonly calls: LlmCallTrace[] = [];

  add(usage: ChatCompletion['usage'] | null | undefined): void {
    if (!usage) return;
    this.total = { prompt: (this.total?.prompt ?? 0) + usage.prompt_tokens, completion: (this.total?.completion ?? 0) + usage.completion_tokens };
  }

  /** A request the model answered, started at `started` (performance.now()), with the usage it reported (none: 0 tokens). */
  answered(model: string, started: number, usage: ChatCompletion['usage'] | null | undefined): void {
    this.calls.push({ model, prompt_tokens: usage?.prompt_tokens ?? 0, completion_tokens: usage?.completion_tokens ?? 0, latency_ms: since(started) });
  }

  /** `{usage, calls}` to spread into a call's result; no usage when no attempt reported any. */
  get result(): { usage?: LlmUsage; calls: LlmCallTrace[] } {
    return this.total ? { usage: this.total, calls: this.calls } : { calls: this.calls };
  }
}

/** The system prompt (left out when empty) and the conversation, each image a part after its message's text. */
function chatMessages(system: string, history: ChatTurn[]): ChatCompletionMessageParam[] {
  return [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    ...history.map(
      (turn): ChatCompletionMessageParam =>
        turn.role === 'user' && turn.images?.length
          ? {
              role: 'user',
              content: [{ type: 'text', text: turn.content }, ...turn.images.map((url) => ({ type: 'image_url' as const, image_url: { url } }))],
            }
          : { role: turn.role, content: turn.content },
    ),
  ];
}

/** The WorkflowLlm the agent-runner wires into the engine; noLlm() when neither key nor URL is set. */
export function createOpenAiLlm(options: OpenAiLlmOptions): WorkflowLlm {
  const logger = options.logger.child({ component: 'llm' });
  if (!options.apiKey && !options.baseUrl) {
    logger.info('no LLM configured: prompt nodes will use their fallback_text');
    return noLlm();
  }
  const { client, policy } = openAiClient(options, logger);

  const completions = meteredCompletions(client.chat.completions, options.metrics, () =>
    logger.warn('the LLM endpoint refuses stream_options: streamed replies are counted without their tokens'),
  );

  const run = <T>(purpose: LlmPurpose, settings: LlmSettings, attempt: (signal: AbortSignal) => Promise<T>) =>
    withRetries({ policy, logger, purpose, model: settings.model }, attempt);

  /** A non-streamed JSON answer; '' when the model says nothing. */
  const completeJson = (purpose: LlmPurpose, settings: LlmSettings, messages: ChatCompletionMessageParam[], tally: UsageTally) =>
    run(purpose, settings, async (signal) => {
      const started = performance.now();
      const completion = await completions.create(
        { ...sampling(settings), messages, response_format: { type: 'json_object' } },
        { signal, headers: { [purposeHeader]: purpose } },
      );
      tally.add(completion.usage);
      tally.answered(settings.model, started, completion.usage);
      return completion.choices[0]?.message.content ?? '';
    });

  return {
    available: true,

    async reply({ settings, system, history, onDelta, tools }) {
      const headers = { [purposeHeader]: 'reply' };
      const tally = new UsageTally();
      let roundsMs = 0;

      // Nobody watches the reply come in (a Text Chat API turn): one JSON answer is the same
      // text for far less work, on both ends, than a stream of a chunk per token.
      const wholeRound = (request: RoundRequest) =>
        run('reply', settings, async (signal): Promise<RoundAnswer> => {
          const started = performance.now();
          const completion = await completions.create({ ...sampling(settings), ...request }, { signal, headers });
          tally.add(completion.usage);
          tally.answered(settings.model, started, completion.usage);
          const message = completion.choices[0]?.message;
          return { text: message?.content ?? '', calls: answeredCalls(message) };
        });

      const streamedRound = async (request: RoundRequest, listener: (text: string) => void): Promise<RoundAnswer> => {
        const deltas = new DeltaForwarder(listener);
        const answer = await run('reply', settings, async (signal): Promise<RoundAnswer> => {
          deltas.startAttempt();
          const started = performance.now();
          const stream = await completions.create({ ...sampling(settings), ...request, stream: true }, { signal, headers });
          let text = '';
          const calls = new StreamedCalls();
          let usage: ChatCompletion['usage'] | undefined;
          // Each chunk's shape and the stream's end are checked as it is read (meteredCompletions):
          // a stream that breaks fails the attempt, never a shorter reply.
          for await (const chunk of stream) {
            // The last chunk carries the attempt's usage (stream_options.include_usage, see meteredCompletions).
            tally.add(chunk.usage);
            usage = chunk.usage ?? usage;
            const delta = chunk.choices[0]?.delta;
            if (delta?.content) {
              text += delta.content;
              deltas.push(delta.content);
            }
            calls.add(delta?.tool_calls);
          }
          tally.answered(settings.model, started, usage);
          return { text, calls: calls.calls };
        });
        if (deltas.hasDiverged) logger.warn({ model: settings.model }, 'retried reply differs from the text already streamed');
        return answer;
      };

      const value = await runToolRounds(chatMessages(system, history), tools, async (request, saidBefore) => {
        const started = performance.now();
        try {
          if (!onDelta) return await wholeRound(request);
          let first = true;
          return await streamedRound(request, (text) => {
            if (first && saidBefore) onDelta(ROUND_SEPARATOR);
            first = false;
            onDelta(text);
          });
        } finally {
          // The model's time only: the tools' own time between rounds is theirs to report.
          roundsMs += performance.now() - started;
        }
      });
      const latencyMs = Math.round(roundsMs);
      logger.debug({ purpose: 'reply', model: settings.model, latencyMs }, 'LLM call done');
      return { value, latencyMs, ...tally.result };
    },

    async extract({ settings, variables, message }) {
      if (variables.length === 0) return { value: {}, latencyMs: 0 };
      const started = performance.now();
      const tally = new UsageTally();
      const content = await completeJson('extraction', settings, extractionMessages(variables, message), tally);
      const value = parseExtraction(content, variables);
      logger.debug({ purpose: 'extraction', model: settings.model, found: Object.keys(value), latencyMs: since(started) }, 'LLM call done');
      return { value, latencyMs: since(started), ...tally.result };
    },

    async classify({ settings, intents, message }) {
      if (intents.length === 0) return { value: null, latencyMs: 0 };
      const started = performance.now();
      const tally = new UsageTally();
      const content = await completeJson('classification', settings, classificationMessages(intents, message), tally);
      const value = parseClassification(content, intents);
      logger.debug({ purpose: 'classification', model: settings.model, intent: value, latencyMs: since(started) }, 'LLM call done');
      return { value, latencyMs: since(started), ...tally.result };
    },
  };
}

/** The SDK's client on our fetch and logger, and the retry policy its calls run under: one per LLM or moderator. */
export function openAiClient(options: OpenAiLlmOptions, logger: Logger): { client: OpenAI; policy: RetryPolicy } {
  const policy: RetryPolicy = {
    timeoutMs: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
    baseDelayMs: options.retryBaseDelayMs ?? 500,
    maxDelayMs: options.retryMaxDelayMs ?? 5_000,
  };
  const client = new OpenAI({
    apiKey: options.apiKey || placeholderKey,
    baseURL: options.baseUrl ?? 'https://api.openai.com/v1',
    // Explicit, so the SDK takes nothing from process.env: config is read in one place only.
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    // Our own loop retries, so a stream that fails midway is retried too and the backoff is ours.
    maxRetries: 0,
    timeout: policy.timeoutMs,
    // undici's request API over kept-alive connections (llm-fetch.ts): the global fetch doubled what a call cost.
    fetch: options.fetch ?? createLlmFetch().fetch,
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
    logLevel: 'warn',
    // The SDK's extra arguments can carry request details: keep only its message.
    logger: {
      error: (message: string) => logger.error({ source: 'openai-sdk' }, message),
      warn: (message: string) => logger.warn({ source: 'openai-sdk' }, message),
      info: (message: string) => logger.debug({ source: 'openai-sdk' }, message),
      debug: () => {},
    },
  });

  return { client, policy };
}
