import { AppError, challengeSolution, type LinkAccess, type PublicChatResponse, sessionCredentialPattern, visitorUser } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { verifyVisitorUser } from '../auth/visitor-identity.js';
import { credentialHashOf } from '../links/resolver.js';
import { followLog } from '../live/follow.js';
import { deliverVisitorMessage, sendVisitorMessage } from '../messages/visitor-message.js';
import { visitorLanguageOf } from '../routes/pages/language.js';
import type { PublicRoutesOptions } from '../routes/public-routes-options.js';
import { ReplyAssembler, type ReplySink, type SaidMessage } from './reply-assembler.js';

/**
 * What starting a session takes besides the message, where a protocol carries extra input
 * (AG-UI's `forwardedProps`, an A2A message's `metadata`): the link's passcode, the host site's
 * signed-in user, a solved proof-of-work challenge. Other keys are the client's own and ignored.
 */
export const visitorCredentials = z.object({
  passcode: z.string().max(128).optional(),
  user: visitorUser.optional(),
  challenge_solution: challengeSolution.optional(),
});
export type VisitorCredentials = z.infer<typeof visitorCredentials>;

/** The `Idempotency-Key` shape: a client's id of its message that does not fit is not used as one. */
const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

export interface TurnRequest {
  /** The visitor's message. */
  content: string;
  /** The client's thread (AG-UI) or context (A2A): a session credential of this link continues that session; anything else starts one. */
  thread: string | undefined;
  credentials: VisitorCredentials;
  /** The client's id of this message (a run's, a message's): a retry with it gets the first answer and runs no turn twice. */
  messageId: string | undefined;
}

/** What the turn answered, as the public chat answers a message, with what the agent said in it. */
export type TurnReply = Omit<PublicChatResponse, 'session'> & { said: SaidMessage[] };

export interface OpenedTurn {
  /** The session's credential: the thread or context the client continues next time. */
  session: string;
  /** Sends the message and streams the reply to `sink` as it is produced; throws the refusals of the message. */
  run(sink: ReplySink): Promise<TurnReply>;
}

type TurnDeps = Pick<PublicRoutesOptions, 'bus' | 'guard' | 'proofOfWork' | 'live'>;

/** The session of a credential if it is one of the link's (ended or not), else undefined. */
async function sessionOf(deps: TurnDeps, request: FastifyRequest, link: LinkAccess, thread: string | undefined) {
  if (thread === undefined || !sessionCredentialPattern.test(thread)) return undefined;
  try {
    return await deps.bus.request('sessions.public-session', { linkId: link.linkId, credentialHash: credentialHashOf(thread) }, { requestId: request.id });
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthorized') return undefined;
    throw error;
  }
}

/**
 * One visitor turn on a link for a protocol client (docs/open-protocols.md): the thread is the
 * link's session when it is one, else a session starts – after every rule a new session meets on
 * the public chat (proof of work, passcode, signed user, the limits) – without a message yet, so
 * that the reply can be followed on the conversation's live log as it streams, as the chat page
 * follows it. The message then goes to the sessions service as any visitor's does; the link's
 * origin, address and country rules were the caller's to apply (guard.admit) with the lookup.
 */
export async function openVisitorTurn(deps: TurnDeps, request: FastifyRequest, link: LinkAccess, turn: TurnRequest): Promise<OpenedTurn> {
  const { bus, guard, proofOfWork } = deps;
  const found = await sessionOf(deps, request, link, turn.thread);
  let session: string;
  let conversationId: string;
  /** The message was counted as the session's start: it is not counted a second time. */
  let counted = false;
  if (found && turn.thread !== undefined) {
    session = turn.thread;
    conversationId = found.conversation_id;
  } else {
    await proofOfWork.require(request, link, turn.credentials.challenge_solution);
    await guard.checkPasscode(request, link, turn.credentials.passcode);
    const user = await verifyVisitorUser(bus, guard, request, link, turn.credentials.user);
    await guard.limitMessage(request, link, {});
    const origin = await guard.originOf(request);
    // A protocol client's request says its language as a browser's does; the link's own comes first (docs/public-chat-api.md "Visitors' language and look").
    const language = visitorLanguageOf(link, request.headers);
    const started = await bus.request(
      'sessions.public-start',
      { link, ...(user ? { user } : {}), ...(origin ? { origin } : {}), language },
      { requestId: request.id },
    );
    // The session's own count starts with the message it was started for (docs/api.md "Rate limits").
    await guard.countSessionStart(link, credentialHashOf(started.session));
    session = started.session;
    conversationId = started.conversation_id;
    counted = true;
  }
  const idempotencyKey = turn.messageId !== undefined && idempotencyKeyPattern.test(turn.messageId) ? turn.messageId : undefined;
  const message = { content: turn.content, credentialHash: credentialHashOf(session), idempotencyKey };

  return {
    session,
    async run(sink) {
      const assembler = new ReplyAssembler(sink);
      const { live } = deps;
      // Only what comes after the log's newest event now is this turn's; the follower subscribes
      // first and reads the log after the mark, so no event between the two is lost. Without a
      // mark (the log unreadable) nothing is followed: the reply comes whole with the answer.
      const mark = live
        ? await live.lastEventId(conversationId).then(
            (id) => ({ id }),
            () => undefined,
          )
        : undefined;
      const follower =
        live && mark
          ? followLog({
              live,
              key: conversationId,
              after: mark.id,
              log: request.log,
              sink: {
                write: (event) => {
                  assembler.event(event);
                  return true;
                },
                reset: () => undefined,
                end: () => undefined,
              },
            })
          : undefined;
      try {
        const reply = counted ? await deliverVisitorMessage(deps, request, link, message) : await sendVisitorMessage(deps, request, link, message);
        // The turn's events are in the log before its answer: whatever the subscription has not brought yet is read.
        await follower?.catchUp().catch(() => undefined);
        follower?.close();
        const { session: _, ...answer } = reply;
        return { ...answer, said: assembler.finish(reply.response) };
      } catch (error) {
        follower?.close();
        assembler.abandon();
        throw error;
      }
    },
  };
}
