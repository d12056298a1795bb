import { z } from 'zod';
import { analyticsReport, visitorOrigin } from './analytics.js';
import { auditList, auditRecorded, auditVerification } from './audit.js';
import { chatSecretCreated, chatSecretList } from './chat-secrets.js';
import {
  conversationDetail,
  escalationCreated,
  escalationEvent,
  escalationList,
  escalationMetadata,
  escalationReason,
  escalationState,
  inboxItem,
} from './escalations.js';
import {
  exportedConversation,
  exportedLink,
  exportedLinkDelivery,
  exportedLiveEvent,
  exportedMemory,
  exportedMessage,
  exportedSchedule,
  exportedTransition,
  exportedVerification,
  exportedWebhookDelivery,
  linkRetention,
  privacyConversationIds,
  privacyLinkIds,
  privacyLinkScope,
  privacyVisitor,
  transitionCursor,
} from './privacy.js';
import { createdWebhook, createWebhookBody, webhookDeliveries, webhookList } from './webhooks.js';
import {
  bulkCreateBody,
  bulkCreated,
  bulkDeleted,
  bulkUpdateBody,
  bulkUpdated,
  createScheduleBody,
  createTemplateBody,
  linkTemplate,
  linkTemplateList,
  rotatedLink,
  runTrigger,
  schedule,
  scheduleList,
  scheduleRun,
  scheduleRunList,
  updateScheduleBody,
  updateTemplateBody,
} from './distribution.js';
import { linkSession, linkSessionList } from './link-sessions.js';
import { member, memberEmail, memberList } from './members.js';
import {
  agentDetail,
  agentList,
  agentName,
  agentSummary,
  apiKeyList,
  role,
  tenantKeyResponse,
  tenantList,
  tenantResponse,
  versionResponse,
} from './management.js';
import {
  createdPublicLink,
  createLinkBody,
  linkAccess,
  linkDeliveryList,
  sendSpec,
  linkUsage,
  publicChatResponse,
  publicHistory,
  publicLink,
  publicLinkList,
  publicSessionStarted,
  updateLinkBody,
} from './public-links.js';
import {
  conversationPageQuery,
  identityCheck,
  MAX_IDENTITY_TOKEN_LENGTH,
  identitySecret,
  resumedSession,
  userConversationList,
  userId,
  verifiedUser,
  visitorConversationList,
} from './user-conversations.js';
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

