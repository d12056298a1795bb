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
  /** The model that answered, as the server named it, when it did. */
  responseModel?: string;
}

/** How an attempt ended: what its span is ended with. */
export type LlmAttemptOutcome = Pick<LlmAttempt, 'error' | 'usage' | 'responseModel'>;

/** A chat completion's attempt as it runs: its span in the trace (docs/architecture.md "The services"). */
export interface LlmAttemptSpan {
  /** Runs the attempt's request, so what the request does (its HTTP client span) is the attempt's child. */
  within<T>(fn: () => T): T;
  /** When the attempt ends, as it is counted (a stream's at its last chunk). */
  end(outcome: LlmAttemptOutcome): void;
}

/** Where attempts are counted (the service's Prometheus registry) and traced; neither without one. */
export interface LlmMetrics {
  attempt(attempt: LlmAttempt): void;
  /** Called as a chat completion's attempt starts, before its request is sent; no spans without it. */
  startAttempt?(model: string): LlmAttemptSpan;
}

/** A streamed answer that broke midway: worth another attempt, as a dropped connection is. */
class BrokenStreamError extends Error {
  override readonly name = 'BrokenStreamError';
}

/**
 * A streamed chunk's first choice, checked as far as a reply reads it: a chunk of another shape
 * midway breaks the stream, rather than a hole or an object's text going into the reply. The SDK
 * parses each chunk's JSON and checks nothing more.
 */
function streamedChoice(chunk: ChatCompletionChunk): ChatCompletionChunk.Choice | undefined {
  const choices: unknown = (chunk as Partial<ChatCompletionChunk> | null)?.choices;
  if (!Array.isArray(choices)) throw new BrokenStreamError('a streamed chunk without choices');
  const choice = choices[0] as ChatCompletionChunk.Choice | undefined;
  const content: unknown = choice?.delta?.content;
  if (content !== undefined && content !== null && typeof content !== 'string') throw new BrokenStreamError('a streamed chunk whose content is not text');
  return choice;
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

/** The call's headers when they are a plain object (as the platform's callers give them); undefined otherwise. */
function plainHeaders(options: CreateOptions): Record<string, string | null | undefined> | undefined {
  const headers = options?.headers;
  return headers && !Array.isArray(headers) && !(headers instanceof Headers) ? (headers as Record<string, string | null | undefined>) : undefined;
}

/**
 * The call's options with its request already encoded as JSON. Given an object, the SDK encodes it
 * through a replacer that visits every value of it, looking for its `stream` flag – which `create`
 * also takes from the request it is given –, at about three times the work of JSON.stringify: for
 * a prompt of 100 messages, most of what the SDK spends on a request. A string body with its
 * content type is sent as it is. Options with headers of another kind are left to the SDK.
 */
function encoded(request: Parameters<Completions['create']>[0], options: CreateOptions): CreateOptions {
  const headers = plainHeaders(options);
  if (headers === undefined && options?.headers !== undefined) return options;
  return { ...options, body: JSON.stringify(request), headers: { ...headers, 'content-type': 'application/json' } };
}

function purposeOf(options: CreateOptions): string {
  const value = plainHeaders(options)?.[purposeHeader];
  return typeof value === 'string' ? value : 'unknown';
}

const usageOf = (usage: ChatCompletion['usage'] | null | undefined) => (usage ? { input: usage.prompt_tokens, output: usage.completion_tokens } : undefined);

/** An endpoint's 400 or 422 that names `stream_options`: it does not take the field. */
const refusesStreamOptions = (error: unknown): boolean =>
  error instanceof APIError && (error.status === 400 || error.status === 422) && /stream_options/i.test(error.message);

/**
 * The SDK's `chat.completions.create` with each call measured: its time, the tokens the server
 * counted and, when it fails, how; and traced, when the metrics start spans: each attempt's span
 * runs from its request to its end, and the request is sent within it. A streamed call is measured to its last chunk, and asks the
 * server for that chunk's usage (`stream_options.include_usage`), which it otherwise leaves out –
 * with or without metrics, since a turn's tokens count against budgets (docs/management-api.md "Cost guards").
 * An OpenAI-compatible endpoint that refuses the field is asked again without it, and from then
 * on never asked for it: its streamed calls are counted without tokens (onStreamUsageRefused says
 * so once). A stream its reader stops early (the reader's own failure) is not counted: it did not end
 * (its span ends there, without an outcome). A stream that breaks – a chunk of another shape, or an
 * end before a chunk said why the reply ended (`finish_reason`) – fails its attempt with
 * BrokenStreamError, counted as `other`.
 */
export function meteredCompletions(
  completions: Completions,
  metrics: LlmMetrics | undefined,
  onStreamUsageRefused: () => void = () => {},
): Pick<Completions, 'create'> {
  let askForStreamUsage = true;
  const create = async (body: Parameters<Completions['create']>[0], options?: CreateOptions) => {
    const started = performance.now();
    const span = metrics?.startAttempt?.(body.model);
    const record = (outcome: LlmAttemptOutcome) => {
      span?.end(outcome);
      metrics?.attempt({ purpose: purposeOf(options), model: body.model, seconds: (performance.now() - started) / 1000, ...outcome });
    };
    // Sent within the attempt's span: the HTTP client span of the request is its child.
    const send = (request: typeof body) => {
      const sent = encoded(request, options);
      return span ? span.within(async () => await completions.create(request, sent)) : completions.create(request, sent);
    };
    const signal = options?.signal;
    let answer: ChatCompletion | AsyncIterable<ChatCompletionChunk>;
    try {
      const withUsage = body.stream && askForStreamUsage && body.stream_options === undefined;
      try {
        answer = await send(withUsage ? { ...body, stream_options: { include_usage: true } } : body);
      } catch (error) {
        if (!withUsage || !refusesStreamOptions(error)) throw error;
        askForStreamUsage = false;
        onStreamUsageRefused();
        answer = await send(body);
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
      let outcome: LlmAttemptOutcome | undefined;
      let finished = false;
      try {
        for await (const chunk of chunks) {
          finished ||= Boolean(streamedChoice(chunk)?.finish_reason);
          usage = usageOf(chunk.usage) ?? usage;
          responseModel ||= chunk.model;
          yield chunk;
        }
        // The SDK ends a stream its signal aborted quietly: that is the attempt's deadline. It ends
        // one whose connection closed without `[DONE]` quietly too: without a finish_reason, the
        // reply was cut short, and a cut reply is no reply.
        if (!signal?.aborted && !finished) throw new BrokenStreamError('the stream ended before the reply did');
        outcome = signal?.aborted ? { error: 'timeout' } : { usage, ...(responseModel ? { responseModel } : {}) };
      } catch (error) {
        outcome = { error: llmErrorKind(error, signal) };
        throw error;
      } finally {
        if (outcome) record(outcome);
        else span?.end({});
      }
    })();
  };
  return { create: create as unknown as Completions['create'] };
}
