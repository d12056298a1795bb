import type {
  ApiErrorBody,
  Attachment,
  FeedbackRating,
  MessageFeedbackBody,
  ConversationRatingBody,
  ErasureResult,
  EscalationCreatedWithOffline,
  EscalationSummary,
  OfflineMessageLeft,
  OfflineNotice,
  LiveEvent,
  LiveFrame,
  PublicChatResponse,
  PublicHistoryResponse,
  PublicLinkInfo,
  PublicMessage,
  PublicSessionStarted,
  ResumedSession,
  TranscriptRequested,
  VerificationSent,
  VisitorConversation,
  VisitorContext,
  VisitorConversationList,
  VisitorUserInput,
} from '@parley/contracts';
import type { ProofOfWork } from './proof-of-work';

/**
 * The public chat API of one link, as the page calls it (same origin, JSON both ways). Its
 * request and response types are the API's own (@parley/contracts), imported as types only: no
 * schema code reaches the page.
 */

export type LinkInfo = PublicLinkInfo;
export type ChatReply = PublicChatResponse;
/** A session credential, as starting a session or confirming an email answers it. */
export type Confirmed = PublicSessionStarted;
/**
 * The history, and with `after` the live events since then: each an event of the conversation's
 * log with its id, as the live stream gives it (never a reset: the answer's `reset` says that).
 * The page still reads each through the catalog's decoder, as it does the stream's.
 */
export type History = Omit<PublicHistoryResponse, 'events'> & { events?: Extract<LiveFrame, { id: string }>[] };
/** One of a signed-in (or verified) visitor's earlier conversations with the link's agent. */
export type EarlierConversation = VisitorConversation;
export type Resumed = ResumedSession;

/**
 * A message as the page shows it, from the history or a live event: `operator` is a person
 * answering an escalated conversation, `system` a notice from the platform; an agent's answer from
 * knowledge has the `citations` shown as its sources. `notice`: the code of the platform's own
 * words, shown in the visitor's language (docs/public-chat-api.md "Notices").
 */
export type StoredMessage = Pick<PublicMessage, 'id' | 'role' | 'content' | 'operator_name' | 'attachments' | 'feedback' | 'citations' | 'notice'>;

/** A file a message carries, as history shows it and an upload answers it (docs/public-chat-api.md "Uploads"). */
export type { Attachment };

/**
 * Where a visitor's request for a person stands: their place in the queue while waiting (for a
 * team, when it names one), and who has it once assigned or claimed (the live `escalation` event
 * says so; a chat reply does not).
 */
export type Escalation = EscalationSummary & Partial<Pick<Extract<LiveEvent, { event: 'escalation' }>['data'], 'operator' | 'team' | 'offline'>>;

/** Nobody can answer now (outside hours, nobody online): the visitor may leave a message and an email. */
export type { OfflineNotice };

/** The states in which the conversation is with a person, or waiting for one. */
export const isEscalated = (escalation: Escalation | undefined): boolean =>
  escalation?.state === 'waiting' || escalation?.state === 'assigned' || escalation?.state === 'claimed';

/** A message as the live events and the history give it, whatever its role. */
export function storedMessage(data: Record<string, unknown>): StoredMessage {
  const role = data.role === 'user' || data.role === 'operator' || data.role === 'system' ? data.role : 'assistant';
  return {
    id: String(data.id),
    role,
    content: String(data.content),
    ...(role === 'operator' && typeof data.operator_name === 'string' ? { operator_name: data.operator_name } : {}),
    // Read through the catalog's decoder already: an array here is the citations it let through.
    ...(role === 'assistant' && Array.isArray(data.citations) ? { citations: data.citations as NonNullable<StoredMessage['citations']> } : {}),
    ...(typeof data.notice === 'string' ? { notice: data.notice } : {}),
  };
}

/**
 * A host site's signed-in user, as its page hands them to the widget: `user_id` signed by
 * `user_hash`, or a `token` (a JWT with an expiry that signs the id, name and email).
 */
export type VisitorUser = Conforming<{ user_id: string; user_hash: string; name?: string; email?: string } | { token: string }, VisitorUserInput>;

/** What a host page says of where the visitor is (docs/public-chat-api.md "Page context"): a session starts with it, and a message brings it up to date. */
export type { VisitorContext };

