import { z } from 'zod';
import {
  agentDetail,
  agentList,
  agentName,
  agentSummary,
  tenantKeyResponse,
  tenantResponse,
  versionResponse,
} from './management.js';
import {
  createdPublicLink,
  createLinkBody,
  linkAccess,
  publicChatResponse,
  publicHistory,
  publicLink,
  publicLinkList,
  publicSessionStarted,
  updateLinkBody,
} from './public-links.js';
import {
  createSessionBody,
  sessionStatus,
  createSessionResponse,
  endSessionResponse,
  sendMessageResponse,
  sessionId,
  sessionStatusResponse,
  transitionInfo,
  messageContent,
} from './text-chat.js';

/**
 * Every subject on the bus, in one place: name → subject, payload schemas, timeout, queue group.
 * Subjects are prefixed with the deployment's namespace by the bus. Handlers are typed from
 * these schemas and validate what they receive.
 */

const tenantId = z.uuid();

/** Workflow state a turn starts from and ends with (the engine's SessionState). */
export const workflowState = z.object({
  nodeId: z.string(),
  collectedData: z.record(z.string(), z.string()),
  visitTurns: z.number().int().min(0),
});

export const turnOutcome = z.object({
  state: workflowState,
  /**
   * What the nodes said, in order. `messageId`: the id a streamed reply was announced under (one
   * of the request's `replyMessageIds`); the caller stores that message under it.
   */
  said: z.array(z.object({ nodeId: z.string(), text: z.string(), messageId: z.uuid().optional() })),
  response: z.string().nullable(),
  transitions: z.array(transitionInfo),
  extractedVariables: z.record(z.string(), z.string()).nullable(),
  status: z.enum(['active', 'completed', 'error']),
  llmLatencyMs: z.number().min(0),
  /** Names from the agent config, so callers need not load it. */
  nodeName: z.string().nullable(),
  previousNodeId: z.string(),
  previousNodeName: z.string().nullable(),
});
export type TurnOutcome = z.infer<typeof turnOutcome>;

/**
 * How much of the conversation travels with a turn: at most WORKFLOW.md's 100 messages, and –
 * counted from the newest – at most this many bytes of JSON-encoded text, so a turn request stays
 * far below NATS's default max_payload (1 MB) however long the messages are.
 */
export const turnHistoryLimits = { messages: 100, jsonBytes: 256 * 1024 } as const;

/** A message of the conversation as a prompt node's LLM call sees it. */
export const historyMessage = z.object({ role: z.enum(['user', 'assistant']), content: z.string() });

/** How many messages one `sessions.messages` request may ask for. */
export const messageLookupMax = 100;

const agentRef = z.object({ agentId: z.uuid(), version: z.number().int().min(1) });

/** Why a link's sessions ended without a turn: the link closed. */
export const linkClosedReason = z.enum(['link_expired', 'link_deactivated', 'link_deleted']);
export type LinkClosedReason = z.infer<typeof linkClosedReason>;

