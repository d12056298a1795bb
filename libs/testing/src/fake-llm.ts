import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * An OpenAI-compatible LLM server on loopback: the one test double the project allows. It stands
 * in for the model's HTTP server, so the real openai SDK and the real @parley/llm client run
 * unchanged against it in tests and in the benchmark.
 *
 * Purpose marking (agreed with @parley/llm): every call of that client carries the header
 * `x-parley-purpose: reply | extraction | classification | moderation | embedding`. A header rather than a prompt line or
 * a body field, because it changes nothing the model sees and every OpenAI-compatible server
 * ignores it. Requests without it (other clients) are classified from their body instead.
 */

export const purposeHeader = 'x-parley-purpose';

export type LlmPurpose = 'reply' | 'extraction' | 'classification' | 'moderation' | 'embedding';

/** A call the model asked for, as an assistant message carries it back in a later request. */
export interface RecordedToolCall {
  id: string;
  type: string;
  function: { name: string; arguments: string };
}

export interface RecordedMessage {
  role: string;
  content?: unknown;
  /** An assistant message that asked for calls. */
  tool_calls?: RecordedToolCall[];
  /** A `tool` message: the call whose result it carries. */
  tool_call_id?: string;
}

/** A function the request offers the model. */
export interface RecordedTool {
  type: string;
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** The parsed JSON body of a chat completion request; only the fields tests commonly read are typed. */
export interface ChatCompletionBody {
  model?: string;
  messages?: RecordedMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  temperature?: number;
  max_tokens?: number;
  response_format?: { type?: string };
  tools?: RecordedTool[];
  tool_choice?: unknown;
  [field: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string>;
  body: ChatCompletionBody;
}

/** A call the fake model asks for. */
export interface FakeToolCall {
  name: string;
  /** An object (or any non-string) is sent as its JSON; a string as it is, valid JSON or not. */
  arguments: unknown;
  /** Default: `call_fake_<n>`. */
  id?: string;
}

export interface FakeReply {
  /** With `toolCalls`, text said before the calls (default: none, `content: null`). */
  content?: string;
  /** Function calls the model asks for: the answer ends with `finish_reason: "tool_calls"`. */
  toolCalls?: FakeToolCall[];
  /** A status of 400 or more answers with an OpenAI-style error body instead of a completion. */
  status?: number;
  /** Wait before the first byte (status line included). */
  delayMs?: number;
  /** Wait between streamed chunks. */
  chunkDelayMs?: number;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
  /**
   * The tokens the answer reports (a whole reply's `usage`, a stream's last chunk when asked for
   * with `stream_options.include_usage`); default: an estimate of a token per four characters.
   */
  usage?: { prompt: number; completion: number };
}

export type FakeHandler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

/** A `/moderations` request as received: the model and each input text. */
export interface RecordedModeration {
  model: string | undefined;
  inputs: string[];
  headers: Record<string, string>;
}

/** A verdict on one input; a status of 400 or more answers the whole request with an error instead. */
export interface FakeModerationVerdict {
  flagged?: boolean;
  /** The categories flagged (each true in the answer; the others false). */
  categories?: string[];
  status?: number;
  delayMs?: number;
}

export type FakeModerationHandler = (input: string) => FakeModerationVerdict | Promise<FakeModerationVerdict>;

/** The word that gets an input flagged by the default moderation handler (as `harassment`), so tests need not script a verdict. */
export const MODERATION_FLAG_WORD = 'fakeflagword';

/** Flags an input containing MODERATION_FLAG_WORD (any case), as `harassment`; passes everything else. */
export const defaultModerationHandler: FakeModerationHandler = (input) =>
  input.toLowerCase().includes(MODERATION_FLAG_WORD) ? { flagged: true, categories: ['harassment'] } : { flagged: false };

const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'self-harm',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];

/** An `/embeddings` request as received: the model, each input text, the dimensions asked for. */
export interface RecordedEmbedding {
  model: string | undefined;
  inputs: string[];
  dimensions: number | undefined;
  headers: Record<string, string>;
}

/** How the fake answers an `/embeddings` request; nothing scripted: each input's fakeEmbedding. */
export interface FakeEmbeddingOutcome {
  /** 400 or more: an OpenAI-style error instead of vectors. */
  status?: number;
  delayMs?: number;
  headers?: Record<string, string>;
  /** These vectors instead of the computed ones (a server that answers wrongly). */
  vectors?: number[][];
}

export type FakeEmbeddingHandler = (request: RecordedEmbedding) => FakeEmbeddingOutcome | Promise<FakeEmbeddingOutcome>;

export const defaultEmbeddingHandler: FakeEmbeddingHandler = () => ({});

/** The length of the fake's vectors unless a request asks for `dimensions`. */
export const FAKE_EMBEDDING_DIMENSIONS = 256;

/** FNV-1a over a string's UTF-16 code units: the same number on every run and machine. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The fake's embedding of a text, as a model's would be for tests: each lower-cased word (and, at
 * half weight, each pair of neighbouring words) hashed into one of `dimensions` buckets with a
 * sign, then scaled to length 1. Texts that share words point the same way (a high cosine), texts
 * that share none are nearly orthogonal, and the same text always gets the same vector. A text
 * without words gets the first unit vector.
 */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + (hash & 0x80000000 ? -weight : weight);
  };
  words.forEach((word, index) => {
    add(word, 1);
    if (index > 0) add(`${words[index - 1]} ${word}`, 0.5);
  });
  const length = Math.hypot(...vector);
  if (length === 0) return vector.map((_, index) => (index === 0 ? 1 : 0));
  return vector.map((value) => value / length);
}