/** `T` itself, provided every value of it is one the API takes as `Contract`: the build says when they part. */
type Conforming<T extends Contract, Contract> = T;

/**
 * Whose a kept session is: the user id, read for a token from its claims without checking them
 * (the platform does that; here it only tells one user's kept session from another's).
 */
export function visitorUserId(user: VisitorUser | undefined): string | undefined {
  if (!user) return undefined;
  if ('user_id' in user) return user.user_id;
  try {
    const part = (user.token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)))) as { sub?: unknown };
    if (typeof claims.sub === 'string') return claims.sub;
  } catch {
    // Not a readable JWT: the platform refuses it; the token itself keeps the kept session apart.
  }
  return `token:${user.token}`;
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

/**
 * A fresh key for one message, sent with it and with each of its retries, so a retry after a lost
 * answer never makes it twice (docs/text-chat-api.md "When a message fails"). getRandomValues, unlike
 * randomUUID, works on plain-http pages too.
 */
export function messageKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `m-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * One JSON request; any answer but 2xx becomes an ApiError. `headers` adds e.g. a bearer key (the
 * console); `credentials: 'same-origin'` sends the console's session cookie, which no other caller
 * needs.
 */
export async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  credentials: RequestCredentials = 'omit',
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
      credentials,
    });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  }
  // Whatever came back: the API's error envelope, or anything a proxy between answered.
  const payload = (await response.json().catch(() => ({}))) as { error?: Partial<ApiErrorBody['error']> };
  if (response.ok) return payload as T;
  const retryAfter = Number(response.headers.get('retry-after'));
  // Validation refusals name each field in a list; other refusals give an object of facts.
  const raw = payload.error?.details;
  const details = Array.isArray(raw) ? { fields: raw } : raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
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
 * page, served by the platform itself, leaves it empty. `proofOfWork` (proof-of-work.ts, given by
 * the pages that start sessions, so no other page carries it) solves a link's challenges.
 * `language`: the widget's own `lang`, said as each request's Content-Language, so the mails it
 * asks for speak as the pane does (docs/public-chat-api.md "Visitors' language and look").
 */
export function publicApi(token: string, base = '', proofOfWork?: (challengeUrl: string) => ProofOfWork, language?: string) {
  const t = encodeURIComponent(token);
  /** `call`, saying the language the page shows when it chose one itself: the visitor's mails follow it. */
  const ask = <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call<T>(method, path, body, language ? { 'content-language': language, ...headers } : headers);
  const pow = proofOfWork?.(`${base}/api/public/links/${t}/challenge`);
  /** A request that starts a session: with a solved challenge, on a link that asks for proof of work. */
  const starting = <T>(send: (proof: { challenge_solution?: string }) => Promise<T>): Promise<T> => (pow ? pow.starting(send) : send({}));
  return {
    link: () =>
      ask<LinkInfo>('GET', `${base}/api/public/links/${t}`).then((info) => {
        if (pow) pow.required = info.challenge === 'pow';
        return info;
      }),
    /** The visitor is writing a first message: a link's proof of work is solved meanwhile. */
    prepare: () => pow?.warmUp(),
    /**
     * `key`: the message's Idempotency-Key, the same on every retry of it; `attachments`: upload ids
     * of this session; `context`: where the host page says the visitor is now (docs/public-chat-api.md "Page context").
     */
    chat: (content: string, session?: string, passcode?: string, key?: string, attachments?: string[], context?: VisitorContext) => {
      const send = (proof: { challenge_solution?: string }) =>
        ask<ChatReply>(
          'POST',
          `${base}/api/public/chat/${t}`,
          {
            content,
            ...(session ? { session } : {}),
            ...(passcode ? { passcode } : {}),
            ...(attachments?.length ? { attachments } : {}),
            ...(context ? { context } : {}),
            ...proof,
          },
          key ? { 'idempotency-key': key } : {},
        );
      return session ? send({}) : starting(send);
    },
    /** Where one file of the session is posted (multipart, by XMLHttpRequest: it reports upload progress, fetch does not). */
    uploadUrl: (session: string) => `${base}/api/public/chat/${t}/uploads?session=${encodeURIComponent(session)}`,
    /** A file of the session, always served as a download. */
    fileUrl: (id: string, session: string) => `${base}/api/public/uploads/${encodeURIComponent(id)}?session=${encodeURIComponent(session)}`,
    /** A thumb on an agent's or operator's message; a second one replaces the first. */
    feedback: (session: string, messageId: string, rating: FeedbackRating, comment?: string) =>
      ask<null>('POST', `${base}/api/public/chat/${t}/messages/${encodeURIComponent(messageId)}/feedback`, {
        session,
        rating,
        ...(comment ? { comment } : {}),
      } satisfies MessageFeedbackBody),
    /** The visitor's 1–5 score of the conversation, asked once it has ended. */
    rate: (session: string, score: number, comment?: string) =>
      ask<null>('POST', `${base}/api/public/chat/${t}/rating`, { session, score, ...(comment ? { comment } : {}) } satisfies ConversationRatingBody),
    /** A session without a message: its credential comes at once, so the live stream can be open before the first reply. */
    start: (passcode?: string, user?: VisitorUser, context?: VisitorContext) =>
      starting((proof) =>
        ask<Confirmed>('POST', `${base}/api/public/sessions/${t}`, {
          ...(passcode ? { passcode } : {}),
          ...(user ? { user } : {}),
          ...(context ? { context } : {}),
          ...proof,
        }),
      ),
    /** A signed-in or verified visitor's earlier conversations (403 for anyone else). */
    earlier: (session: string, limit = 5) =>
      ask<VisitorConversationList>('GET', `${base}/api/public/conversations/${t}?session=${encodeURIComponent(session)}&limit=${limit}`),
    /** Reopens one of them: a credential for it, and the live event id to follow it from. */
    /** Asks for a person; 409 when the conversation is with one already. */
    escalate: (session: string, reason: string) => ask<EscalationCreatedWithOffline>('POST', `${base}/api/public/chat/${t}/escalate`, { session, reason }),
    /** A message and an email left for a person while nobody can answer: the answer comes by mail too. */
    leaveMessage: (session: string, email: string, content: string) =>
      ask<OfflineMessageLeft>('POST', `${base}/api/public/chat/${t}/offline-message`, { session, email, content }),
    /** The conversation's transcript to this address when it ends (at once, if it has). */
    transcript: (session: string, email: string) => ask<TranscriptRequested>('POST', `${base}/api/public/chat/${t}/transcript`, { session, email }),
    /** The visitor is typing: the operator of an escalated conversation sees it. */
    typing: (session: string) => ask<null>('POST', `${base}/api/public/chat/${t}/typing`, { session }),
    resume: (session: string, conversationId: string) =>
      ask<Resumed>('POST', `${base}/api/public/chat/${t}/resume`, { session, conversation_id: conversationId }),
    newConversation: (content: string, session?: string, passcode?: string) =>
      starting((proof) =>
        ask<ChatReply>('POST', `${base}/api/public/chat/${t}/new`, { content, ...(session ? { session } : {}), ...(passcode ? { passcode } : {}), ...proof }),
      ),
    /** Erases the visitor's own conversation (its messages go; its credential stops working). */
    erase: (session: string) => ask<ErasureResult>('DELETE', `${base}/api/public/chat/${t}/session?session=${encodeURIComponent(session)}`),
    history: (session: string, after?: string) =>
      ask<History>(
        'GET',
        `${base}/api/public/history/${t}?session=${encodeURIComponent(session)}${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`,
      ),
    sendCode: (email: string) => ask<VerificationSent>('POST', `${base}/api/public/verify/${t}`, { email }),
    confirm: (email: string, code: string, passcode?: string) =>
      starting((proof) => ask<Confirmed>('POST', `${base}/api/public/verify/${t}/confirm`, { email, code, ...(passcode ? { passcode } : {}), ...proof })),
    /** The widget's WebSocket: ws:// or wss:// as the platform is http:// or https:// (the page's own origin when `base` is empty). */
    socketUrl: (session: string, lastEventId?: string) =>
      `${new URL(base || '/', location.href).origin.replace(/^http/, 'ws')}/api/public/ws/${t}?session=${encodeURIComponent(session)}${lastEventId ? `&last_event_id=${encodeURIComponent(lastEventId)}` : ''}`,
    eventsUrl: (session: string, lastEventId?: string) =>
      `${base}/api/public/events/${t}?session=${encodeURIComponent(session)}${lastEventId ? `&last_event_id=${encodeURIComponent(lastEventId)}` : ''}`,
  };
}

export type PublicApi = ReturnType<typeof publicApi>;
