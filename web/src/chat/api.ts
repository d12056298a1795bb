/** The public chat API of one link, as the page calls it (same origin, JSON both ways). */

export interface LinkInfo {
  title: string;
  description: string | null;
  welcome_message: string | null;
  agent: string;
  require_email_verification: boolean;
  requires_passcode: boolean;
  expires_at: string | null;
  max_messages_per_session: number | null;
  session_timeout_minutes: number;
}

export interface ChatReply {
  response: string | null;
  session: string;
  message_id: string;
  remaining_messages: number | null;
  expires_at: string;
  session_ended: boolean;
}

export interface Confirmed {
  session: string;
  remaining_messages: number | null;
  expires_at: string | null;
}

export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
}

export interface LiveEvent {
  id?: string;
  event: string;
  data: Record<string, unknown>;
}

export interface History {
  messages: StoredMessage[];
  events?: LiveEvent[];
  reset?: boolean;
  last_event_id?: string;
}

/** A refusal in the API's error shape; `status` 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  get reason(): string | undefined {
    return typeof this.details.reason === 'string' ? this.details.reason : undefined;
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  const payload = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string; details?: unknown } };
  if (response.ok) return payload as T;
  const retryAfter = Number(response.headers.get('retry-after'));
  const details = payload.error?.details && !Array.isArray(payload.error.details) ? (payload.error.details as Record<string, unknown>) : {};
  throw new ApiError(
    response.status,
    payload.error?.code ?? 'unknown',
    payload.error?.message ?? `request failed (${response.status})`,
    details,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/**
 * `base` is the platform's origin when the caller runs on another site (the widget); the chat
 * page, served by the platform itself, leaves it empty.
 */
export function publicApi(token: string, base = '') {
  const t = encodeURIComponent(token);
  return {
    link: () => call<LinkInfo>('GET', `${base}/api/public/links/${t}`),
    chat: (content: string, session?: string, passcode?: string) =>
      call<ChatReply>('POST', `${base}/api/public/chat/${t}`, { content, ...(session ? { session } : {}), ...(passcode ? { passcode } : {}) }),
    /** A session without a message: its credential comes at once, so the live stream can be open before the first reply. */
    start: (passcode?: string) => call<Confirmed>('POST', `${base}/api/public/sessions/${t}`, passcode ? { passcode } : {}),
    newConversation: (content: string, session?: string, passcode?: string) =>
      call<ChatReply>('POST', `${base}/api/public/chat/${t}/new`, { content, ...(session ? { session } : {}), ...(passcode ? { passcode } : {}) }),
    history: (session: string, after?: string) =>
      call<History>('GET', `${base}/api/public/history/${t}?session=${encodeURIComponent(session)}${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`),
    sendCode: (email: string) => call<{ expires_at: string }>('POST', `${base}/api/public/verify/${t}`, { email }),
    confirm: (email: string, code: string, passcode?: string) =>
      call<Confirmed>('POST', `${base}/api/public/verify/${t}/confirm`, { email, code, ...(passcode ? { passcode } : {}) }),
    eventsUrl: (session: string, lastEventId?: string) =>
      `${base}/api/public/events/${t}?session=${encodeURIComponent(session)}${lastEventId ? `&last_event_id=${encodeURIComponent(lastEventId)}` : ''}`,
  };
}

export type PublicApi = ReturnType<typeof publicApi>;
