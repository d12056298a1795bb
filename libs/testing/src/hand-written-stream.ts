import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible endpoint whose chat completions stream what `stream` writes by hand, to break
 * them as a real server or a proxy in front of it may (the fake LLM streams only whole answers).
 * `requests` counts the completions asked for, the one `stream` is writing included.
 */
export interface HandWrittenStream {
  /** The base URL (`…/v1`), as an OpenAI client takes it. */
  url: string;
  requests: number;
  stream: (res: ServerResponse) => void;
  close(): Promise<void>;
}

export async function startHandWrittenStream(): Promise<HandWrittenStream> {
  const endpoint: HandWrittenStream = {
    url: '',
    requests: 0,
    stream: (res) => void res.end(),
    close: async () => {},
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      endpoint.requests += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      endpoint.stream(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  endpoint.close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return endpoint;
}

/** One `data:` event of a chat completion stream, as OpenAI sends it. */
export function streamedChunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
  const chunk = {
    id: 'chatcmpl-hand',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'fake-model',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}