export interface FakeLlm {
  /** Base URL ending in /v1, as the openai SDK's `baseURL` expects. */
  url: string;
  /** Every chat completion request received since start or the last reset, in order. */
  requests: RecordedRequest[];
  setHandler(fn: FakeHandler): void;
  /** Every `/moderations` request received since start or the last reset, in order. */
  moderations: RecordedModeration[];
  /** Scripts the verdicts of `/moderations` (default: defaultModerationHandler). */
  setModerationHandler(fn: FakeModerationHandler): void;
  /** Every `/embeddings` request received since start or the last reset, in order. */
  embeddings: RecordedEmbedding[];
  /** Scripts the answers of `/embeddings` (default: every input's fakeEmbedding). */
  setEmbeddingHandler(fn: FakeEmbeddingHandler): void;
  /** Forgets recorded requests and goes back to the default handlers. */
  reset(): void;
  /**
   * Chat completion requests received and not yet answered in full nor given up by their client:
   * once it is 0, no late answer is still on its way to anyone (what a test waits for rather than
   * sleeping past a reply's `delayMs`).
   */
  readonly inFlight: number;
  close(): Promise<void>;
}

const fakeModels = ['fake-model', 'gpt-4o-mini'];

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  // The SDK also allows content as an array of parts; only text parts matter here.
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => (typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}

function systemText(req: RecordedRequest): string {
  return (req.body.messages ?? [])
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => textOf(message.content))
    .join('\n');
}

/** True when the request wants JSON output: response_format json_object/json_schema, or a system prompt asking for JSON. */
export function wantsJson(req: RecordedRequest): boolean {
  const format = req.body.response_format?.type;
  return format === 'json_object' || format === 'json_schema' || /\bjson\b/i.test(systemText(req));
}

/** What the request is for: the purpose header when present, else a guess from the body. */
export function requestPurpose(req: RecordedRequest): LlmPurpose {
  const marked = req.headers[purposeHeader];
  if (marked === 'reply' || marked === 'extraction' || marked === 'classification') return marked;
  if (!wantsJson(req)) return 'reply';
  return /\bintent\b/i.test(systemText(req)) ? 'classification' : 'extraction';
}

export function lastUserMessage(req: RecordedRequest): string {
  const users = (req.body.messages ?? []).filter((message) => message.role === 'user');
  return textOf(users.at(-1)?.content);
}

/** Deterministic: `{}` when JSON is asked for (nothing extracted, no intent), else `Echo: <last user message>`. */
export const defaultHandler: FakeHandler = (req) => ({
  content: wantsJson(req) ? '{}' : `Echo: ${lastUserMessage(req)}`,
});

/** Always the same reply; a string is the content. */
export function replyWith(reply: string | FakeReply): FakeHandler {
  return () => (typeof reply === 'string' ? { content: reply } : reply);
}