/** A conversation as each way in names it: a Text Chat API session id, or a visitor's link and credential hash. */
const conversationTarget = z.union([
  z.object({ sessionId: z.string().max(80) }),
  z.object({ linkId: z.string().max(64), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
]);
export type ConversationTarget = z.infer<typeof conversationTarget>;

/** A tenant key's display name: who answers, as visitors see it. */
const keyName = z.string().trim().min(1).max(100);

/** Who acts in the inbox: their key (null: the platform admin key) and the name visitors see. */
const operator = z.object({ keyId: z.string().nullable(), name: z.string().min(1).max(100) });

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
  /** A handoff node was entered: the caller escalates the conversation with this reason as it commits the turn. */
  handoff: z.object({ reason: z.string() }).optional(),
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
 * How much of the conversation travels with a turn: at most docs/workflow.md's 100 messages, and –
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
    request: z.object({ name: z.string().min(1).max(200), operatorEmail: z.string().max(320).nullable().optional() }),
    response: tenantResponse,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'tenants.update': {
    subject: 'links.tenants.update',
    request: z.object({ tenantId, name: z.string().min(1).max(200).optional(), operatorEmail: z.string().max(320).nullable().optional() }),
    response: tenantResponse,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Every tenant, or only the one named: what a console signed in with a key may act on. */
  'tenants.list': {
    subject: 'links.tenants.list',
    request: z.object({ tenantId: tenantId.optional() }),
    response: tenantList.omit({ scope: true }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  'tenants.createKey': {
    subject: 'links.tenants.create-key',
    request: z.object({ tenantId, name: keyName.optional(), role: role.optional(), expiresAt: z.iso.datetime({ offset: true }).optional() }),
    response: tenantKeyResponse,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Resolves a tenant API key (by its SHA-256) to its tenant; not_found when unknown or revoked. */
  'tenants.resolveKey': {
    subject: 'links.tenants.resolve-key',
    request: z.object({ keyHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    /** `name`: the key's display name, the operator's name visitors see. */
    response: z.object({ tenantId: z.string(), keyId: z.string(), name: z.string(), role, expiresAt: z.string().nullable() }),
    timeoutMs: 3_000,
    queue: 'links',
  },
  /** Every key of the tenant, revoked and expired ones too, oldest first; never a key or its hash. */
  'tenants.listKeys': {
    subject: 'links.tenants.list-keys',
    request: z.object({ tenantId }),
    response: apiKeyList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Revokes a key of the tenant (not_found: no such key there) and broadcasts `keys.revoked`. */
  'tenants.revokeKey': {
    subject: 'links.tenants.revoke-key',
    request: z.object({ tenantId, keyId: z.string().min(1).max(100) }),
    response: z.object({ keyId: z.string() }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Notes that a key was used now, unless it was within the last minute. */
  'tenants.touchKey': {
    subject: 'links.tenants.touch-key',
    request: z.object({ keyId: z.string().min(1).max(100) }),
    response: z.object({}),
    timeoutMs: 5_000,
    queue: 'links',
  },
  'tenants.exists': {
    subject: 'links.tenants.exists',
    request: z.object({ tenantId: z.string() }),
    response: z.object({ exists: z.boolean() }),
    timeoutMs: 3_000,
    queue: 'links',
  },
  // ── links service: the tenants' own Text Chat API secrets (docs/api.md, "Text Chat API secrets") ──
  /** Makes a secret (conflict: the tenant already has MAX_CHAT_SECRETS) and broadcasts `chatSecrets.changed`. */
  'chatSecrets.create': {
    subject: 'links.chat-secrets.create',
    request: z.object({ tenantId }),
    response: chatSecretCreated,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** The tenant's live secrets, oldest first; never a secret. */
  'chatSecrets.list': {
    subject: 'links.chat-secrets.list',
    request: z.object({ tenantId }),
    response: chatSecretList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Deletes a secret of the tenant (not_found: no such secret there) and broadcasts `chatSecrets.changed`. */
  'chatSecrets.delete': {
    subject: 'links.chat-secrets.delete',
    request: z.object({ tenantId, secretId: z.string().min(1).max(100) }),
    response: z.object({ secretId: z.string() }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** The tenant's live secrets themselves, decrypted: what a gateway verifies that tenant's signed requests with. */
  'chatSecrets.live': {
    subject: 'links.chat-secrets.live',
    request: z.object({ tenantId }),
    response: z.object({ secrets: z.array(z.object({ secretId: z.string(), secret: z.string() })) }),
    timeoutMs: 3_000,
    queue: 'links',
  },
  /** Notes that a secret verified a request now, unless it did within the last minute. */
  'chatSecrets.touch': {
    subject: 'links.chat-secrets.touch',
    request: z.object({ secretId: z.string().min(1).max(100) }),
    response: z.object({}),
    timeoutMs: 5_000,
    queue: 'links',
  },
  // ── links service: members (people) and their console sessions (docs/api.md, "Members") ──
  /** A member of the tenant; conflict: the email is one already. */
  'members.create': {
    subject: 'links.members.create',
    request: z.object({ tenantId, email: memberEmail, name: z.string().trim().min(1).max(100), role }),
    response: member,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** The tenant's members, oldest first. */
  'members.list': {
    subject: 'links.members.list',
    request: z.object({ tenantId }),
    response: memberList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'members.get': {
    subject: 'links.members.get',
    request: z.object({ tenantId, memberId: z.string().min(1).max(100) }),
    response: member,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Changes a member's role or name; broadcasts `members.changed` so every gateway sees it at once. */
  'members.update': {
    subject: 'links.members.update',
    request: z.object({ tenantId, memberId: z.string().min(1).max(100), role: role.optional(), name: z.string().trim().min(1).max(100).optional() }),
    response: member,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Removes a member and their console sessions; broadcasts `members.changed`. */
  'members.delete': {
    subject: 'links.members.delete',
    request: z.object({ tenantId, memberId: z.string().min(1).max(100) }),
    response: z.object({ memberId: z.string() }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Every membership of a (verified) email across tenants, oldest first: who signs in as what. */
  'members.forEmail': {
    subject: 'links.members.for-email',
    request: z.object({ email: memberEmail }),
    response: z.object({
      memberships: z.array(z.object({ memberId: z.string(), tenantId: z.string(), tenantName: z.string(), name: z.string(), role, createdAt: z.string() })),
    }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Starts a console session (the cookie's SHA-256) for a member whose email still is the one signed in. */
  'consoleSessions.create': {
    subject: 'links.console-sessions.create',
    request: z.object({ idHash: z.string().regex(/^[0-9a-f]{64}$/), tenantId, memberId: z.string().min(1).max(100), email: memberEmail }),
    response: z.object({ expiresAt: z.string() }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** The member a live console session is (not_found: unknown or expired); each use moves its expiry on. */
  'consoleSessions.resolve': {
    subject: 'links.console-sessions.resolve',
    request: z.object({ idHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: z.object({ tenantId: z.string(), memberId: z.string(), name: z.string(), email: z.string(), role, expiresAt: z.string() }),
    timeoutMs: 3_000,
    queue: 'links',
  },
  /** Ends a console session (signing out) and broadcasts `members.changed`; the member and tenant it was, or nulls when there was none. */
  'consoleSessions.delete': {
    subject: 'links.console-sessions.delete',
    request: z.object({ idHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: z.object({ memberId: z.string().nullable(), tenantId: z.string().nullable() }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** The cleanup service's sweep: removes up to `limit` expired console sessions. */
  'consoleSessions.purgeExpired': {
    subject: 'links.console-sessions.purge-expired',
    request: z.object({ limit: z.number().int().min(1).max(10_000) }),
    response: z.object({ deleted: z.number().int().min(0) }),
    timeoutMs: 30_000,
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
    // With `send`, the first attempts are waited for (a bounded time).
    timeoutMs: 30_000,
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
  /**
   * Makes the link a new identity secret (the old one stops verifying at once) and answers it, the
   * only time it leaves the links service.
   */
  'links.identitySecret': {
    subject: 'links.links.identity-secret',
    request: z.object({ tenantId, agentName: z.string(), linkId: z.string() }),
    response: identitySecret,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /**
   * Checks a host site's user – `user_hash` of `userId`, or a JWT `token` – against the link's
   * identity secret, which never leaves the links service. `user` when valid: who it is, in the
   * link's identity realm.
   */
  'links.verifyIdentity': {
    subject: 'links.links.verify-identity',
    request: z.union([
      z.object({ linkId: z.string(), userId, userHash: z.string().max(128) }),
      z.object({ linkId: z.string(), token: z.string().max(MAX_IDENTITY_TOKEN_LENGTH) }),
    ]),
    response: z.object({ result: identityCheck, user: verifiedUser.optional() }),
    timeoutMs: 3_000,
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
   * Announces the links whose expiry has passed since the last call, each once per expiry time
   * (`link.closed` with reason link_expired): expiry happens by itself, so the cleanup job asks.
   */
  'links.announceExpired': {
    subject: 'links.links.announce-expired',
    request: z.object({}),
    response: z.object({ announced: z.number().int() }),
    timeoutMs: 60_000,
    queue: 'links',
  },

  // ── links service: templates, bulk operations, distribution and schedules ──
  'templates.list': {
    subject: 'links.templates.list',
    request: z.object({ tenantId }),
    response: linkTemplateList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'templates.create': {
    subject: 'links.templates.create',
    request: createTemplateBody.extend({ tenantId }),
    response: linkTemplate,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'templates.update': {
    subject: 'links.templates.update',
    request: z.object({ tenantId, name: z.string().max(100), changes: updateTemplateBody }),
    response: linkTemplate,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'templates.delete': {
    subject: 'links.templates.delete',
    request: z.object({ tenantId, name: z.string().max(100) }),
    response: z.object({ deleted: z.literal(true) }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /**
   * One link per recipient (or `count` of them) in one transaction, then their URLs sent: the
   * answer waits for first attempts for a bounded time; the rest go on in the background.
   */
  'links.bulkCreate': {
    subject: 'links.links.bulk-create',
    request: z.object({ tenantId, agentName: z.string(), body: bulkCreateBody, publicBaseUrl: z.string() }),
    response: bulkCreated,
    timeoutMs: 120_000,
    idleTimeoutMs: 10_000,
    queue: 'links',
  },
  'links.bulkUpdate': {
    subject: 'links.links.bulk-update',
    request: bulkUpdateBody.extend({ tenantId }),
    response: bulkUpdated,
    timeoutMs: 30_000,
    queue: 'links',
  },
  'links.bulkDelete': {
    subject: 'links.links.bulk-delete',
    request: z.object({ tenantId, ids: z.array(z.string().max(64)).min(1).max(1_000) }),
    response: bulkDeleted,
    timeoutMs: 30_000,
    queue: 'links',
  },
  /** A new token for the link (the old one stops resolving at once), optionally sent. */
  'links.rotate': {
    subject: 'links.links.rotate',
    request: z.object({ tenantId, agentName: z.string(), linkId: z.string(), send: sendSpec.optional(), publicBaseUrl: z.string() }),
    response: rotatedLink,
    timeoutMs: 30_000,
    idleTimeoutMs: 10_000,
    queue: 'links',
  },
  /** Every delivery of a link's URL, newest first. */
  'links.deliveries': {
    subject: 'links.links.deliveries',
    request: z.object({ tenantId, linkId: z.string().max(64) }),
    response: linkDeliveryList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** `publicBaseUrl`: the origin the schedule's links are handed out under, kept with it. */
  'schedules.create': {
    subject: 'links.schedules.create',
    request: z.object({ tenantId, body: createScheduleBody, publicBaseUrl: z.string() }),
    response: schedule,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'schedules.list': {
    subject: 'links.schedules.list',
    request: z.object({ tenantId }),
    response: scheduleList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'schedules.get': {
    subject: 'links.schedules.get',
    request: z.object({ tenantId, scheduleId: z.string().max(64) }),
    response: schedule,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'schedules.update': {
    subject: 'links.schedules.update',
    request: z.object({ tenantId, scheduleId: z.string().max(64), changes: updateScheduleBody }),
    response: schedule,
    timeoutMs: 5_000,
    queue: 'links',
  },
  'schedules.delete': {
    subject: 'links.schedules.delete',
    request: z.object({ tenantId, scheduleId: z.string().max(64) }),
    response: z.object({ deleted: z.literal(true) }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  'schedules.runs': {
    subject: 'links.schedules.runs',
    request: z.object({ tenantId, scheduleId: z.string().max(64), limit: z.number().int().min(1).max(500).default(100) }),
    response: scheduleRunList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /**
   * The slots of active schedules due by `now` (the caller's clock), oldest first: what the
   * cleanup service claims and runs, one replica per slot.
   */
  'schedules.due': {
    subject: 'links.schedules.due',
    request: z.object({ now: z.iso.datetime() }),
    response: z.object({ slots: z.array(z.object({ scheduleId: z.string(), slotAt: z.iso.datetime() })) }),
    timeoutMs: 10_000,
    queue: 'links',
  },
  /**
   * Runs one slot of a schedule – or records it skipped when it is older than the catch-up
   * window – and moves the schedule past it. A slot runs at most once (its run row is unique);
   * `manual` runs now, outside the cron.
   */
  'schedules.run': {
    subject: 'links.schedules.run',
    request: z.object({
      tenantId: tenantId.optional(),
      scheduleId: z.string().max(64),
      slotAt: z.iso.datetime(),
      now: z.iso.datetime(),
      trigger: runTrigger,
      catchUpMinutes: z.number().int().min(0).max(7 * 24 * 60),
    }),
    response: scheduleRun,
    timeoutMs: 180_000,
    idleTimeoutMs: 15_000,
    queue: 'links',
  },

  // ── links service: a tenant's webhooks (its own module there: the tenant's settings live there) ──
  /** Checks that the URL's host resolves to public addresses only (unless private ones are allowed). */
  'webhooks.create': {
    subject: 'links.webhooks.create',
    request: createWebhookBody.extend({ tenantId }),
    response: createdWebhook,
    // Resolving the URL's host takes part of it.
    timeoutMs: 15_000,
    queue: 'links',
  },
  'webhooks.list': {
    subject: 'links.webhooks.list',
    request: z.object({ tenantId }),
    response: webhookList,
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Deletes it with its deliveries and their history; not_found for another tenant's. */
  'webhooks.delete': {
    subject: 'links.webhooks.delete',
    request: z.object({ tenantId, webhookId: z.string() }),
    response: z.object({ deleted: z.literal(true) }),
    timeoutMs: 5_000,
    queue: 'links',
  },
  /** Every attempt of its deliveries (and each one's next, while pending), newest first. */
  'webhooks.deliveries': {
    subject: 'links.webhooks.deliveries',
    request: z.object({ tenantId, webhookId: z.string(), limit: z.number().int().min(1).max(500) }),
    response: webhookDeliveries,
    timeoutMs: 5_000,
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
      /** The host site's user the gateway verified (signed visitor identity); binds a session it starts. */
      user: verifiedUser.optional(),
      /** Country and daily visitor hash for analytics, told with a session it starts. */
      origin: visitorOrigin.optional(),
      /** The visitor's Idempotency-Key, or a WebSocket message's client_id: a retry gets the first answer. */
      idempotencyKey: z.string().min(1).max(255).optional(),
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
    request: z.object({ link: linkAccess, email: z.string().max(320).optional(), user: verifiedUser.optional(), origin: visitorOrigin.optional() }),
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
   * The earlier conversations of a session's visitor with the link's agent – by its signed-in
   * user, else its verified email – newest first, the session's own left out; forbidden
   * (not_verified) for anonymous sessions, unauthorized (unknown_session) for a foreign credential.
   */
  'sessions.publicConversations': {
    subject: 'sessions.public-conversations',
    request: conversationPageQuery.extend({ link: linkAccess, credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: visitorConversationList,
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /**
   * Reopens one of those conversations on the link and answers a new credential for it (the ones
   * it had keep working): not_found unless it is the visitor's, gone when it can't continue.
   */
  'sessions.publicResume': {
    subject: 'sessions.public-resume',
    request: z.object({ link: linkAccess, credentialHash: z.string().regex(/^[0-9a-f]{64}$/), conversationId: z.uuid() }),
    response: resumedSession,
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /** Text Chat API sessions created with this `metadata.user_id`, newest first (see the route for the scoping). */
  'sessions.userConversations': {
    subject: 'sessions.user-conversations',
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
    subject: 'sessions.messages',
    request: z.object({ conversationId: z.uuid(), ids: z.array(z.uuid()).min(1).max(messageLookupMax) }),
    response: z.object({
      messages: z.array(z.object({ id: z.string(), role: z.enum(['user', 'assistant', 'operator', 'system']), content: z.string() })),
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
      /** Bearer-key callers (the console's playground): a session of another tenant or agent is not found. */
      owner: z.object({ tenantId, agentId: z.uuid() }).optional(),
    }),
    response: sendMessageResponse,
    timeoutMs: 300_000,
    idleTimeoutMs: 10_000,
    queue: 'sessions',
  },
  /** Usage of a tenant's links: sessions started, messages stored and the last activity of each (links never used are left out). */
  'sessions.linkUsage': {
    subject: 'sessions.link-usage',
    request: z.object({ tenantId, linkIds: z.array(z.string().max(64)).max(1_000) }),
    response: z.object({ usage: z.array(linkUsage.extend({ link_id: z.string() })) }),
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /** A link's sessions (its conversations), newest first; the links service has checked the link is the tenant's. */
  'sessions.linkSessions': {
    subject: 'sessions.link-sessions',
    request: z.object({ tenantId, linkId: z.string().max(64), status: z.enum(['active', 'ended']).optional(), limit: z.number().int().min(1).max(500) }),
    response: linkSessionList,
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /** Ends one session of a link (as abandoned, with a live `session_ended` "ended_by_owner"); one already ended is answered as it is. */
  'sessions.endLinkSession': {
    subject: 'sessions.end-link-session',
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
    subject: 'sessions.tenant',
    request: z.object({ sessionId }),
    response: z.object({ tenantId: z.string() }),
    timeoutMs: 3_000,
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
   * conversations (every channel) that ended more than `olderThanDays` ago (a link's own days for its conversations), in one short statement; the
   * conversation rows stay, with their counts. Called in a loop until it answers fewer than `limit`.
   */
  'sessions.purgeEnded': {
    subject: 'sessions.purge-ended',
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
  'escalations.create': {
    subject: 'sessions.escalations.create',
    request: z.object({ target: conversationTarget, reason: escalationReason, metadata: escalationMetadata.optional(), source: z.enum(['visitor', 'api']) }),
    response: escalationCreated,
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  'escalations.list': {
    subject: 'sessions.escalations.list',
    request: z.object({ target: conversationTarget }),
    response: escalationList,
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /** The tenant's inbox (agents by id: the gateway names them). */
  'inbox.list': {
    subject: 'sessions.inbox.list',
    request: z.object({ tenantId, states: z.array(escalationState).min(1), agentId: z.uuid().optional(), limit: z.number().int().min(1).max(500) }),
    response: z.object({ items: z.array(inboxItem.omit({ agent: true }).extend({ agent_id: z.string() })) }),
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /**
   * An operator's action on an escalation: claim it (a second operator's claim is a conflict),
   * release it to the agent, close the conversation, or say they are typing.
   */
  'inbox.act': {
    subject: 'sessions.inbox.act',
    request: z.object({ tenantId, escalationId: z.string().max(64), operator, action: z.enum(['claim', 'release', 'close', 'typing']) }),
    response: z.object({ item: inboxItem.omit({ agent: true }).extend({ agent_id: z.string() }) }),
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /** An operator's message to the visitor of a conversation they claimed. */
  'inbox.reply': {
    subject: 'sessions.inbox.reply',
    request: z.object({ tenantId, escalationId: z.string().max(64), operator, content: messageContent }),
    response: z.object({ message_id: z.string(), created_at: z.string() }),
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /** A conversation of the tenant, whole: history, trace, variables, escalations (agents by id: the gateway names them). */
  'conversations.get': {
    subject: 'sessions.conversations.get',
    request: z.object({ tenantId, conversationId: z.uuid() }),
    response: conversationDetail.omit({ agent: true }).extend({ agent_id: z.string() }),
    timeoutMs: 5_000,
    queue: 'sessions',
  },
  /** A visitor is typing: the operators of an escalated conversation see it. */
  'sessions.visitorTyping': {
    subject: 'sessions.visitor-typing',
    request: z.object({ linkId: z.string(), credentialHash: z.string().regex(/^[0-9a-f]{64}$/) }),
    response: z.object({ escalated: z.boolean() }),
    timeoutMs: 3_000,
    queue: 'sessions',
  },

  // ── links service: the audit log ──
  /** Entries of a tenant (or all, for the admin without a tenant), newest first, filtered. */
  'audit.list': {
    subject: 'links.audit.list',
    request: z.object({
      tenantId: tenantId.optional(),
      action: z.string().max(100).optional(),
      actor: z.string().max(100).optional(),
      target: z.string().max(200).optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      /** The `seq` to continue below. */
      before: z.string().regex(/^\d{1,19}$/).optional(),
      limit: z.number().int().min(1).max(200),
    }),
    response: auditList,
    timeoutMs: 10_000,
    queue: 'links',
  },
  /** Walks the chain (a tenant's entries are checked against the whole chain) and reports the first entry whose hash no longer holds. */
  'audit.verify': {
    subject: 'links.audit.verify',
    request: z.object({ tenantId: tenantId.optional() }),
    response: auditVerification,
    timeoutMs: 60_000,
    queue: 'links',
  },
  /** A link's or an agent's analytics over [from, to), from the rollups (never a scan of messages); not_found outside the tenant. */
  'analytics.get': {
    subject: 'links.analytics.get',
    request: z.object({
      tenantId,
      scope: z.discriminatedUnion('kind', [z.object({ kind: z.literal('link'), linkId: z.string() }), z.object({ kind: z.literal('agent'), name: z.string() })]),
      from: z.string(),
      to: z.string(),
      bucket: z.enum(['hour', 'day']),
    }),
    response: analyticsReport,
    timeoutMs: 10_000,
    queue: 'links',
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
      /** At session start (state null): the variables the conversation starts with, e.g. a personalised link's recipient. */
      initialData: z.record(z.string(), z.string()).optional(),
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
    // Turns wait for a runner with room; one dying with a turn has it redelivered to another.
    workQueue: { maxDeliver: 3 },
  },

  // ── privacy (docs/api.md): each owning service's share of a visitor's export and erasure ──
  /**
   * A page of a visitor's conversations in a tenant (by id), with their variables and escalations:
   * those bound to the email or signed user id, those whose collected data names the email, and
   * those on the visitor's personalised links (`linkIds`). `onlyLinks`: those on the links only that
   * are not already picked otherwise (the next chunk of a visitor's many links).
   */
  'privacy.conversations': {
    subject: 'sessions.privacy.conversations',
    request: z.object({ tenantId, visitor: privacyVisitor, ...privacyLinkScope, after: z.string().nullable(), limit: z.number().int().min(1).max(200) }),
    response: z.object({ conversations: z.array(exportedConversation) }),
    timeoutMs: 10_000,
    queue: 'sessions',
  },
  /** A page of one conversation's messages, after a sequence number. */
  'privacy.messages': {
    subject: 'sessions.privacy.messages',
    request: z.object({ tenantId, conversationId: z.string(), after: z.number().int().nullable(), limit: z.number().int().min(1).max(1_000) }),
    response: z.object({ messages: z.array(exportedMessage) }),
    timeoutMs: 10_000,
    queue: 'sessions',
  },
  /** A page of one conversation's workflow transitions, after (turn, sequence). */
  'privacy.transitions': {
    subject: 'sessions.privacy.transitions',
    request: z.object({ tenantId, conversationId: z.string(), after: transitionCursor.nullable(), limit: z.number().int().min(1).max(1_000) }),
    response: z.object({ transitions: z.array(exportedTransition) }),
    timeoutMs: 10_000,
    queue: 'sessions',
  },
  /**
   * Erases an email's conversations in a tenant: messages, transitions, variables, stored replies,
   * extra credentials go; escalations keep no reason or metadata; the rows stay anonymous (no
   * email, user or credential) with their counts. Batch after batch until none is left.
   */
  'privacy.eraseVisitor': {
    subject: 'sessions.privacy.erase-visitor',
    request: z.object({ tenantId, visitor: privacyVisitor, linkIds: privacyLinkIds }),
    response: z.object({ conversations: z.number().int(), messages: z.number().int() }),
    timeoutMs: 120_000,
    queue: 'sessions',
  },
  /** A page of the ids of a visitor's conversations (as privacy.conversations picks them), by id. */
  'privacy.conversationIds': {
    subject: 'sessions.privacy.conversation-ids',
    request: z.object({ tenantId, visitor: privacyVisitor, ...privacyLinkScope, after: z.string().nullable(), limit: z.number().int().min(1).max(500) }),
    response: z.object({ ids: z.array(z.string()) }),
    timeoutMs: 10_000,
    queue: 'sessions',
  },
  /** The operators' inbox events (kept in Redis) about any of these conversations of the tenant. */
  'privacy.inboxEvents': {
    subject: 'sessions.privacy.inbox-events',
    request: z.object({ tenantId, conversationIds: privacyConversationIds }),
    response: z.object({ events: z.array(exportedLiveEvent) }),
    timeoutMs: 10_000,
    queue: 'sessions',
  },
  /** A visitor erases their own conversation (by its link and credential hash); its credential stops working. */
  'privacy.eraseSession': {
    subject: 'sessions.privacy.erase-session',
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
  /** What the agents of a tenant remember about an email (one summary per agent at most). */
  'privacy.memories': {
    subject: 'memory.privacy.memories',
    request: z.object({ tenantId, visitor: privacyVisitor }),
    response: z.object({ memories: z.array(exportedMemory) }),
    timeoutMs: 10_000,
    queue: 'memory',
  },
  /**
   * Forgets a visitor: every agent's memory of the email in the tenant, or one agent's of an email
   * or user – a user id in every identity realm of the tenant, or in `userRealm` alone when given.
   */
  'privacy.eraseMemories': {
    subject: 'memory.privacy.erase',
    request: z
      .object({ tenantId, email: z.string().max(320).optional(), userId: userId.optional(), userRealm: z.string().max(64).optional(), agentId: z.uuid().optional() })
      .refine((request) => request.email !== undefined || request.userId !== undefined, 'give email or userId'),
    response: z.object({ memories: z.number().int() }),
    timeoutMs: 30_000,
    queue: 'memory',
  },
  /** A page of an email's verification records on the tenant's links (by link id). */
  'privacy.verifications': {
    subject: 'links.privacy.verifications',
    request: z.object({ tenantId, email: z.string().max(320), after: z.string().nullable(), limit: z.number().int().min(1).max(1_000) }),
    response: z.object({ verifications: z.array(exportedVerification) }),
    timeoutMs: 10_000,
    queue: 'links',
  },
  /** A page of the email's personalised links in the tenant (their variables name it), by id; deleted ones too. */
  'privacy.links': {
    subject: 'links.privacy.links',
    request: z.object({ tenantId, email: z.string().max(320), after: z.string().nullable(), limit: z.number().int().min(1).max(500) }),
    response: z.object({ links: z.array(exportedLink) }),
    timeoutMs: 10_000,
    queue: 'links',
  },
  /** A page of the sendings to the email, and of the email's personalised links, by id. */
  'privacy.linkDeliveries': {
    subject: 'links.privacy.link-deliveries',
    request: z.object({ tenantId, email: z.string().max(320), after: z.string().nullable(), limit: z.number().int().min(1).max(1_000) }),
    response: z.object({ deliveries: z.array(exportedLinkDelivery) }),
    timeoutMs: 10_000,
    queue: 'links',
  },
  /** The tenant's schedules that name the email among their recipients or in their runs' errors. */
  'privacy.schedules': {
    subject: 'links.privacy.schedules',
    request: z.object({ tenantId, email: z.string().max(320) }),
    response: z.object({ schedules: z.array(exportedSchedule) }),
    timeoutMs: 10_000,
    queue: 'links',
  },
  /** A page of the webhook deliveries (by id) of events about any of these conversations of the tenant. */
  'privacy.webhookDeliveries': {
    subject: 'links.privacy.webhook-deliveries',
    request: z.object({ tenantId, conversationIds: privacyConversationIds, after: z.string().nullable(), limit: z.number().int().min(1).max(1_000) }),
    response: z.object({ deliveries: z.array(exportedWebhookDelivery) }),
    timeoutMs: 10_000,
    queue: 'links',
  },
  /** Webhook deliveries of events about these conversations: body replaced by a marker, a pending one given up. */
  'privacy.eraseWebhookDeliveries': {
    subject: 'links.privacy.erase-webhook-deliveries',
    request: z.object({ tenantId, conversationIds: privacyConversationIds }),
    response: z.object({ deliveries: z.number().int() }),
    timeoutMs: 30_000,
    queue: 'links',
  },
  /**
   * The email's share of the links service: verification records deleted; its personalised links'
   * variables emptied; sendings to it (and of its links) kept without address, message or error;
   * it taken out of schedules' recipients and runs' errors. One transaction.
   */
  'privacy.eraseLinkData': {
    subject: 'links.privacy.erase-link-data',
    request: z.object({ tenantId, email: z.string().max(320) }),
    response: z.object({ verifications: z.number().int(), links: z.number().int(), deliveries: z.number().int(), schedules: z.number().int() }),
    timeoutMs: 30_000,
    queue: 'links',
  },
  /** Retention: the bodies of finished webhook deliveries older than that, replaced by the marker, up to `limit`. */
  'privacy.purgeWebhookBodies': {
    subject: 'links.privacy.purge-webhook-bodies',
    request: z.object({ olderThanDays: z.number().int().min(1).max(36_500), limit: z.number().int().min(1).max(10_000) }),
    response: z.object({ deliveries: z.number().int() }),
    timeoutMs: 60_000,
    queue: 'links',
  },
  /** A page of the links (every tenant's, deleted ones too) with their own retention_days, by id. */
  'privacy.linkRetention': {
    subject: 'links.privacy.retention',
    request: z.object({ after: z.string().nullable(), limit: z.number().int().min(1).max(5_000) }),
    response: z.object({ links: z.array(linkRetention) }),
    timeoutMs: 10_000,
    queue: 'links',
  },

  // ── memory service: what an agent remembers about a verified visitor ──
  /**
   * The summary kept for (agent, signed-in user) or (agent, email) – `userId` wins when both are
   * given; null before the first one. Asked before an identified or verified visitor's turn,
   * which goes on without it when no answer comes quickly.
   */
  'memory.get': {
    subject: 'memory.get',
    request: z
      .object({ agentId: z.uuid(), email: z.string().min(1).max(320).optional(), userId: userId.optional(), userRealm: z.uuid().optional() })
      .refine((request) => request.email !== undefined || request.userId !== undefined, 'give email or userId')
      // A signed-in user is the pair (identity realm, id).
      .refine((request) => request.userId === undefined || request.userRealm !== undefined, 'give userRealm with userId'),
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
  /** The public link a visitor's conversation came through; null or absent for the Text Chat API. */
  linkId: z.string().nullable().optional(),
});

/** A refusal at the edge, recorded for analytics (no IP: a salted hash at most). */
export const securityEvent = z.object({
  /** Unique per refusal: a redelivered event is stored once. */
  id: z.uuid(),
  kind: z.enum([
    'rate_limited',
    'quota_exceeded',
    'forbidden_origin',
    'forbidden_ip',
    'invalid_token',
    'verification_failed',
    'passcode_failed',
    /** A link's budget of wrong passcodes, or of wrong verification codes, was spent: that check is paused for everyone. */
    'passcode_lockout',
    'verification_lockout',
  ]),
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
  /** The signed-in user a public session is bound to (signed visitor identity), for per-visitor memory. */
  userId: z.string().nullable().optional(),
  /** The identity realm that user was verified in: a signed-in user is the pair (realm, id). */
  userRealm: z.string().nullable().optional(),
  messages: z.array(z.object({ messageId: z.string(), role: z.enum(['user', 'assistant', 'operator', 'system']) })).min(1),
  /** A turn's reply: milliseconds from the visitor's message to the agent's answer being stored (analytics' response times). */
  responseMs: z.number().int().nonnegative().optional(),
  at: z.string(),
});

export const events = {
  'session.created': {
    subject: 'events.session.created',
    // Analytics: where a public visitor came from, and whether they were verified (email or signed-in user).
    payload: sessionEvent.extend({ origin: visitorOrigin.nullable().optional(), verified: z.boolean().optional() }),
    retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
  },
  'session.ended': {
    subject: 'events.session.ended',
    payload: sessionEvent.extend({
      totalTurns: z.number().int(),
      totalTransitions: z.number().int(),
      /** Why it ended (e.g. timeout, link_expired, ended_by_owner); analytics tells expired from abandoned by it. */
      reason: z.string().optional(),
      /** When the conversation started, for its length. */
      startedAt: z.string().optional(),
    }),
    retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
  },
  /**
   * A link was deactivated or deleted through management, or its expiry passed (`at` is then its
   * expiry time, the same however often it is announced): the sessions service ends its sessions
   * at once, webhooks tell `link.expired`.
   */
  'link.closed': {
    subject: 'events.link.closed',
    payload: z.object({ linkId: z.string(), tenantId: z.string(), reason: linkClosedReason, at: z.string() }),
    retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
  },
  /** A public link was made (webhooks tell `link.created`). */
  'link.created': {
    subject: 'events.link.created',
    payload: z.object({
      linkId: z.string(),
      tenantId: z.string(),
      agentId: z.string(),
      agentName: z.string(),
      title: z.string(),
      expiresAt: z.string().nullable(),
      at: z.string(),
    }),
    retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
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
  /** A conversation was handed to a person (the visitor, a backend or a handoff node asked). */
  'escalation.created': {
    subject: 'events.escalation.created',
    payload: escalationEvent,
    retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
  },
  /** An operator took it. */
  'escalation.claimed': {
    subject: 'events.escalation.claimed',
    payload: escalationEvent,
    retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
  },
  /** Handed back to the agent: the workflow continues where it stopped. */
  'escalation.released': {
    subject: 'events.escalation.released',
    payload: escalationEvent,
    retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
  },
  /** Closed by an operator: the conversation has ended. */
  'escalation.closed': {
    subject: 'events.escalation.closed',
    payload: escalationEvent,
    retry: { maxDeliver: 10, backoffMs: [1_000, 5_000, 30_000] },
  },
  /** A management change succeeded: the links service appends it to the audit log, in the order they were made. */
  'audit.recorded': {
    subject: 'events.audit.recorded',
    payload: auditRecorded,
    retry: { maxDeliver: 20, backoffMs: [1_000, 5_000, 30_000] },
    ordered: true,
  },
} as const;

/** Told to every process at once, stored nowhere (a process that is away misses it). */
export const broadcasts = {
  /** A key was revoked: every gateway forgets it at once (its key cache is the slower fallback). */
  'keys.revoked': {
    subject: 'broadcast.keys.revoked',
    payload: z.object({ keyId: z.string() }),
  },
  /** A tenant's Text Chat API secrets changed (one made or deleted): every gateway drops what it cached of them. */
  'chatSecrets.changed': {
    subject: 'broadcast.chat-secrets.changed',
    payload: z.object({ tenantId: z.string() }),
  },
  /** A member was removed or their role or name changed: every gateway forgets their console sessions at once. */
  'members.changed': {
    subject: 'broadcast.members.changed',
    payload: z.object({ memberId: z.string() }),
  },
} as const;

export const catalog = { rpc, events, broadcasts };
export type PlatformCatalog = typeof catalog;
