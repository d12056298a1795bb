import type { PlatformBus } from '@parley/bus';
import { contentRefusalOf, type LinkAccess, type VerifiedUser, type VisitorContext } from '@parley/contracts';
import type { LinkGuard, VisitorRequest } from '../limits/link-guard.js';
import { credentialHashOf } from '../links/resolver.js';
import { visitorLanguageOf } from '../routes/pages/language.js';
import { handOver } from './retries.js';

/**
 * A visitor's message, however it came (a public chat POST, a widget's WebSocket frame): counted
 * against the link's, the address's, the session's and the email's limits, then handed to the
 * sessions service, which applies the session's quota, stores it for a person while the
 * conversation is escalated, or runs the turn.
 */
export async function sendVisitorMessage(deps: { bus: PlatformBus; guard: LinkGuard }, request: VisitorRequest, link: LinkAccess, message: VisitorMessage) {
  await deps.guard.limitMessage(request, link, message.credentialHash === undefined ? {} : { credentialHash: message.credentialHash });
  return deliverVisitorMessage(deps, request, link, message);
}

export interface VisitorMessage {
  content: string;
  credentialHash?: string | undefined;
  fresh?: boolean;
  user?: VerifiedUser | undefined;
  idempotencyKey?: string | undefined;
  /** Uploads of the session the message carries (docs/public-chat-api.md "Uploads"). */
  attachments?: string[] | undefined;
  /** Where the host page says the visitor is (docs/public-chat-api.md "Page context"). */
  context?: VisitorContext | undefined;
}

/**
 * A visitor's message counted against the limits already – the first one of a session started
 * for it, which counted as the start (protocols/visitor-turn.ts) – handed to the sessions
 * service as sendVisitorMessage hands any other.
 */
export async function deliverVisitorMessage(deps: { bus: PlatformBus; guard: LinkGuard }, request: VisitorRequest, link: LinkAccess, message: VisitorMessage) {
  const { content, credentialHash, fresh, user, idempotencyKey, attachments, context } = message;
  // A message that may start a session tells where its visitor came from (analytics), and the
  // language their mails are written in (docs/public-chat-api.md "Visitors' language and look").
  const starting = credentialHash === undefined || fresh;
  const origin = starting ? await deps.guard.originOf(request) : undefined;
  const language = starting ? visitorLanguageOf(link, request.headers) : undefined;
  // A retry with the same key (the Idempotency-Key, a socket's client_id) gets the first answer (docs/text-chat-api.md "When a message fails").
  const sent = handOver(() =>
    deps.bus.request(
      'sessions.public-send',
      {
        link,
        content,
        ...(credentialHash === undefined ? {} : { credentialHash }),
        ...(fresh ? { fresh } : {}),
        ...(user ? { user } : {}),
        ...(origin ? { origin } : {}),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(attachments === undefined ? {} : { attachments }),
        ...(context === undefined ? {} : { context }),
        ...(language === undefined ? {} : { language }),
      },
      { requestId: request.id },
    ),
  );
  // A message a content rule blocked (the sessions service's typed refusal) is the visitor's doing: a strike on an adaptive link (docs/api.md "Adaptive limits").
  const reply = await sent.catch(async (error: unknown) => {
    if (contentRefusalOf(error)) await deps.guard.penalize(request, link, credentialHash);
    throw error;
  });
  // It started a session: counted against the address only so far, it is the new session's first (docs/api.md "Rate limits").
  if (reply.session !== null) await deps.guard.countSessionStart(link, credentialHashOf(reply.session));
  return reply;
}
