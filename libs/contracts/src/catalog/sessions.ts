import { z } from 'zod';
import { tokenUsage } from './token-usage.js';
import { visitorOrigin } from '../analytics.js';
import {
  conversationDetail,
  conversationLabel,
  conversationNote,
  conversationReader,
  conversationSearchQuery,
  conversationSummary,
  escalationEvent,
  escalationList,
  escalationMetadata,
  escalationReason,
  escalationState,
  inboxItem,
} from '../escalations.js';
import {
  exportedConversation,
  exportedLiveEvent,
  exportedMessage,
  exportedTransition,
  exportedTurnTrace,
  linkRetention,
  privacyConversationIds,
  privacyLinkIds,
  privacyLinkScope,
  privacySignedUsers,
  privacyVisitor,
  transitionCursor,
} from '../privacy.js';
import { feedbackComment, feedbackEvent, feedbackRating, ratingScore } from '../feedback.js';
import { linkSession, linkSessionList } from '../link-sessions.js';
import { offlineMessageLeft, transcriptRequested } from '../operators.js';
import { linkAccess, linkUsage, publicChatResponse, publicHistory, publicSessionStarted, visitorLanguage } from '../public-links.js';
import { conversationPageQuery, resumedSession, userConversationList, userId, verifiedUser, visitorConversationList } from '../user-conversations.js';
import { visitorContext } from '../visitor-context.js';
import {
  createSessionBody,
  sessionStatus,
  createSessionResponse,
  endSessionResponse,
  sendMessageResponse,
  sessionId,
  sessionStatusResponse,
  messageContent,
} from '../text-chat.js';

import { knowledgeActivity, knowledgeGapList } from '../knowledge-answers.js';
import { toolActivity } from '../tool-calls.js';
import { conversationTrace, costFigure } from '../turn-traces.js';
import { attachment, attachmentIds, uploadId } from '../uploads.js';
import { transcriptCursor, transcriptRow } from '../transcript-export.js';
import { createTeamBody, escalationCreatedWithOffline, operatorPresenceList, team, teamList, updateTeamBody } from '../operators.js';
import { EVENT_BATCH, eventCatalog, rpcCatalog } from './define.js';
import { linkClosedReason } from './links.js';

/** The sessions service's subjects: conversations on every channel, escalations and the inbox, and its share of privacy; and the events it publishes. */

const tenantId = z.uuid();
const credentialHash = z.string().regex(/^[0-9a-f]{64}$/);

