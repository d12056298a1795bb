import { Pool } from 'undici';

/** No request of this benchmark should take long: one that does is a failure, not a figure. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON, or its text when it is not JSON (an HTML sign-in page), or undefined when empty. */
  body: any;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as the body with `content-type: application/json`. */
  json?: unknown;
  /** Sent as it is (a signed request's exact bytes); the caller sets the content type. */
  raw?: string;
}

/**
 * One gateway over keep-alive connections, one request at a time per connection: what a sequential
 * client of it sees, without a new connection per request.
 */
export class GatewayClient {
  private readonly pool: Pool;

  constructor(readonly url: string) {
    this.pool = new Pool(url, { connections: 2, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });
  }

  async request(method: 'GET' | 'POST' | 'DELETE', path: string, options: RequestOptions = {}): Promise<Answer> {
    const headers = { ...options.headers, ...(options.json === undefined ? {} : { 'content-type': 'application/json' }) };
    const body = options.json === undefined ? options.raw : JSON.stringify(options.json);
    const response = await this.pool.request({ method, path, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.body.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.statusCode, headers: response.headers, body: parsed };
  }

  /** The request, which must answer `status`; anything else throws with what it answered. */
  async expect(status: number, method: 'GET' | 'POST' | 'DELETE', path: string, options: RequestOptions = {}): Promise<any> {
    const answer = await this.request(method, path, options);
    if (answer.status !== status) throw new Error(`${method} ${path} on ${this.url}: ${answer.status} ${JSON.stringify(answer.body)} (expected ${status})`);
    return answer.body;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** A cookie's value among an answer's Set-Cookie headers. */
export function setCookieValue(answer: Answer, name: string): string | undefined {
  const header = answer.headers['set-cookie'];
  const lines = Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
  const line = lines.find((candidate) => candidate.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}
