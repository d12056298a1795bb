import type OpenAI from 'openai';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import { purposeHeader } from './purpose.js';

/** How an attempt failed, in words a dashboard can group by (a bounded set). */
export type LlmErrorKind = 'timeout' | 'rate_limited' | 'server_error' | 'auth' | 'bad_request' | 'connection' | 'other';

/** One attempt at an LLM call (a retried call makes several), as it ended. */
export interface LlmAttempt {
  /** `reply`, `extraction` or `classification` (the call's `x-parley-purpose`). */
  purpose: string;
  model: string;
  /** From the request to the last byte of the answer (a streamed one included). */
  seconds: number;
  /** Undefined: the model answered. */
  error?: LlmErrorKind;
  /** The tokens the server counted, when it said (a stream says so in its last chunk). */
  usage?: { input: number; output: number };
  /** When a chat completion's attempt started, in milliseconds since the epoch (its span's start). */
  startedAt?: number;
  /** The model that answered, as the server named it, when it did. */
  responseModel?: string;
}

/** Where attempts are counted (the service's Prometheus registry); no metrics without one. */
export interface LlmMetrics {
  attempt(attempt: LlmAttempt): void;
}

type Completions = OpenAI['chat']['completions'];
type CreateOptions = Parameters<Completions['create']>[1];

/**
 * The error of a failed attempt as a kind. An aborted signal is the attempt's own deadline
 * (withRetries aborts for nothing else); a stream cut or garbled midway is `other`.
 */
export function llmErrorKind(error: unknown, signal: AbortSignal | null | undefined): LlmErrorKind {
  if (signal?.aborted || error instanceof APIConnectionTimeoutError) return 'timeout';
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    if (status === 408) return 'timeout';
    if (status === 429) return 'rate_limited';
    if (status >= 500) return 'server_error';
    if (status === 401 || status === 403) return 'auth';
    return 'bad_request';
  }
  if (error instanceof APIConnectionError) return 'connection';
  return 'other';
}

function purposeOf(options: CreateOptions): string {
  const headers = options?.headers;
  const value = headers && !Array.isArray(headers) && !(headers instanceof Headers) ? (headers as Record<string, unknown>)[purposeHeader] : undefined;
  return typeof value === 'string' ? value : 'unknown';
}

const usageOf = (usage: ChatCompletion['usage'] | null | undefined) => (usage ? { input: usage.prompt_tokens, output: usage.completion_tokens } : undefined);

/** An endpoint's 400 or 422 that names `stream_options`: it does not take the field. */
const refusesStreamOptions = (error: unknown): boolean =>
  error instanceof APIError && (error.status === 400 || error.status === 422) && /stream_options/i.test(error.message);

/**
 * The SDK's `chat.completions.create` with each call measured: its time, the tokens the server
 * counted and, when it fails, how. A streamed call is measured to its last chunk, and asks the
 * server for that chunk's usage (`stream_options.include_usage`), which it otherwise leaves out –
 * with or without metrics, since a turn's tokens count against budgets (docs/management-api.md "Cost guards").
 * An OpenAI-compatible endpoint that refuses the field is asked again without it, and from then
 * on never asked for it: its streamed calls are counted without tokens (onStreamUsageRefused says
 * so once). A stream its reader stops early (the reader's own failure) is not counted: it did not end.
 */
export function meteredCompletions(
  completions: Completions,
  metrics: LlmMetrics | undefined,
  onStreamUsageRefused: () => void = () => {},
): Pick<Completions, 'create'> {
  let askForStreamUsage = true;
  const create = async (body: Parameters<Completions['create']>[0], options?: CreateOptions) => {
    const started = performance.now();
    const startedAt = performance.timeOrigin + started;
    const record = (outcome: Pick<LlmAttempt, 'error' | 'usage' | 'responseModel'>) =>
      metrics?.attempt({ purpose: purposeOf(options), model: body.model, seconds: (performance.now() - started) / 1000, startedAt, ...outcome });
    const signal = options?.signal;
    let answer: ChatCompletion | AsyncIterable<ChatCompletionChunk>;
    try {
      const withUsage = body.stream && askForStreamUsage && body.stream_options === undefined;
      try {
        answer = await completions.create(withUsage ? { ...body, stream_options: { include_usage: true } } : body, options);
      } catch (error) {
        if (!withUsage || !refusesStreamOptions(error)) throw error;
        askForStreamUsage = false;
        onStreamUsageRefused();
        answer = await completions.create(body, options);
      }
    } catch (error) {
      record({ error: llmErrorKind(error, signal) });
      throw error;
    }
    if (!(Symbol.asyncIterator in answer)) {
      record({ usage: usageOf(answer.usage), ...(answer.model ? { responseModel: answer.model } : {}) });
      return answer;
    }
    const chunks = answer;
    return (async function* measured() {
      let usage: LlmAttempt['usage'];
      let responseModel: string | undefined;
      try {
        for await (const chunk of chunks) {
          usage = usageOf(chunk.usage) ?? usage;
          responseModel ||= chunk.model;
          yield chunk;
        }
      } catch (error) {
        record({ error: llmErrorKind(error, signal) });
        throw error;
      }
      // The SDK ends a stream its signal aborted quietly: that is the attempt's deadline.
      record(signal?.aborted ? { error: 'timeout' } : { usage, ...(responseModel ? { responseModel } : {}) });
    })();
  };
  return { create: create as unknown as Completions['create'] };
}
