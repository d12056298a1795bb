import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { type APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyWith } from '../../testing/src/fake-llm.js';
import { createLlmFetch } from '../src/llm-fetch.js';
import { useFakeLlm } from './llm-harness.js';

const server = useFakeLlm();
const llmFetch = createLlmFetch();
afterAll(() => llmFetch.close());

const clientFor = (baseURL: string) => new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0, fetch: llmFetch.fetch });
const user = (content: string) => ({ role: 'user' as const, content });

/** Forty words, one a chunk: at 50 ms a chunk the server would be sending for 2 s. */
const LONG_REPLY = Array.from({ length: 40 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(' ');

/** A server of canned answers by path, for what the fake LLM never does (redirects, 204). */
let other: Server;
let otherUrl: string;
beforeAll(async () => {
  other = createServer((req, res) => {
    if (req.url === '/moved/v1/chat/completions') {
      res.writeHead(307, { location: `${server.fake.url}/chat/completions` });
      res.end();
    } else if (req.url === '/bytes') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from([0xff, 0x00, 0xfe, 0x80]));
    } else if (req.url === '/sse-refused/chat/completions') {
      // A refusal sent with the stream's content type: the SDK reads it whole, as any error.
      res.writeHead(503, { 'content-type': 'text/event-stream', 'x-request-id': 'req_sse' });
      res.end(JSON.stringify({ error: { message: 'overloaded, try later' } }));
    } else if (req.url === '/empty') {
      res.writeHead(204, { 'x-seen-encoding': String(req.headers['accept-encoding']) });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

describe('the LLM client fetch (undici, keep-alive)', () => {
  it('carries a streamed completion through the SDK piece by piece, with the headers and body sent', async () => {
    server.fake.setHandler(replyWith('one two three'));
    const stream = await clientFor(server.fake.url).chat.completions.create(
      { model: 'm', messages: [user('go')], stream: true },
      { headers: { 'x-parley-purpose': 'reply' } },
    );
    const pieces: string[] = [];
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) pieces.push(piece);
    }
    expect(pieces).toEqual(['one ', 'two ', 'three']);
    const request = server.fake.requests[0];
    expect(request?.headers).toMatchObject({ authorization: 'Bearer sk-test', 'x-parley-purpose': 'reply', 'content-type': 'application/json' });
    // Nothing to inflate: the server is asked not to compress.
    expect(request?.headers['accept-encoding']).toBe('identity');
    expect(request?.body).toMatchObject({ model: 'm', stream: true, messages: [user('go')] });
  });

  it('answers a JSON completion, and an error status with its headers', async () => {
    const client = clientFor(server.fake.url);
    server.fake.setHandler(replyWith('{"a":1}'));
    const completion = await client.chat.completions.create({ model: 'm', messages: [user('x')], response_format: { type: 'json_object' } });
    expect(completion.choices[0]?.message.content).toBe('{"a":1}');

    server.fake.setHandler(replyWith({ status: 429, content: 'slow down', headers: { 'retry-after': '3' } }));
    const error = await client.chat.completions.create({ model: 'm', messages: [user('x')] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as APIError).headers?.get('retry-after')).toBe('3');
    expect((error as Error).message).toContain('slow down');
  });

  it('answers a whole body as the SDK reads a response: status, headers by any case, text or json once', async () => {
    server.fake.setHandler(replyWith({ status: 429, content: 'later', headers: { 'retry-after': '7', 'x-request-id': 'req_1' } }));
    const response = await llmFetch.fetch(`${server.fake.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [user('x')] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(429);
    expect(response.ok).toBe(false);
    expect(response.headers.get('Retry-After')).toBe('7');
    expect(response.headers.has('x-request-id')).toBe(true);
    expect(response.headers.get('x-missing')).toBeNull();
    expect(Object.fromEntries(response.headers.entries())).toMatchObject({ 'retry-after': '7', 'x-request-id': 'req_1' });
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('later');
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('follows a redirect as fetch does, body and method kept on a 307', async () => {
    server.fake.setHandler(replyWith('landed'));
    const completion = await clientFor(`${otherUrl}/moved/v1`).chat.completions.create({ model: 'm', messages: [user('x')] });
    expect(completion.choices[0]?.message.content).toBe('landed');
    expect(server.fake.requests[0]?.body.messages).toEqual([user('x')]);
  });

  it('answers a body that is not JSON byte for byte (audio, files)', async () => {
    const response = await llmFetch.fetch(`${otherUrl}/bytes`);
    expect(response.status).toBe(200);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0xff, 0x00, 0xfe, 0x80]);
  });

  it('answers a response without a body (204) as one with a null body', async () => {
    const response = await llmFetch.fetch(`${otherUrl}/empty`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    // A caller's own accept-encoding is left as it is.
    expect(response.headers.get('x-seen-encoding')).toBe('gzip');
  });

  it('stops a stream when the caller aborts, quietly as the SDK expects, and the connection serves on', async () => {
    server.fake.setHandler(replyWith({ content: LONG_REPLY, chunkDelayMs: 50 }));
    const controller = new AbortController();
    const client = clientFor(server.fake.url);
    const stream = await client.chat.completions.create({ model: 'm', messages: [user('x')], stream: true }, { signal: controller.signal });
    const pieces: string[] = [];
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) {
        pieces.push(piece);
        controller.abort();
      }
    }
    expect(pieces).toEqual(['a ']);
    // The request ended with the abort, not when the server would have finished its reply (2 s on).
    await expect.poll(() => server.fake.inFlight).toBe(0);

    server.fake.reset();
    const after = await client.chat.completions.create({ model: 'm', messages: [user('still there?')] });
    expect(after.choices[0]?.message.content).toBe('Echo: still there?');
  });

  it('stops a stream the caller leaves early, and the connection serves on', async () => {
    server.fake.setHandler(replyWith({ content: LONG_REPLY, chunkDelayMs: 50 }));
    const client = clientFor(server.fake.url);
    const stream = await client.chat.completions.create({ model: 'm', messages: [user('x')], stream: true });
    const pieces: string[] = [];
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) pieces.push(piece);
      if (pieces.length === 2) break;
    }
    expect(pieces).toEqual(['a ', 'b ']);
    // Leaving the loop ended the request: the server is not still sending the rest (2 s on).
    await expect.poll(() => server.fake.inFlight).toBe(0);

    server.fake.reset();
    const after = await client.chat.completions.create({ model: 'm', messages: [user('still there?')] });
    expect(after.choices[0]?.message.content).toBe('Echo: still there?');
  });

  it('answers an error sent as an event stream with its message and headers, read whole', async () => {
    const error = await clientFor(`${otherUrl}/sse-refused`)
      .chat.completions.create({ model: 'm', messages: [user('x')], stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as APIError).status).toBe(503);
    expect((error as APIError).headers?.get('x-request-id')).toBe('req_sse');
    expect((error as Error).message).toContain('overloaded, try later');
  });

  it('fails a refused connection as a connection error (no status: retried by the caller)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await clientFor(`http://127.0.0.1:${port}/v1`)
      .chat.completions.create({ model: 'm', messages: [user('x')] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect((error as APIError).status).toBeUndefined();
  });

  it('leaves what it does not carry itself (a Request, a streamed body) to the global fetch', async () => {
    const response = await llmFetch.fetch(new Request(`${server.fake.url}/models`));
    expect(response.status).toBe(200);
    const body = new Blob([JSON.stringify({ model: 'm', messages: [user('blob')] })]);
    const posted = await llmFetch.fetch(`${server.fake.url}/chat/completions`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(((await posted.json()) as OpenAI.ChatCompletion).choices[0]?.message.content).toBe('Echo: blob');
  });
});