export const rpc = {
  // ── links service: tenants, keys, agents (the registry the management API edits) ──
  'tenants.create': {
    subject: 'links.tenants.create',
    request: z.object({ name: z.string().min(1).max(200) }),
    response: tenantResponse,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'tenants.createKey': {
    subject: 'links.tenants.create-key',
    request: z.object({ tenantId }),
    response: tenantKeyResponse,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Resolves a tenant API key (by its SHA-256) to its tenant; not_found when unknown or revoked. */
  'tenants.resolveKey': {
    subject: 'links.tenants.resolve-key',
    request: z.object({ keyHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: z.object({ tenantId: z.string(), keyId: z.string() }),
    timeoutMs: 3_000,
    queue: 'links',
  },
  'tenants.exists': {
    subject: 'links.tenants.exists',
    request: z.object({ tenantId: z.string() }),
    response: z.object({ exists: z.boolean() }),
    timeoutMs: 3_000,
    queue: 'links',
  },
  'agents.create': {
    subject: 'links.agents.create',
    request: z.object({ tenantId, name: agentName, config: z.unknown() }),
    response: agentSummary,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'agents.list': {
    subject: 'links.agents.list',
    request: z.object({ tenantId }),
    response: agentList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'agents.get': {
    subject: 'links.agents.get',
    request: z.object({ tenantId, name: z.string() }),
    response: agentDetail,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'agents.createVersion': {
    subject: 'links.agents.create-version',
    request: z.object({ tenantId, name: z.string(), config: z.unknown() }),
    response: versionResponse,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'agents.setActiveVersion': {
    subject: 'links.agents.set-active-version',
    request: z.object({ tenantId, name: z.string(), version: z.number().int().min(1) }),
    response: agentSummary,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Which version a new session of an agent runs: the pinned one if it exists, else the active one. */
  'agents.resolveVersion': {
    subject: 'links.agents.resolve-version',
    request: z.object({ tenantId, agentId: z.uuid(), version: z.number().int().min(1).optional() }),
    response: z.object({ agentId: z.string(), version: z.number().int(), isActiveVersion: z.boolean() }),
    timeoutMs: 3_000,
    queue: 'links',
  },
  /** A version's config. Versions are immutable, so callers cache the answer for good. */
  'agents.config': {
    subject: 'links.agents.config',
    request: agentRef,
    response: z.object({ config: z.unknown() }),
    timeoutMs: 3_000,
    queue: 'links',
  },

  // ── links service: public chat links ──
  'links.create': {
    subject: 'links.links.create',
    request: z.object({ tenantId, agentName: z.string(), settings: createLinkBody, publicBaseUrl: z.string() }),
    response: createdPublicLink,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'links.list': {
    subject: 'links.links.list',
    request: z.object({ tenantId, agentName: z.string() }),
    response: publicLinkList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'links.update': {
    subject: 'links.links.update',
    request: z.object({ tenantId, agentName: z.string(), linkId: z.string(), changes: updateLinkBody }),
    response: publicLink,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Deletes a link: its token answers 404 from then on, its sessions end. */
  'links.delete': {
    subject: 'links.links.delete',
    request: z.object({ tenantId, agentName: z.string(), linkId: z.string() }),
    response: z.object({ deleted: z.literal(true) }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** A link by its token's SHA-256 (hex); not_found when unknown or deleted. */
  'links.resolve': {
    subject: 'links.links.resolve',
    request: z.object({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: linkAccess,
    timeoutMs: 3_000,
    queue: 'links',
  },

  /**
   * Which of these links closed, and how (expired, deactivated or deleted); links still open or
   * unknown are left out. Asked by the cleanup job about the links that still have active
   * sessions, so its cost follows the open sessions, not every link ever made.
   */
  'links.closed': {
    subject: 'links.links.closed',
    request: z.object({ ids: z.array(z.string()).min(1).max(1_000) }),
    response: z.object({ links: z.array(z.object({ id: z.string(), reason: linkClosedReason })) }),
    timeoutMs: 10_000,
    queue: 'links',
  },

  /**
   * Email verification of a link's visitors (links service owns the codes): `start` makes a
   * 6-digit code valid 10 minutes and answers it for the gateway to mail (it is stored only as a
   * hash); `confirm` checks it (5 attempts) and answers whether it held.
   */
  'verification.start': {
    subject: 'links.verification.start',
    request: z.object({ linkId: z.string(), email: z.string().max(320) }),
    response: z.object({ code: z.string().regex(/^\d{6}$/), expiresAt: z.string() }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  'verification.confirm': {
    subject: 'links.verification.confirm',
    request: z.object({ linkId: z.string(), email: z.string().max(320), code: z.string() }),
    response: z.object({
      verified: z.boolean(),
      attemptsLeft: z.number().int().min(0),
      /** Why it did not hold: a wrong code (attempts left), a code killed by 5 wrong ones, or no live code (expired, used or never sent). */
      failure: z.enum(['wrong_code', 'too_many_attempts', 'no_code']).optional(),
    }),
    timeoutMs: 5_000,
    queue: 'links',
  },

  // ── sessions service: public-link sessions (conversations with channel "link") ──
  /**
   * A visitor's message on a link: continues the session whose credential hash is given, or
   * starts one (atomically within the link's max_sessions) when none is given or `fresh` is set.
   * The message counts against max_messages_per_session atomically with the turn's commit.
   */
  'sessions.publicSend': {
    subject: 'sessions.public-send',
    request: z.object({
      link: linkAccess,
      content: messageContent,
      credentialHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      fresh: z.boolean().optional(),
      /** A verified email the session is bound to (email-verified links). */
      email: z.string().max(320).optional(),
    }),
    // `session`: the new credential when this message started the session; null when it continued
    // one (only the caller has that credential – sessions hold its hash alone).
    response: publicChatResponse.extend({ session: z.string().nullable() }),
    timeoutMs: 300_000,
    idleTimeoutMs: 10_000,
    queue: 'sessions',
  },
  /**
   * Starts a public session without a message (the workflow's start turn runs), bound to a
   * verified email when given: what confirming an email verification answers.
   */
  'sessions.publicStart': {
    subject: 'sessions.public-start',
    request: z.object({ link: linkAccess, email: z.string().max(320).optional() }),
    response: publicSessionStarted,
    timeoutMs: 300_000,
    idleTimeoutMs: 10_000,
    queue: 'sessions',
  },
  /** A public session's messages, oldest first; unauthorized (reason unknown_session) unless the credential belongs to the link. */
  /** A public session's id and status, without its messages (what a live stream needs to start). */
  'sessions.publicSession': {
    subject: 'sessions.public-session',
    request: z.object({ linkId: z.string(), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: z.object({ conversation_id: z.string(), status: sessionStatus }),
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  'sessions.publicHistory': {
    subject: 'sessions.public-history',
    request: z.object({ linkId: z.string(), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: publicHistory.extend({ conversation_id: z.string(), status: sessionStatus }),
    timeoutMs: 5_000,
    queue: 'sessions',
  },

  /**
   * Stored messages of one conversation by id, in the order they were said (ids not found are
   * left out): what the memory service summarises, read from the store that owns the messages.
   */
  'sessions.messages': {
    subject: 'sessions.messages',
    request: z.object({ conversationId: z.uuid(), ids: z.array(z.uuid()).min(1).max(messageLookupMax) }),
    response: z.object({
      messages: z.array(z.object({ id: z.string(), role: z.enum(['user', 'assistant', 'system']), content: z.string() })),
    }),
    timeoutMs: 5_000,
    queue: 'sessions',
  },

  // ── sessions service: Text Chat API sessions ──
  'sessions.create': {
    subject: 'sessions.create',
    request: createSessionBody,
    response: createSessionResponse,
    timeoutMs: 300_000,
    // The sessions replica beats while the turn runs: a dead one is noticed in seconds.
    idleTimeoutMs: 10_000,
    queue: 'sessions',
  },
  'sessions.send': {
    subject: 'sessions.send',
    request: z.object({
      sessionId,
      content: messageContent,
      idempotencyKey: z.string().min(1).max(255).optional(),
    }),
    response: sendMessageResponse,
    timeoutMs: 300_000,
    idleTimeoutMs: 10_000,
    queue: 'sessions',
  },
  'sessions.status': {
    subject: 'sessions.status',
    request: z.object({ sessionId }),
    response: sessionStatusResponse,
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  'sessions.end': {
    subject: 'sessions.end',
    request: z.object({ sessionId }),
    response: endSessionResponse,
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /**
   * Marks active sessions idle too long as abandoned: Text Chat API ones after `idleSeconds`, public
   * (link) ones after their own link's session timeout, each ending with a live `session_ended`.
   */
  'sessions.abandonIdle': {
    subject: 'sessions.abandon-idle',
    request: z.object({ idleSeconds: z.number().int().min(1) }),
    response: z.object({ abandoned: z.number().int() }),
    timeoutMs: 60_000,
    queue: 'sessions',
  },

  /** The links that have active sessions: what the cleanup job asks the links service about. */
  'sessions.activeLinks': {
    subject: 'sessions.active-links',
    request: z.object({}),
    response: z.object({ linkIds: z.array(z.string()) }),
    timeoutMs: 30_000,
    queue: 'sessions',
  },
  /** Ends the active sessions of closed links (session.ended and a live session_ended for each); answers how many. */
  'sessions.endForLinks': {
    subject: 'sessions.end-for-links',
    request: z.object({ linkIds: z.array(z.string()).min(1).max(1_000), reason: linkClosedReason }),
    response: z.object({ ended: z.number().int() }),
    timeoutMs: 60_000,
    queue: 'sessions',
  },
  /**
   * Retention: removes the messages, transitions, variables and stored replies of up to `limit`
   * public conversations that ended more than `olderThanDays` ago, in one short statement; the
   * conversation rows stay, with their counts. Called in a loop until it answers fewer than `limit`.
   */
  'sessions.purgeEnded': {
    subject: 'sessions.purge-ended',
    request: z.object({ olderThanDays: z.number().int().min(1), limit: z.number().int().min(1).max(5_000) }),
    response: z.object({ conversations: z.number().int(), messages: z.number().int() }),
    timeoutMs: 60_000,
    queue: 'sessions',
  },

  // ── agent-runner: executes workflow turns; replicas share the queue group ──
  /**
   * Runs one turn: session start (no message) or a user message. Everything the turn needs comes
   * with it and the runner calls nothing back; it is pure with respect to storage: the caller
   * commits the outcome, so a runner dying mid-turn leaves nothing half-written and the caller
   * retries on another runner. Runners send progress beats while an LLM call runs,
   * so a dead runner is noticed after `idleTimeoutMs`, not after the whole timeout.
   */
  'runner.turn': {
    subject: 'runner.turn',
    request: z.object({
      agentId: z.uuid(),
      version: z.number().int().min(1),
      conversationId: z.uuid(),
      sessionId: z.string(),
      state: workflowState.nullable(),
      message: messageContent.nullable(),
      /**
       * The conversation before this turn, oldest first, within turnHistoryLimits. Empty at
       * session start and for agent versions without a prompt node, which never read it.
       */
      history: z.array(historyMessage).max(turnHistoryLimits.messages),
      /**
       * Given when live clients watch the conversation: the runner streams each LLM reply as
       * `delta` events under these ids, the first reply under the first id, and answers which
       * said text got which id (`said[].messageId`). The same ids on a retry, so a retried turn
       * keeps streaming under the ids the client already has.
       */
      replyMessageIds: z.array(z.uuid()).max(16).optional(),
      /**
       * What the agent remembers about a verified visitor (memory.get), added to the system prompt
       * of prompt nodes; absent for everyone else.
       */
      memory: z.string().nullable().optional(),
    }),
    response: turnOutcome,
    // A safety net only: a turn may make several LLM calls, each with its retries.
    timeoutMs: 240_000,
    idleTimeoutMs: 5_000,
    queue: 'agent-runner',
    // A lost runner committed nothing, so the turn is safe to offer to another one.
    retry: { attempts: 3, backoffMs: [100, 250] },
  },

  // ── memory service: what an agent remembers about a verified visitor ──
  /**
   * The summary kept for (agent, email); null before the first one. Asked before a verified
   * visitor's turn, which goes on without it when no answer comes quickly.
   */
  'memory.get': {
    subject: 'memory.get',
    request: z.object({ agentId: z.uuid(), email: z.string().min(1).max(320) }),
    response: z.object({ summary: z.string().nullable() }),
    timeoutMs: 1_000,
    queue: 'memory',
  },
} as const;

const sessionEvent = z.object({
  conversationId: z.string(),
  sessionId: z.string(),
  tenantId: z.string(),
  agentId: z.string(),
  status: z.string(),
  at: z.string(),
});

/** A refusal at the edge, recorded for analytics (no IP: a salted hash at most). */
export const securityEvent = z.object({
  /** Unique per refusal: a redelivered event is stored once. */
  id: z.uuid(),
  kind: z.enum(['rate_limited', 'quota_exceeded', 'forbidden_origin', 'forbidden_ip', 'invalid_token', 'verification_failed', 'passcode_failed']),
  tenantId: z.string().nullable(),
  linkId: z.string().nullable(),
  at: z.string(),
});

/**
 * The messages one commit stored in a conversation (what memory and analytics count): one event
 * per turn rather than per message, since each event is a JetStream write.
 */
export const messagesEvent = z.object({
  conversationId: z.string(),
  tenantId: z.string(),
  agentId: z.string(),
  linkId: z.string().nullable(),
  /** The verified email a public session is bound to, for per-visitor memory. */
  email: z.string().nullable(),
  messages: z.array(z.object({ messageId: z.string(), role: z.enum(['user', 'assistant', 'operator', 'system']) })).min(1),
  at: z.string(),
});

export const events = {
  'session.created': {
    subject: 'events.session.created',
    payload: sessionEvent,
    retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
  },
  'session.ended': {
    subject: 'events.session.ended',
    payload: sessionEvent.extend({ totalTurns: z.number().int(), totalTransitions: z.number().int() }),
    retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
  },
  /** A link was deactivated or deleted through management: the sessions service ends its sessions at once. */
  'link.closed': {
    subject: 'events.link.closed',
    payload: z.object({ linkId: z.string(), tenantId: z.string(), reason: linkClosedReason, at: z.string() }),
    retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
  },
  'messages.stored': {
    subject: 'events.message.stored',
    payload: messagesEvent,
    retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
  },
  'security.refused': {
    subject: 'events.security.refused',
    payload: securityEvent,
    retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
  },
} as const;

export const catalog = { rpc, events };
export type PlatformCatalog = typeof catalog;