/** The n-th request gets the n-th reply; once they run out, the last one again. A string is the content. */
export function replyInOrder(...replies: Array<string | FakeReply>): FakeHandler {
  let answered = 0;
  return () => {
    const reply = replies[Math.min(answered, replies.length - 1)] ?? '';
    answered += 1;
    return typeof reply === 'string' ? { content: reply } : reply;
  };
}

/** The `tool` messages of a request (the results of the calls it answers), in order. */
export function toolMessages(req: RecordedRequest): RecordedMessage[] {
  return (req.body.messages ?? []).filter((message) => message.role === 'tool');
}

/** Fails the first `n` requests with `status` (and `headers`), then delegates to `after` (default handler if none). */
export function failTimes(n: number, status: number, options: { headers?: Record<string, string>; after?: FakeHandler } = {}): FakeHandler {
  let failed = 0;
  return (req) => {
    if (failed < n) {
      failed += 1;
      return { status, ...(options.headers ? { headers: options.headers } : {}) };
    }
    return (options.after ?? defaultHandler)(req);
  };
}

/** A handler per purpose; purposes without one get the default handler. */
export function byPurpose(handlers: Partial<Record<LlmPurpose, FakeHandler>>): FakeHandler {
  return (req) => (handlers[requestPurpose(req)] ?? defaultHandler)(req);
}

/** Word-sized pieces (each keeps its trailing space) so a stream has several chunks that join back exactly. */
function splitIntoChunks(content: string): string[] {
  const pieces = content.match(/\s*\S+\s*/g);
  return pieces && pieces.length > 0 ? pieces : [content];
}

/** Argument text streamed in pieces of this many characters, as a model writes it token by token. */
const ARGUMENTS_PIECE = 8;

function splitArguments(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += ARGUMENTS_PIECE) pieces.push(text.slice(start, start + ARGUMENTS_PIECE));
  return pieces.length > 0 ? pieces : [''];
}

let toolCallCounter = 0;

/** The calls a reply asks for, as a completion's message carries them. */
function toolCallsOf(reply: FakeReply): RecordedToolCall[] {
  return (reply.toolCalls ?? []).map((call) => {
    toolCallCounter += 1;
    const text = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
    return { id: call.id ?? `call_fake_${toolCallCounter}`, type: 'function', function: { name: call.name, arguments: text } };
  });
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function usageFor(req: RecordedRequest, content: string, scripted?: FakeReply['usage']) {
  if (scripted) return { prompt_tokens: scripted.prompt, completion_tokens: scripted.completion, total_tokens: scripted.prompt + scripted.completion };
  const prompt = (req.body.messages ?? []).reduce((sum, message) => sum + estimateTokens(textOf(message.content)), 0);
  const completion = estimateTokens(content);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(status: number, message: string) {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, code: null, param: null } };
}

let completionCounter = 0;

async function answerCompletion(res: ServerResponse, req: RecordedRequest, reply: FakeReply, signal: AbortSignal): Promise<void> {
  if (reply.delayMs) await sleep(reply.delayMs, undefined, { signal });
  const status = reply.status ?? 200;
  if (status >= 400) {
    sendJson(res, status, errorBody(status, reply.content ?? `fake failure ${status}`), reply.headers);
    return;
  }
  completionCounter += 1;
  const id = `chatcmpl-fake-${completionCounter}`;
  const created = Math.floor(Date.now() / 1000);
  const model = req.body.model ?? fakeModels[0];
  const content = reply.content ?? '';
  const toolCalls = toolCallsOf(reply);
  const finishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
  // What the model wrote, for the usage estimate: its text and its calls' arguments.
  const written = content + toolCalls.map((call) => call.function.arguments).join('');

  if (!req.body.stream) {
    const message =
      toolCalls.length > 0
        ? { role: 'assistant', content: reply.content ?? null, refusal: null, tool_calls: toolCalls }
        : { role: 'assistant', content, refusal: null };
    sendJson(
      res,
      status,
      {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage: usageFor(req, written, reply.usage),
      },
      reply.headers,
    );
    return;
  }

  res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);

  const pause = async () => {
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs, undefined, { signal });
  };

  send(chunk({ role: 'assistant', content: toolCalls.length > 0 && reply.content === undefined ? null : '' }, null));
  if (content || toolCalls.length === 0) {
    for (const piece of splitIntoChunks(content)) {
      await pause();
      send(chunk({ content: piece }, null));
    }
  }
  // As OpenAI streams calls: the first chunk of each names it (index, id, name), the arguments follow in pieces.
  for (const [index, call] of toolCalls.entries()) {
    await pause();
    send(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null));
    for (const piece of splitArguments(call.function.arguments)) {
      await pause();
      send(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
    }
  }
  send(chunk({}, finishReason));
  if (req.body.stream_options?.include_usage) {
    send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageFor(req, written, reply.usage) });
  }
  res.end('data: [DONE]\n\n');
}

function normaliseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export interface FakeLlmOptions {
  port?: number;
  /** The first handler (default: defaultHandler); reset() goes back to defaultHandler. */
  handler?: FakeHandler;
  /**
   * Keep every request in `requests` (default true). A long-running server under load (the
   * benchmark's) turns it off, or it would hold every request it ever got.
   */
  record?: boolean;
}

let moderationCounter = 0;

/** An OpenAI-style moderation answer: one result per input, every category present. */
async function answerModeration(
  res: ServerResponse,
  body: { model?: unknown; input?: unknown },
  handler: FakeModerationHandler,
  signal: AbortSignal,
): Promise<void> {
  const inputs = moderationInputs(body.input);
  const verdicts = await Promise.all(inputs.map((input) => handler(input)));
  const delayMs = Math.max(0, ...verdicts.map((verdict) => verdict.delayMs ?? 0));
  if (delayMs > 0) await sleep(delayMs, undefined, { signal });
  const failed = verdicts.find((verdict) => (verdict.status ?? 200) >= 400);
  if (failed?.status) {
    sendJson(res, failed.status, errorBody(failed.status, `fake moderation failure ${failed.status}`));
    return;
  }
  moderationCounter += 1;
  sendJson(res, 200, {
    id: `modr-fake-${moderationCounter}`,
    model: typeof body.model === 'string' ? body.model : 'omni-moderation-latest',
    results: verdicts.map((verdict) => {
      const flagged = new Set(verdict.categories ?? []);
      return {
        flagged: verdict.flagged ?? flagged.size > 0,
        categories: Object.fromEntries([...new Set([...MODERATION_CATEGORIES, ...flagged])].map((category) => [category, flagged.has(category)])),
        category_scores: Object.fromEntries(
          [...new Set([...MODERATION_CATEGORIES, ...flagged])].map((category) => [category, flagged.has(category) ? 0.9 : 0.001]),
        ),
        category_applied_input_types: {},
      };
    }),
  });
}

/** `input` as the API takes it: a string, a list of strings, or a list of parts (only text parts are judged here). */
function moderationInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  return input.map((part: unknown) => (typeof part === 'string' ? part : textOf([part])));
}

/** `input` as the API takes it: a string, a list of strings, or token lists (read as their numbers' text). */
function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  if (input.length > 0 && input.every((item) => typeof item === 'number')) return [input.join(' ')];
  return input.map((item: unknown) => (typeof item === 'string' ? item : Array.isArray(item) ? item.join(' ') : String(item)));
}

/** A vector as the API sends it: numbers, or with `encoding_format: "base64"` (the openai SDK's default) float32 bytes in base64. */
function encodedVector(vector: number[], format: unknown): number[] | string {
  return format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
}

async function answerEmbeddings(
  res: ServerResponse,
  body: { encoding_format?: unknown },
  request: RecordedEmbedding,
  handler: FakeEmbeddingHandler,
  signal: AbortSignal,
): Promise<void> {
  const outcome = await handler(request);
  if (outcome.delayMs) await sleep(outcome.delayMs, undefined, { signal });
  if ((outcome.status ?? 200) >= 400) {
    const status = outcome.status ?? 500;
    sendJson(res, status, errorBody(status, `fake embeddings failure ${status}`), outcome.headers);
    return;
  }
  const vectors = outcome.vectors ?? request.inputs.map((input) => fakeEmbedding(input, request.dimensions));
  const tokens = request.inputs.reduce((sum, input) => sum + estimateTokens(input), 0);
  sendJson(
    res,
    200,
    {
      object: 'list',
      data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encodedVector(vector, body.encoding_format) })),
      model: request.model ?? 'fake-embedding',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
    outcome.headers,
  );
}

