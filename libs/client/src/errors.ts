/** The error body every refusal carries (docs/api.md "Errors"). */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; request_id?: string };
}

/**
 * The API refused the request: its status and the error body's code, message, details and request
 * id. `code` is stable (branch on it); `message` is for people. A body that is not the API's (a
 * proxy's page) gives the code `http_error` and a piece of the text as message.
 */
export class ParleyApiError extends Error {
  override readonly name = 'ParleyApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  /** From `Retry-After`, when the answer had one (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: unknown; requestId?: string | undefined; retryAfterSeconds?: number | undefined } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.requestId = options.requestId;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** `details.reason`, when the refusal gives one (`bad_signature`, `unknown_session` …). */
  get reason(): string | undefined {
    const details = this.details as { reason?: unknown } | undefined;
    return typeof details?.reason === 'string' ? details.reason : undefined;
  }
}

/** No HTTP answer at all (refused, reset, DNS, timeout); the message names the URL. */
export class ParleyNetworkError extends Error {
  override readonly name = 'ParleyNetworkError';
  readonly url: string;

  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

/** The typed error of a non-2xx answer, from its body text. */
export function errorFromResponse(response: Response, text: string): ParleyApiError {
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  const headerId = response.headers.get('x-request-id') ?? undefined;
  try {
    const error = (JSON.parse(text) as Partial<ErrorBody>).error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      return new ParleyApiError(response.status, error.code, error.message, {
        details: error.details,
        requestId: error.request_id ?? headerId,
        retryAfterSeconds,
      });
    }
  } catch {
    // Not the API's error body: fall through.
  }
  const snippet = text.trim().replace(/\s+/g, ' ').slice(0, 200);
  return new ParleyApiError(response.status, 'http_error', snippet === '' ? `HTTP ${response.status}` : snippet, { requestId: headerId, retryAfterSeconds });
}

/** What a failed fetch says, with the URL: fetch reports every transport failure as "fetch failed", the reason is in `cause`. */
export function networkError(url: string, error: unknown, timeoutMs: number | undefined): ParleyNetworkError {
  if (error instanceof Error && error.name === 'TimeoutError' && timeoutMs !== undefined) {
    return new ParleyNetworkError(url, `no answer from ${url} within ${Math.round(timeoutMs / 1000)}s`, { cause: error });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ParleyNetworkError(url, `cannot reach ${url} (${reason})`, { cause: error });
}
