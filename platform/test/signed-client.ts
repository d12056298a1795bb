import { signRequest } from '@parley/client';

export interface RawResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Status, headers and the body parsed as JSON (kept as text when it is not JSON). */
async function readResponse<T>(response: Response): Promise<RawResponse<T>> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the text itself makes the assertion message.
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

/**
 * A Text Chat API client for tests that returns every status instead of throwing, and lets a
 * test tamper with any part of a signed request.
 */
export class SignedClient {
  constructor(
    readonly baseUrl: string,
    readonly secret: string,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options: { headers?: Record<string, string>; now?: number; rawBody?: string; signPath?: string; signBody?: string; unsigned?: boolean } = {},
  ): Promise<RawResponse<T>> {
    const raw = options.rawBody ?? (body === undefined ? '' : JSON.stringify(body));
    // Signed as the typed client signs (seconds with milliseconds).
    const signature = await signRequest(this.secret, method, options.signPath ?? path, options.signBody ?? raw, options.now);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(raw ? { 'content-type': 'application/json' } : {}),
        ...(options.unsigned ? {} : signature),
        ...options.headers,
      },
      ...(raw ? { body: raw } : {}),
    });
    return readResponse<T>(response);
  }

  createSession(body: Record<string, unknown>) {
    return this.request('POST', '/api/chat/sessions', body);
  }

  send(sessionId: string, content: string, headers?: Record<string, string>) {
    return this.request('POST', `/api/chat/sessions/${sessionId}/messages`, { content }, headers ? { headers } : {});
  }

  status(sessionId: string) {
    return this.request('GET', `/api/chat/sessions/${sessionId}`);
  }

  end(sessionId: string) {
    return this.request('DELETE', `/api/chat/sessions/${sessionId}`);
  }
}

/** Management API calls with a bearer key. */
export async function manage<T = any>(baseUrl: string, key: string, method: string, path: string, body?: unknown, tenantId?: string): Promise<RawResponse<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(tenantId ? { 'x-tenant-id': tenantId } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return readResponse<T>(response);
}