export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  let handler: FakeHandler = options.handler ?? defaultHandler;
  let moderationHandler: FakeModerationHandler = defaultModerationHandler;
  let embeddingHandler: FakeEmbeddingHandler = defaultEmbeddingHandler;
  const record = options.record ?? true;
  const requests: RecordedRequest[] = [];
  const moderations: RecordedModeration[] = [];
  const embeddings: RecordedEmbedding[] = [];
  let inFlight = 0;

  const server = createServer(async (req, res) => {
    // A client that gives up (timeout, abort) closes the connection: stop waiting and writing.
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (req.method === 'GET' && path === '/v1/models') {
        sendJson(res, 200, {
          object: 'list',
          data: fakeModels.map((id) => ({ id, object: 'model', created: 0, owned_by: 'parley-fake' })),
        });
        return;
      }
      if (req.method === 'POST' && path === '/v1/moderations') {
        let body: { model?: unknown; input?: unknown };
        try {
          body = JSON.parse(await readBody(req)) as { model?: unknown; input?: unknown };
        } catch {
          sendJson(res, 400, errorBody(400, 'body is not JSON'));
          return;
        }
        if (record)
          moderations.push({
            model: typeof body.model === 'string' ? body.model : undefined,
            inputs: moderationInputs(body.input),
            headers: normaliseHeaders(req),
          });
        await answerModeration(res, body, moderationHandler, closed.signal);
        return;
      }
      if (req.method === 'POST' && path === '/v1/embeddings') {
        let body: { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown };
        try {
          body = JSON.parse(await readBody(req)) as typeof body;
        } catch {
          sendJson(res, 400, errorBody(400, 'body is not JSON'));
          return;
        }
        const dimensions =
          typeof body.dimensions === 'number' && Number.isInteger(body.dimensions) && body.dimensions > 0 && body.dimensions <= 4096
            ? body.dimensions
            : undefined;
        const recorded: RecordedEmbedding = {
          model: typeof body.model === 'string' ? body.model : undefined,
          inputs: embeddingInputs(body.input),
          dimensions,
          headers: normaliseHeaders(req),
        };
        if (recorded.inputs.length === 0) {
          sendJson(res, 400, errorBody(400, "'input' must be a string or a non-empty list"));
          return;
        }
        if (record) embeddings.push(recorded);
        await answerEmbeddings(res, body, recorded, embeddingHandler, closed.signal);
        return;
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        sendJson(res, 404, errorBody(404, `no route ${req.method} ${path}`));
        return;
      }
      let body: ChatCompletionBody;
      try {
        body = JSON.parse(await readBody(req)) as ChatCompletionBody;
      } catch {
        sendJson(res, 400, errorBody(400, 'body is not JSON'));
        return;
      }
      const recorded: RecordedRequest = { method: req.method, path, headers: normaliseHeaders(req), body };
      if (record) requests.push(recorded);
      inFlight += 1;
      res.once('close', () => (inFlight -= 1));
      await answerCompletion(res, recorded, await handler(recorded), closed.signal);
    } catch (error) {
      if (closed.signal.aborted) return;
      // A handler that throws is a broken test: answer 500 with its message so the failure is visible.
      if (!res.headersSent) sendJson(res, 500, errorBody(500, error instanceof Error ? error.message : String(error)));
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    moderations,
    setHandler(fn) {
      handler = fn;
    },
    setModerationHandler(fn) {
      moderationHandler = fn;
    },
    embeddings,
    setEmbeddingHandler(fn) {
      embeddingHandler = fn;
    },
    get inFlight() {
      return inFlight;
    },
    reset() {
      requests.length = 0;
      moderations.length = 0;
      embeddings.length = 0;
      handler = defaultHandler;
      moderationHandler = defaultModerationHandler;
      embeddingHandler = defaultEmbeddingHandler;
    },
    close() {
      // Keep-alive and stalled streams would hold close() open; cut them.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