/** A conversation as each way in names it: a Text Chat API session id, or a visitor's link and credential hash. */
export const conversationTarget = z.union([
  z.object({ sessionId: z.string().max(80) }),
  z.object({ linkId: z.string().max(64), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
]);
export type ConversationTarget = z.infer<typeof conversationTarget>;

/** Who acts in the inbox, and the name visitors see. */
export const operator = z.object({
  /** The API key's id or the member's id the operator acts as; null: the platform admin key. */
  actorId: z.string().nullable(),
  name: z.string().min(1).max(100),
});

/** How many messages one `sessions.messages` request may ask for. */
export const messageLookupMax = 100;

/** The latest messages of a conversation the sentiment classifier reads (`sessions.transcript`). */
export const sentimentTranscriptMax = 60;

export const sessionEvent = z.object({
  conversationId: z.string(),
  sessionId: z.string(),
  tenantId: z.string(),
  agentId: z.string(),
  /** The agent version the conversation runs (analytics compares versions by it); absent in events from before it was sent. */
  agentVersion: z.number().int().min(1).optional(),
  status: z.string(),
  at: z.string(),
  /** The public link a visitor's conversation came through; null or absent for the Text Chat API. */
  linkId: z.string().nullable().optional(),
});

/**
 * The messages one commit stored in a conversation (what memory and analytics count): one event
 * per turn rather than per message, since each event is a JetStream write.
 */

export const messagesEvent = z.object({
  conversationId: z.string(),
  tenantId: z.string(),
  agentId: z.string(),
  /** The agent version the conversation runs (analytics compares versions by it); absent in events from before it was sent. */
  agentVersion: z.number().int().min(1).optional(),
  linkId: z.string().nullable(),
  /** The verified email a public session is bound to, for per-visitor memory. */
  email: z.string().nullable(),
  /** The signed-in user a public session is bound to (signed visitor identity), for per-visitor memory. */
  userId: z.string().nullable().optional(),
  /** The identity realm that user was verified in: a signed-in user is the pair (realm, id). */
  userRealm: z.string().nullable().optional(),
  messages: z.array(z.object({ messageId: z.string(), role: z.enum(['user', 'assistant', 'operator', 'system']) })).min(1),
  /** A turn's reply: milliseconds from the visitor's message to the agent's answer being stored (analytics' response times). */
  responseMs: z.number().int().nonnegative().optional(),
  /** LLM tokens the turn spent, as the LLM reported them (analytics' tokens, budgets). */
  usage: tokenUsage.optional(),
  at: z.string(),
});

/** Why a conversation counts as resolved (docs/management-api.md "Outcomes"). */
export const resolutionReason = z.enum(['node', 'feedback', 'ended']);
export type ResolutionReason = z.infer<typeof resolutionReason>;

/**
 * A conversation's resolution as it was stored (one conditional UPDATE, so once per resolution
 * whichever replica got there): `resolved: false` takes back an `ended` one, and `resolvedAt` is
 * then the time it was resolved, so analytics subtracts it from the hour it counted it in.
 */
export const resolutionEvent = z.object({
  /** Unique per resolution or take-back: a redelivery is the same event. */
  eventId: z.uuid(),
  conversationId: z.string(),
  tenantId: z.string(),
  agentId: z.string(),
  agentVersion: z.number().int().min(1),
  linkId: z.string().nullable(),
  channel: z.enum(['api', 'link']),
  reason: resolutionReason,
  resolved: z.boolean(),
  /** When the conversation was resolved (a take-back: when the resolution it takes back was made). */
  resolvedAt: z.string(),
  at: z.string(),
});
export type ResolutionEvent = z.infer<typeof resolutionEvent>;

export const sessionsCatalog = {
  rpc: rpcCatalog('sessions', {
    // ── sessions service: public-link sessions (conversations with channel "link") ──
    /**
     * A visitor's message on a link: continues the session whose credential hash is given, or
     * starts one (atomically within the link's max_sessions) when none is given or `fresh` is set.
     * The message counts against max_messages_per_session atomically with the turn's commit.
     */
    'sessions.public-send': {
      request: z.object({
        link: linkAccess,
        content: messageContent,
        credentialHash: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .optional(),
        fresh: z.boolean().optional(),
        /** A verified email the session is bound to (email-verified links). */
        email: z.string().max(320).optional(),
        /** The host site's user the gateway verified (signed visitor identity); binds a session it starts. */
        user: verifiedUser.optional(),
        /** Country and daily visitor hash for analytics, told with a session it starts. */
        origin: visitorOrigin.optional(),
        /** The visitor's Idempotency-Key, or a WebSocket message's client_id: a retry gets the first answer. */
        idempotencyKey: z.string().min(1).max(255).optional(),
        /** Uploads of this session the message carries (each not yet carried by another). */
        attachments: attachmentIds.optional(),
        /** What the host page says of where the visitor is: a session the message starts starts with it, one under way takes it in before the turn. */
        context: visitorContext.optional(),
        /** The language of the page's request (the link's, else Accept-Language): a session the message starts keeps it for its visitor's mails. */
        language: visitorLanguage.optional(),
      }),
      // `session`: the new credential when this message started the session; null when it continued
      // one (only the caller has that credential – sessions hold its hash alone).
      response: publicChatResponse.extend({ session: z.string().nullable() }),
      timeoutMs: 300_000,
      idleTimeoutMs: 10_000,
      queue: 'sessions',
      // A sessions replica keeps the conversation its last turn committed: the gateway offers the next turn to it first.
      namedResponders: true,
    },
    /**
     * Starts a public session without a message (the workflow's start turn runs), bound to a
     * verified email when given: what confirming an email verification answers. `context`: what the
     * host page said of where the visitor is, for the collected data under `context.`.
     */
    'sessions.public-start': {
      request: z.object({
        link: linkAccess,
        email: z.string().max(320).optional(),
        user: verifiedUser.optional(),
        origin: visitorOrigin.optional(),
        context: visitorContext.optional(),
        /** The language of the page's request: the session keeps it for its visitor's mails. */
        language: visitorLanguage.optional(),
      }),
      response: publicSessionStarted,
      timeoutMs: 300_000,
      idleTimeoutMs: 10_000,
      queue: 'sessions',
    },
    /** A public session's messages, oldest first; unauthorized (reason unknown_session) unless the credential belongs to the link. */
    /** A public session's id and status, without its messages (what a live stream needs to start). */
    'sessions.public-session': {
      request: z.object({ linkId: z.string(), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: z.object({ conversation_id: z.string(), status: sessionStatus }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    'sessions.public-history': {
      request: z.object({ linkId: z.string(), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: publicHistory.extend({ conversation_id: z.string(), status: sessionStatus }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    // ── sessions service: visitors' files (docs/public-chat-api.md "Uploads"); the gateway stores the bytes ──
    /**
     * Before a visitor's file is stored: their active session on the link (unauthorized otherwise,
     * gone once ended) and the key the file goes under; quota_exceeded (`quota: "uploads"`) once it
     * has MAX_UPLOADS_PER_SESSION. The file is named as unfinished from here until it is recorded,
     * so that one whose gateway dies meanwhile is swept (`sessions.uploads.sweep`).
     */
    'sessions.uploads.admit': {
      request: z.object({ linkId: z.string().max(64), credentialHash, uploadId }),
      response: z.object({ tenantId: z.string(), conversationId: z.string(), sessionId: z.string(), key: z.string().max(1_024) }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * A stored file joins its conversation and is no longer unfinished; gone (`reason: "erased"`)
     * when the conversation was erased meanwhile – the caller then deletes the file it stored.
     */
    'sessions.uploads.record': {
      request: z.object({
        conversationId: z.uuid(),
        id: uploadId,
        name: z.string().min(1).max(255),
        type: z.string().max(255),
        bytes: z.number().int().nonnegative(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        key: z.string().max(1_024),
      }),
      response: attachment,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * One file and where it is stored, for its own session (by the credential's hash: the file's
     * URL names no link) or for the tenant's operators (by conversation, one they may read);
     * unauthorized for an unknown credential, not_found for a file of another conversation.
     */
    'sessions.uploads.get': {
      request: z.object({
        uploadId: z.string().max(64),
        reader: z.union([z.object({ credentialHash }), z.object({ tenantId, conversationId: z.uuid(), as: conversationReader })]),
      }),
      response: attachment.extend({ key: z.string() }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * Deletes files admitted more than `olderThanMinutes` ago and never recorded – their gateway
     * died while they streamed or before recording them – and then forgets them; `limit` at most.
     * Answers how many were swept (files that could not be deleted stay for the next sweep).
     */
    'sessions.uploads.sweep': {
      request: z.object({ olderThanMinutes: z.number().int().min(1), limit: z.number().int().min(1).max(5_000) }),
      response: z.object({ swept: z.number().int(), failed: z.number().int() }),
      timeoutMs: 60_000,
      queue: 'sessions',
    },
    /**
     * The earlier conversations of a session's visitor with the link's agent – by its signed-in
     * user, else its verified email – newest first, the session's own left out; forbidden
     * (not_verified) for anonymous sessions, unauthorized (unknown_session) for a foreign credential.
     */
    'sessions.public-conversations': {
      request: conversationPageQuery.extend({ link: linkAccess, credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: visitorConversationList,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * Reopens one of those conversations on the link and answers a new credential for it (the ones
     * it had keep working): not_found unless it is the visitor's, gone when it can't continue.
     */
    'sessions.public-resume': {
      request: z.object({
        link: linkAccess,
        credentialHash: z.string().regex(/^[0-9a-f]{64}$/),
        conversationId: z.uuid(),
        /** The language of the page's request: the reopened conversation's visitor's mails follow it from now. */
        language: visitorLanguage.optional(),
      }),
      response: resumedSession,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * A visitor's thumb on an agent's or operator's message of their own conversation (active or
     * ended): replaces an earlier one. not_found for a message not in it; invalid for the
     * visitor's own or a system message; unauthorized (unknown_session) for a foreign credential.
     */
    'sessions.feedback.message': {
      request: z.object({
        linkId: z.string().max(64),
        credentialHash: z.string().regex(/^[0-9a-f]{64}$/),
        messageId: z.uuid(),
        rating: feedbackRating,
        comment: feedbackComment.optional(),
      }),
      response: z.object({}),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * A visitor's 1–5 score of their conversation, while it runs or once it has ended: replaces an
     * earlier one. gone (purged) once retention removed the conversation's messages.
     */
    'sessions.feedback.rate': {
      request: z.object({
        linkId: z.string().max(64),
        credentialHash: z.string().regex(/^[0-9a-f]{64}$/),
        score: ratingScore,
        comment: feedbackComment.optional(),
      }),
      response: z.object({}),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** Text Chat API sessions created with this `metadata.user_id`, newest first (see the route for the scoping). */
    'sessions.user-conversations': {
      request: conversationPageQuery.extend({ userId, tenantId: tenantId.optional() }),
      response: userConversationList,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * Stored messages of one conversation by id, in the order they were said (ids not found are
     * left out): what the memory service summarises, read from the store that owns the messages.
     */
    'sessions.messages': {
      request: z.object({ conversationId: z.uuid(), ids: z.array(z.uuid()).min(1).max(messageLookupMax) }),
      response: z.object({
        messages: z.array(z.object({ id: z.string(), role: z.enum(['user', 'assistant', 'operator', 'system']), content: z.string() })),
      }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * A page of an agent's transcripts (docs/management-api.md "Transcripts export"): the messages of the
     * tenant's conversations of the agent (and link) started in [from, to), by conversation start
     * then sequence, after the cursor. Erased and purged conversations have none.
     */
    'sessions.transcripts.page': {
      request: z.object({
        tenantId,
        agentId: z.uuid(),
        linkId: z.string().max(64).nullable(),
        from: z.iso.datetime({ offset: true }),
        to: z.iso.datetime({ offset: true }),
        after: transcriptCursor.nullable(),
        limit: z.number().int().min(1).max(1_000),
      }),
      response: z.object({ rows: z.array(transcriptRow) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /**
     * What the sentiment classifier reads of an ended conversation (docs/management-api.md "Sentiment"): the
     * visitor's, the agent's and operators' words, the latest `sentimentTranscriptMax` messages in
     * order, the agent version that ran it, and whether it is classified already (a redelivered
     * `events.session.ended` is then left alone). `found: false` for a conversation that is gone.
     */
    'sessions.transcript': {
      request: z.object({ conversationId: z.uuid() }),
      response: z.object({
        found: z.boolean(),
        agentVersion: z.number().int(),
        classified: z.boolean(),
        messages: z.array(z.object({ role: z.enum(['user', 'assistant', 'operator']), content: z.string() })),
      }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    // ── sessions service: Text Chat API sessions ──
    'sessions.create': {
      request: createSessionBody,
      response: createSessionResponse,
      timeoutMs: 300_000,
      // The sessions replica beats while the turn runs: a dead one is noticed in seconds.
      idleTimeoutMs: 10_000,
      queue: 'sessions',
    },
    'sessions.send': {
      request: z.object({
        sessionId,
        content: messageContent,
        idempotencyKey: z.string().min(1).max(255).optional(),
        /** Bearer-key callers (the console's playground): a session of another tenant or agent is not found. */
        owner: z.object({ tenantId, agentId: z.uuid() }).optional(),
      }),
      response: sendMessageResponse,
      timeoutMs: 300_000,
      idleTimeoutMs: 10_000,
      queue: 'sessions',
      // A sessions replica keeps the conversation its last turn committed: the gateway offers the next turn to it first.
      namedResponders: true,
    },
    /** Usage of a tenant's links: sessions started, messages stored and the last activity of each (links never used are left out). */
    'sessions.link-usage': {
      request: z.object({ tenantId, linkIds: z.array(z.string().max(64)).max(1_000) }),
      response: z.object({ usage: z.array(linkUsage.extend({ link_id: z.string() })) }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** A link's sessions (its conversations), newest first; the links service has checked the link is the tenant's. */
    'sessions.link-sessions': {
      request: z.object({ tenantId, linkId: z.string().max(64), status: z.enum(['active', 'ended']).optional(), limit: z.number().int().min(1).max(500) }),
      response: linkSessionList,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** Ends one session of a link (as abandoned, with a live `session_ended` "ended_by_owner"); one already ended is answered as it is. */
    'sessions.end-link-session': {
      request: z.object({ tenantId, linkId: z.string().max(64), conversationId: z.uuid() }),
      response: linkSession,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * The tenant of a Text Chat API session (not_found: no such session): whose own secrets may sign
     * requests about it. A session never changes tenant, so a gateway may remember the answer.
     */
    'sessions.tenant': {
      request: z.object({ sessionId }),
      response: z.object({ tenantId: z.string() }),
      timeoutMs: 3_000,
      queue: 'sessions',
    },
    'sessions.status': {
      request: z.object({ sessionId }),
      response: sessionStatusResponse,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    'sessions.end': {
      request: z.object({ sessionId }),
      response: endSessionResponse,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * Marks active sessions idle too long as abandoned: Text Chat API ones after `idleSeconds`, public
     * (link) ones after their own link's session timeout, each ending with a live `session_ended`.
     */
    'sessions.abandon-idle': {
      request: z.object({ idleSeconds: z.number().int().min(1) }),
      response: z.object({ abandoned: z.number().int() }),
      timeoutMs: 60_000,
      queue: 'sessions',
    },
    /** The links that have active sessions: what the cleanup job asks the links service about. */
    'sessions.active-links': {
      request: z.object({}),
      response: z.object({ linkIds: z.array(z.string()) }),
      timeoutMs: 30_000,
      queue: 'sessions',
    },
    /** Ends the active sessions of closed links (session.ended and a live session_ended for each); answers how many. */
    'sessions.end-for-links': {
      request: z.object({ linkIds: z.array(z.string()).min(1).max(1_000), reason: linkClosedReason }),
      response: z.object({ ended: z.number().int() }),
      timeoutMs: 60_000,
      queue: 'sessions',
    },
    /**
     * Retention: removes the messages, transitions, variables and stored replies of up to `limit`
     * conversations (every channel) that ended more than `olderThanDays` ago (a link's own days for its conversations), in one short statement; the
     * conversation rows stay, with their counts. Called in a loop until it answers fewer than `limit`.
     */
    /** Resolves conversations whose end was stored but not resolved (a process stopped in between; docs/management-api.md "Outcomes"). */
    'sessions.resolutions.sweep': {
      request: z.object({ limit: z.number().int().min(1).max(5_000) }),
      response: z.object({ resolved: z.number().int() }),
      timeoutMs: 60_000,
      queue: 'sessions',
    },
    'sessions.purge-ended': {
      request: z.object({
        olderThanDays: z.number().int().min(1),
        limit: z.number().int().min(1).max(5_000),
        /** Links with their own `retention_days`: their conversations follow it instead of `olderThanDays`. */
        links: z.array(linkRetention).max(20_000).optional(),
      }),
      response: z.object({ conversations: z.number().int(), messages: z.number().int() }),
      timeoutMs: 60_000,
      queue: 'sessions',
    },
    // ── sessions service: escalation to a human and the operator inbox ──
    /** Hands a conversation to a person: a Text Chat API session by its id, a visitor's by its credential. */
    'sessions.escalations.create': {
      request: z.object({ target: conversationTarget, reason: escalationReason, metadata: escalationMetadata.optional(), source: z.enum(['visitor', 'api']) }),
      response: escalationCreatedWithOffline,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    'sessions.escalations.list': {
      request: z.object({ target: conversationTarget }),
      response: escalationList,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** The tenant's inbox (agents by id: the gateway names them). */
    'sessions.inbox.list': {
      request: z.object({
        tenantId,
        states: z.array(escalationState).min(1),
        agentId: z.uuid().optional(),
        /** A team's escalations (`team_…`), or `none`: the tenant's queue. */
        team: z.string().max(64).optional(),
        /** Only those assigned to or claimed by this actor (`state=mine`). */
        operatorActorId: z.string().max(64).optional(),
        /** Only those this reader may see. */
        reader: conversationReader,
        /** Whose unread counts the items carry: the reader's actor id (a member's, a key's, or `admin`). */
        readerId: z.string().max(64),
        limit: z.number().int().min(1).max(500),
      }),
      response: z.object({ items: z.array(inboxItem.omit({ agent: true }).extend({ agent_id: z.string() })) }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * An operator's action on an escalation: claim it (a second operator's claim is a conflict),
     * release it to the agent, close the conversation, or say they are typing.
     */
    'sessions.inbox.act': {
      request: z.object({
        tenantId,
        escalationId: z.string().max(64),
        operator,
        reader: conversationReader,
        action: z.enum(['claim', 'accept', 'release', 'close', 'typing']),
      }),
      response: z.object({ item: inboxItem.omit({ agent: true }).extend({ agent_id: z.string() }) }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** An operator hands the conversation they have to a colleague (who accepts it) or to a team's queue. */
    'sessions.inbox.transfer': {
      request: z.object({
        tenantId,
        escalationId: z.string().max(64),
        operator,
        reader: conversationReader,
        toMember: z.string().max(64).optional(),
        toTeam: z.string().max(64).optional(),
        note: z.string().max(1_000).optional(),
      }),
      response: z.object({ item: inboxItem.omit({ agent: true }).extend({ agent_id: z.string() }) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** An operator's presence changed (an inbox stream opened or closed, online or away set): the inbox is told, the queue placed. */
    'sessions.inbox.presence-changed': {
      request: z.object({ tenantId, memberId: z.string().max(64) }),
      response: z.object({}),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /**
     * The teams whose escalations an operator sees besides the tenant's queue and their own (their
     * teams and those open to all operators), for the inbox stream to pass on only those.
     */
    'sessions.inbox.sight': {
      request: z.object({ tenantId, memberId: z.string().max(64).optional() }),
      response: z.object({ teamIds: z.array(z.string()) }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** The tenant's operators with their presence and open load. */
    'sessions.inbox.presence': {
      request: z.object({ tenantId }),
      response: operatorPresenceList,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    'sessions.teams.list': { request: z.object({ tenantId }), response: teamList, timeoutMs: 5_000, queue: 'sessions' },
    'sessions.teams.get': { request: z.object({ tenantId, teamId: z.string().max(64) }), response: team, timeoutMs: 5_000, queue: 'sessions' },
    'sessions.teams.create': { request: z.object({ tenantId, team: createTeamBody }), response: team, timeoutMs: 5_000, queue: 'sessions' },
    'sessions.teams.update': {
      request: z.object({ tenantId, teamId: z.string().max(64), team: updateTeamBody }),
      response: team,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    'sessions.teams.delete': {
      request: z.object({ tenantId, teamId: z.string().max(64) }),
      response: z.object({ teamId: z.string() }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** Operators' and teams' work over a period (analytics). */
    'sessions.operator-activity': {
      request: z.object({ tenantId, from: z.string(), to: z.string(), agentId: z.uuid().optional(), linkId: z.string().max(64).optional() }),
      response: z.object({
        operators: z.array(
          z.object({
            member_id: z.string(),
            name: z.string(),
            conversations: z.number().int(),
            first_response_ms_p50: z.number().nullable(),
            handling_ms_p50: z.number().nullable(),
            missed: z.number().int(),
          }),
        ),
        teams: z.array(
          z.object({
            team_id: z.string().nullable(),
            conversations: z.number().int(),
            first_response_ms_p50: z.number().nullable(),
            handling_ms_p50: z.number().nullable(),
            missed: z.number().int(),
          }),
        ),
      }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /**
     * An agent's tool calls over a period (analytics; docs/management-api.md "Analytics"): per tool, from
     * the calls its conversations' transcripts keep, made in [from, to). Gone with the messages
     * retention and erasure remove.
     */
    'sessions.tool-activity': {
      request: z.object({ tenantId, agentId: z.uuid(), from: z.string(), to: z.string() }),
      response: z.object({ tools: z.array(toolActivity) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /**
     * How an agent's knowledge answered over a period (analytics; docs/management-api.md
     * "Analytics"): answers and those with sources from the citations its transcripts keep, and the
     * questions without a match from its knowledge gaps, in [from, to). Gone with the conversations
     * retention and erasure remove.
     */
    /** A conversation's turns as their traces keep them (docs/workflow.md "Traces"); not_found for another tenant's. */
    'sessions.conversation-trace': {
      request: z.object({ tenantId, conversationId: z.uuid() }),
      response: conversationTrace,
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /**
     * What the LLM calls of the turns committed in [from, to) cost in USD – an agent's, or a link's
     * – in all and per agent version (docs/management-api.md "Analytics"); with `bucket`, per UTC
     * hour or day too, as the analytics series buckets them (only buckets with a priced call).
     */
    'sessions.llm-cost': {
      request: z.object({
        tenantId,
        agentId: z.uuid().optional(),
        linkId: z.string().max(100).optional(),
        from: z.string(),
        to: z.string(),
        bucket: z.enum(['hour', 'day']).optional(),
      }),
      response: costFigure.extend({
        versions: z.array(costFigure.extend({ version: z.number().int().min(1) })),
        series: z.array(costFigure.extend({ at: z.string() })).optional(),
      }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    'sessions.knowledge-activity': {
      request: z.object({ tenantId, agentId: z.uuid(), from: z.string(), to: z.string() }),
      response: knowledgeActivity,
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** An agent's knowledge gaps recorded in [from, to), newest first, at most `limit` (docs/management-api.md "Knowledge gaps"). */
    'sessions.knowledge-gaps': {
      request: z.object({ tenantId, agentId: z.uuid(), from: z.string(), to: z.string(), limit: z.number().int().min(1).max(500) }),
      response: knowledgeGapList,
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** An operator's message to the visitor of a conversation they claimed. */
    'sessions.inbox.reply': {
      request: z.object({ tenantId, escalationId: z.string().max(64), operator, reader: conversationReader, content: messageContent }),
      response: z.object({ message_id: z.string(), created_at: z.string() }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * A conversation of the tenant the reader may see, whole: history, trace, variables, escalations,
     * the operators' labels and notes (agents by id: the gateway names them). Read, it counts as read
     * by `readerId` (its unread count starts again from now).
     */
    'sessions.conversations.get': {
      request: z.object({ tenantId, conversationId: z.uuid(), reader: conversationReader, readerId: z.string().max(64).optional() }),
      response: conversationDetail.omit({ agent: true }).extend({ agent_id: z.string() }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** Sets a conversation's labels (all of them), if the reader may see it; the inbox is told when it is escalated. */
    'sessions.conversations.labels': {
      request: z.object({ tenantId, conversationId: z.uuid(), reader: conversationReader, labels: z.array(conversationLabel).max(10) }),
      response: z.object({ labels: z.array(z.string()) }),
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /**
     * The tenant's conversations the reader may see, newest first, found by the words of their
     * messages (PostgreSQL full text) and narrowed by label, agent and status; a keyset page.
     */
    'sessions.conversations.search': {
      request: z.object({
        tenantId,
        reader: conversationReader,
        /** Whose unread counts the conversations carry. */
        readerId: z.string().max(64),
        q: conversationSearchQuery.shape.q,
        label: conversationSearchQuery.shape.label,
        agentId: z.uuid().optional(),
        status: conversationSearchQuery.shape.status,
        limit: z.number().int().min(1).max(100),
        cursor: z.string().max(200).optional(),
      }),
      response: z.object({
        conversations: z.array(conversationSummary.omit({ agent: true }).extend({ agent_id: z.string() })),
        next_cursor: z.string().nullable(),
      }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** An operator's internal note on an escalation they may see: the operators are told live; the visitor never sees it. */
    'sessions.inbox.note': {
      request: z.object({ tenantId, escalationId: z.string().max(64), operator, reader: conversationReader, text: z.string().min(1).max(4_000) }),
      response: conversationNote,
      timeoutMs: 5_000,
      queue: 'sessions',
    },
    /** A visitor is typing: the operators of an escalated conversation see it. */
    'sessions.visitor-typing': {
      request: z.object({ linkId: z.string(), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: z.object({ escalated: z.boolean() }),
      timeoutMs: 3_000,
      queue: 'sessions',
    },
    // ── sessions service: what a visitor leaves for later (docs/escalation.md "Leaving a message", "Transcripts by email") ──
    /**
     * A visitor's message with their email while nobody can answer: stored in their conversation,
     * which opens in the inbox (its open escalation, or a new one, gets the email: operators'
     * answers go out by mail too). Counts against the link's message quota like any message.
     */
    'sessions.offline-message': {
      request: z.object({
        /** The visitor's link: its message quota and content rules. */
        link: linkAccess,
        credentialHash,
        email: z.string().max(320),
        content: z.string().min(1).max(4_000),
        /** The language of the page's request: operators' answers are mailed in it. */
        language: visitorLanguage.optional(),
      }),
      response: offlineMessageLeft,
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /**
     * Where the conversation's transcript goes when it ends (or now, once it has ended); the latest
     * address wins. `language`: the page's, which the visitor's transcript is written in.
     */
    'sessions.transcript-request': {
      request: z.object({ link: linkAccess, credentialHash, email: z.string().max(320), language: visitorLanguage.optional() }),
      response: transcriptRequested,
      timeoutMs: 30_000,
      queue: 'sessions',
    },
    // ── privacy (docs/api.md): each owning service's share of a visitor's export and erasure ──
    /**
     * A page of a visitor's conversations in a tenant (by id), with their variables and escalations:
     * those bound to the email or signed user id, those whose signed-in user (`metadata.user.email`),
     * collected data, transcript or message left names the email, and
     * those on the visitor's personalised links (`linkIds`). `onlyLinks`: those on the links only that
     * are not already picked otherwise (the next chunk of a visitor's many links).
     */
    'sessions.privacy.conversations': {
      request: z.object({ tenantId, visitor: privacyVisitor, ...privacyLinkScope, after: z.string().nullable(), limit: z.number().int().min(1).max(200) }),
      response: z.object({ conversations: z.array(exportedConversation) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** A page of one conversation's messages, after a sequence number. */
    'sessions.privacy.messages': {
      request: z.object({ tenantId, conversationId: z.string(), after: z.number().int().nullable(), limit: z.number().int().min(1).max(1_000) }),
      response: z.object({ messages: z.array(exportedMessage) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** A page of one conversation's workflow transitions, after (turn, sequence). */
    'sessions.privacy.transitions': {
      request: z.object({ tenantId, conversationId: z.string(), after: transitionCursor.nullable(), limit: z.number().int().min(1).max(1_000) }),
      response: z.object({ transitions: z.array(exportedTransition) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** A page of one conversation's turn traces after turn `after`, for a visitor's export (docs/management-api.md, "Privacy"). */
    'sessions.privacy.traces': {
      request: z.object({ tenantId, conversationId: z.string(), after: z.number().int().nullable(), limit: z.number().int().min(1).max(1_000) }),
      response: z.object({ traces: z.array(exportedTurnTrace) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /**
     * Erases an email's conversations in a tenant: messages, transitions, variables, stored replies,
     * extra credentials go; escalations keep no reason or metadata; the rows stay anonymous (no
     * email, user or credential) with their counts. Batch after batch until none is left.
     */
    'sessions.privacy.erase-visitor': {
      request: z.object({ tenantId, visitor: privacyVisitor, linkIds: privacyLinkIds }),
      response: z.object({ conversations: z.number().int(), messages: z.number().int() }),
      timeoutMs: 120_000,
      queue: 'sessions',
    },
    /** A page of the ids of a visitor's conversations (as privacy.conversations picks them), by id. */
    'sessions.privacy.conversation-ids': {
      request: z.object({ tenantId, visitor: privacyVisitor, ...privacyLinkScope, after: z.string().nullable(), limit: z.number().int().min(1).max(500) }),
      response: z.object({ ids: z.array(z.string()) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /**
     * The signed-in users (identity realm and id) of an email's conversations in a tenant, at most
     * PRIVACY_SIGNED_USERS: their memories are the email's too, in its export and erasure.
     */
    'sessions.privacy.signed-users': {
      request: z.object({ tenantId, email: z.string().max(320) }),
      response: z.object({ users: privacySignedUsers }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** The operators' inbox events (kept in Redis) about any of these conversations of the tenant. */
    'sessions.privacy.inbox-events': {
      request: z.object({ tenantId, conversationIds: privacyConversationIds }),
      response: z.object({ events: z.array(exportedLiveEvent) }),
      timeoutMs: 10_000,
      queue: 'sessions',
    },
    /** A visitor erases their own conversation (by its link and credential hash); its credential stops working. */
    'sessions.privacy.erase-session': {
      request: z.object({ linkId: z.string().max(64), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: z.object({
        conversationId: z.string(),
        tenantId: z.string(),
        agentId: z.string(),
        email: z.string().nullable(),
        userId: z.string().nullable(),
        /** The signed-in user's identity realm: their memory is forgotten in it only, not the same id's on other links. */
        userRealm: z.string().nullable(),
        messages: z.number().int(),
      }),
      timeoutMs: 30_000,
      queue: 'sessions',
    },
  }),
  events: eventCatalog({
    'events.session.created': {
      // Analytics: where a public visitor came from, and whether they were verified (email or signed-in user).
      payload: sessionEvent.extend({ origin: visitorOrigin.nullable().optional(), verified: z.boolean().optional() }),
      retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
      // One a conversation: public visitors start them at the rate they arrive.
      batch: EVENT_BATCH,
    },
    'events.session.ended': {
      payload: sessionEvent.extend({
        totalTurns: z.number().int(),
        totalTransitions: z.number().int(),
        /** Why it ended (e.g. timeout, link_expired, ended_by_owner); analytics tells expired from abandoned by it. */
        reason: z.string().optional(),
        /** When the conversation started, for its length. */
        startedAt: z.string().optional(),
      }),
      retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
      // Not batched: its consumers include an LLM call (the memory service's sentiment), which a
      // batch delivered again for another event's failure would make again.
    },
    'events.message.stored': {
      payload: messagesEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
      // One a turn: a busy platform stores them a window's worth to a message.
      batch: EVENT_BATCH,
    },
    /** A conversation was handed to a person (the visitor, a backend or a handoff node asked). */
    'events.escalation.created': {
      payload: escalationEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
    },
    /** Offered to an operator (automatically, or by a colleague's transfer), who accepts it or lets it time out. */
    'events.escalation.assigned': {
      payload: escalationEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
    },
    /** An operator took it. */
    'events.escalation.claimed': {
      payload: escalationEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
    },
    /** Handed back to the agent: the workflow continues where it stopped. */
    'events.escalation.released': {
      payload: escalationEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
    },
    /** Closed by an operator: the conversation has ended. */
    'events.escalation.closed': {
      payload: escalationEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
    },
    /** A visitor gave a thumb on a message or a score of the conversation (analytics, webhooks). */
    'events.feedback.received': {
      payload: feedbackEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
    },
    /** A conversation was resolved, or (`resolved: false`) an `ended` resolution was taken back by later negative feedback. */
    'events.conversation.resolved': {
      payload: resolutionEvent,
      retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
    },
  }),
  broadcasts: {},
};
