import { z } from 'zod';
import { analyticsReport } from '../analytics.js';
import { auditList, auditVerification } from '../audit.js';
import { chatSecretCreated, chatSecretList } from '../chat-secrets.js';
import {
  exportedLink,
  exportedLinkDelivery,
  exportedSchedule,
  exportedVerification,
  exportedWebhookDelivery,
  linkRetention,
  phoneErasureResult,
  privacyConversationIds,
} from '../privacy.js';
import {
  MAX_TENANT_SECRETS,
  revealedTenantSecrets,
  tenantSecretCreated,
  tenantSecretList,
  tenantSecretName,
  tenantSecretNames,
  tenantSecretSummary,
  tenantSecretValue,
} from '../tenant-secrets.js';
import { createdWebhook, createWebhookBody, webhookDeliveries, webhookList } from '../webhooks.js';
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
} from '../distribution.js';
import { member, memberEmail, memberList } from '../members.js';
import { cannedReply, cannedReplyList, createCannedReplyBody, updateCannedReplyBody } from '../operators.js';
import {
  activatedVersion,
  agentDetail,
  agentList,
  agentVersionDetail,
  agentName,
  agentSummary,
  apiKeyList,
  role,
  tenantKeyResponse,
  tenantList,
  tenantResponse,
  tenantTokensPerDay,
  versionResponse,
} from '../management.js';
import {
  createdPublicLink,
  createLinkBody,
  linkAccess,
  linkDeliveryList,
  phoneNumber,
  sendSpec,
  publicLink,
  publicLinkList,
  updateLinkBody,
} from '../public-links.js';
import { identityCheck, MAX_IDENTITY_TOKEN_LENGTH, identitySecret, userId, verifiedUser } from '../user-conversations.js';

import { agentSettings, agentTest, agentTestBody, agentTestCreated, agentTestList, testRun, testRunList, MAX_TEST_RUN_PAGE } from '../evaluations.js';
import { broadcastCatalog, eventCatalog, rpcCatalog } from './define.js';
import { agentRef } from './runner.js';
import { agentIdOrName } from '../text-chat.js';

/** The links service's subjects: tenants, keys, their secrets, members, agents, links, templates, schedules, webhooks, audit, analytics and its share of privacy. */

const tenantId = z.uuid();

/** A tenant key's display name: who answers, as visitors see it. */
export const keyName = z.string().trim().min(1).max(100);

/** Why a link's sessions ended without a turn: the link closed. */
export const linkClosedReason = z.enum(['link_expired', 'link_deactivated', 'link_deleted']);
export type LinkClosedReason = z.infer<typeof linkClosedReason>;

/**
 * Who writes a canned reply: the member signed in (null for a key, which is nobody's) and the
 * caller's role – shared replies are an editor's, personal ones their member's.
 */
const cannedReplyWriter = z.object({ memberId: z.string().min(1).max(100).nullable(), role });
const cannedReplyRef = z.string().min(1).max(100);

export const linksCatalog = {
  rpc: rpcCatalog('links', {
    // ── links service: tenants, keys, agents (the registry the management API edits) ──
    'links.tenants.create': {
      request: z.object({ name: z.string().min(1).max(200), operatorEmail: z.string().max(320).nullable().optional() }),
      response: tenantResponse,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.tenants.update': {
      request: z.object({
        tenantId,
        name: z.string().min(1).max(200).optional(),
        operatorEmail: z.string().max(320).nullable().optional(),
        tokensPerDay: tenantTokensPerDay.optional(),
      }),
      response: tenantResponse,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Every tenant, or only the one named: what a console signed in with a key may act on. */
    'links.tenants.list': {
      request: z.object({ tenantId: tenantId.optional() }),
      response: tenantList.omit({ scope: true }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.tenants.create-key': {
      request: z.object({ tenantId, name: keyName.optional(), role: role.optional(), expiresAt: z.iso.datetime({ offset: true }).optional() }),
      response: tenantKeyResponse,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Resolves a tenant API key (by its SHA-256) to its tenant; not_found when unknown or revoked. */
    'links.tenants.resolve-key': {
      request: z.object({ keyHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      /** `name`: the key's display name, the operator's name visitors see. */
      response: z.object({ tenantId: z.string(), keyId: z.string(), name: z.string(), role, expiresAt: z.string().nullable() }),
      timeoutMs: 3_000,
      queue: 'links',
    },
    /** Every key of the tenant, revoked and expired ones too, oldest first; never a key or its hash. */
    'links.tenants.list-keys': {
      request: z.object({ tenantId }),
      response: apiKeyList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Revokes a key of the tenant (not_found: no such key there) and broadcasts `keys.revoked`. */
    'links.tenants.revoke-key': {
      request: z.object({ tenantId, keyId: z.string().min(1).max(100) }),
      response: z.object({ keyId: z.string() }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Notes that a key was used now, unless it was within the last minute. */
    'links.tenants.touch-key': {
      request: z.object({ keyId: z.string().min(1).max(100) }),
      response: z.object({}),
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.tenants.exists': {
      request: z.object({ tenantId: z.string() }),
      response: z.object({ exists: z.boolean() }),
      timeoutMs: 3_000,
      queue: 'links',
    },
    // ── links service: the tenants' own Text Chat API secrets (docs/text-chat-api.md, "Text Chat API secrets") ──
    /** Makes a secret (conflict: the tenant already has MAX_CHAT_SECRETS) and broadcasts `chatSecrets.changed`. */
    'links.chat-secrets.create': {
      request: z.object({ tenantId }),
      response: chatSecretCreated,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** The tenant's live secrets, oldest first; never a secret. */
    'links.chat-secrets.list': {
      request: z.object({ tenantId }),
      response: chatSecretList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Deletes a secret of the tenant (not_found: no such secret there) and broadcasts `chatSecrets.changed`. */
    'links.chat-secrets.delete': {
      request: z.object({ tenantId, secretId: z.string().min(1).max(100) }),
      response: z.object({ secretId: z.string() }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** The tenant's live secrets themselves, decrypted: what a gateway verifies that tenant's signed requests with. */
    'links.chat-secrets.live': {
      request: z.object({ tenantId }),
      response: z.object({ secrets: z.array(z.object({ secretId: z.string(), secret: z.string() })) }),
      timeoutMs: 3_000,
      queue: 'links',
    },
    /** Notes that a secret verified a request now, unless it did within the last minute. */
    'links.chat-secrets.touch': {
      request: z.object({ secretId: z.string().min(1).max(100) }),
      response: z.object({}),
      timeoutMs: 5_000,
      queue: 'links',
    },
    // ── links service: the tenants' secrets for their agents' tools (docs/management-api.md, "Tenant secrets") ──
    /** Keeps a new secret sealed; conflict: the name is taken, or the tenant has MAX_TENANT_SECRETS. */
    'links.tenant-secrets.create': {
      request: z.object({ tenantId, name: tenantSecretName, value: tenantSecretValue }),
      response: tenantSecretCreated,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** The tenant's secrets by name, never a value. */
    'links.tenant-secrets.list': {
      request: z.object({ tenantId }),
      response: tenantSecretList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Sets a secret's value (not_found: no such secret in the tenant); the next tool call uses it. */
    'links.tenant-secrets.update': {
      request: z.object({ tenantId, name: tenantSecretName, value: tenantSecretValue }),
      response: tenantSecretSummary,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Deletes a secret of the tenant (not_found: no such secret there). */
    'links.tenant-secrets.delete': {
      request: z.object({ tenantId, name: tenantSecretName }),
      response: z.object({ name: z.string() }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** The names of the tenant's secrets: what an agent config being saved may name in `{{secrets.NAME}}`. */
    'links.tenant-secrets.names': {
      request: z.object({ tenantId }),
      response: tenantSecretNames,
      timeoutMs: 3_000,
      queue: 'links',
    },
    /**
     * The values of the named secrets that exist (one missing, or sealed under another SECRETS_KEY,
     * is left out): what the agent-runner fills a tool call's `{{secrets.NAME}}` with, asked at each
     * call and kept by no one, so a changed value is used by the next call.
     */
    'links.tenant-secrets.reveal': {
      request: z.object({ tenantId, names: z.array(tenantSecretName).max(MAX_TENANT_SECRETS) }),
      response: revealedTenantSecrets,
      timeoutMs: 3_000,
      queue: 'links',
    },
    // ── links service: members (people) and their console sessions (docs/management-api.md, "Members") ──
    /** A member of the tenant; conflict: the email is one already. */
    'links.members.create': {
      request: z.object({ tenantId, email: memberEmail, name: z.string().trim().min(1).max(100), role }),
      response: member,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** The tenant's members, oldest first. */
    'links.members.list': {
      request: z.object({ tenantId }),
      response: memberList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.members.get': {
      request: z.object({ tenantId, memberId: z.string().min(1).max(100) }),
      response: member,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Changes a member's role or name; broadcasts `members.changed` so every gateway sees it at once. */
    'links.members.update': {
      request: z.object({ tenantId, memberId: z.string().min(1).max(100), role: role.optional(), name: z.string().trim().min(1).max(100).optional() }),
      response: member,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Removes a member and their console sessions; broadcasts `members.changed`. */
    'links.members.delete': {
      request: z.object({ tenantId, memberId: z.string().min(1).max(100) }),
      response: z.object({ memberId: z.string() }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Every membership of a (verified) email across tenants, oldest first: who signs in as what. */
    'links.members.for-email': {
      request: z.object({ email: memberEmail }),
      response: z.object({
        memberships: z.array(z.object({ memberId: z.string(), tenantId: z.string(), tenantName: z.string(), name: z.string(), role, createdAt: z.string() })),
      }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Starts a console session (the cookie's SHA-256) for a member whose email still is the one signed in. */
    'links.console-sessions.create': {
      request: z.object({ idHash: z.string().regex(/^[0-9a-f]{64}$/), tenantId, memberId: z.string().min(1).max(100), email: memberEmail }),
      response: z.object({ expiresAt: z.string() }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** The member a live console session is (not_found: unknown or expired); each use moves its expiry on. */
    'links.console-sessions.resolve': {
      request: z.object({ idHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: z.object({ tenantId: z.string(), memberId: z.string(), name: z.string(), email: z.string(), role, expiresAt: z.string() }),
      timeoutMs: 3_000,
      queue: 'links',
    },
    /** Ends a console session (signing out) and broadcasts `members.changed`; the member and tenant it was, or nulls when there was none. */
    'links.console-sessions.delete': {
      request: z.object({ idHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: z.object({ memberId: z.string().nullable(), tenantId: z.string().nullable() }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** The cleanup service's sweep: removes up to `limit` expired console sessions. */
    'links.console-sessions.purge-expired': {
      request: z.object({ limit: z.number().int().min(1).max(10_000) }),
      response: z.object({ deleted: z.number().int().min(0) }),
      timeoutMs: 30_000,
      queue: 'links',
    },
    'links.agents.create': {
      request: z.object({ tenantId, name: agentName, config: z.unknown() }),
      response: agentSummary,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.agents.list': {
      request: z.object({ tenantId }),
      response: agentList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.agents.get': {
      request: z.object({ tenantId, name: z.string() }),
      response: agentDetail,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.agents.create-version': {
      request: z.object({ tenantId, name: z.string(), config: z.unknown() }),
      response: versionResponse,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** One version with its config, a draft's too. */
    'links.agents.get-version': {
      request: z.object({ tenantId, name: z.string(), version: z.number().int().min(1) }),
      response: agentVersionDetail,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Publishes the version if it is a draft and makes it active. */
    'links.agents.set-active-version': {
      request: z.object({ tenantId, name: z.string(), version: z.number().int().min(1) }),
      response: activatedVersion,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Which version a new session of an agent runs: the pinned one if it exists, else the active one. */
    'links.agents.resolve-version': {
      // The agent by id, or by its name (unique within the tenant).
      request: z.object({ tenantId, agentId: agentIdOrName, version: z.number().int().min(1).optional() }),
      response: z.object({ agentId: z.string(), version: z.number().int(), isActiveVersion: z.boolean() }),
      timeoutMs: 3_000,
      queue: 'links',
    },
    /** A version's config. Versions are immutable, so callers cache the answer for good. */
    'links.agents.config': {
      request: agentRef,
      response: z.object({ config: z.unknown() }),
      timeoutMs: 3_000,
      queue: 'links',
    },
    // ── links service: an agent's test cases and their runs (docs/evaluations.md) ──
    /** Whether publishing needs a passed run of every test. */
    'links.agents.update': {
      request: z.object({ tenantId, name: z.string(), requireTests: z.boolean() }),
      response: agentSettings,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.tests.create': {
      request: z.object({ tenantId, name: z.string(), test: agentTestBody }),
      response: agentTestCreated,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** A test of a conversation of the agent: its visitor messages, expecting what happened then. */
    'links.tests.from-conversation': {
      request: z.object({ tenantId, name: z.string(), conversationId: z.uuid() }),
      response: agentTestCreated,
      timeoutMs: 10_000,
      queue: 'links',
    },
    'links.tests.list': { request: z.object({ tenantId, name: z.string() }), response: agentTestList, timeoutMs: 5_000, queue: 'links' },
    'links.tests.get': { request: z.object({ tenantId, name: z.string(), id: z.uuid() }), response: agentTest, timeoutMs: 5_000, queue: 'links' },
    'links.tests.update': {
      request: z.object({ tenantId, name: z.string(), id: z.uuid(), test: agentTestBody }),
      response: agentTest,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.tests.delete': {
      request: z.object({ tenantId, name: z.string(), id: z.uuid() }),
      response: z.object({ deleted: z.literal(true) }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Starts a run of every test on a version; it goes on in the background (a worker with a lease). */
    'links.test-runs.start': {
      request: z.object({ tenantId, name: z.string(), version: z.number().int().min(1) }),
      response: agentTestCreated,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.test-runs.get': { request: z.object({ tenantId, name: z.string(), id: z.uuid() }), response: testRun, timeoutMs: 5_000, queue: 'links' },
    /** The agent's runs, newest first, a keyset page at a time; `cursor` is the previous page's `next_cursor`. */
    'links.test-runs.list': {
      request: z.object({
        tenantId,
        name: z.string(),
        version: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(MAX_TEST_RUN_PAGE),
        cursor: z.string().max(200).optional(),
      }),
      response: testRunList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    // ── links service: public chat links ──
    'links.links.create': {
      request: z.object({ tenantId, agentName: z.string(), settings: createLinkBody, publicBaseUrl: z.string() }),
      response: createdPublicLink,
      // With `send`, the first attempts are waited for (a bounded time).
      timeoutMs: 30_000,
      queue: 'links',
    },
    'links.links.list': {
      request: z.object({ tenantId, agentName: z.string() }),
      response: publicLinkList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.links.update': {
      request: z.object({ tenantId, agentName: z.string(), linkId: z.string(), changes: updateLinkBody }),
      response: publicLink,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Deletes a link: its token answers 404 from then on, its sessions end. */
    'links.links.delete': {
      request: z.object({ tenantId, agentName: z.string(), linkId: z.string() }),
      response: z.object({ deleted: z.literal(true) }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /**
     * Makes the link a new identity secret (the old one stops verifying at once) and answers it, the
     * only time it leaves the links service.
     */
    'links.links.identity-secret': {
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
    'links.links.verify-identity': {
      request: z.union([
        z.object({ linkId: z.string(), userId, userHash: z.string().max(128) }),
        z.object({ linkId: z.string(), token: z.string().max(MAX_IDENTITY_TOKEN_LENGTH) }),
      ]),
      response: z.object({ result: identityCheck, user: verifiedUser.optional() }),
      timeoutMs: 3_000,
      queue: 'links',
    },
    /** A link by its token's SHA-256 (hex); not_found when unknown or deleted. */
    'links.links.resolve': {
      request: z.object({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/) }),
      response: linkAccess,
      timeoutMs: 3_000,
      queue: 'links',
    },
    /**
     * A link by its id, as a visitor's request resolves it (what the end of a conversation needs of
     * its link: its transcript setting, its title); not_found when unknown or deleted.
     */
    'links.links.access': {
      request: z.object({ linkId: z.string().max(64) }),
      response: linkAccess,
      timeoutMs: 3_000,
      queue: 'links',
    },
    /**
     * Which of these links closed, and how (expired, deactivated or deleted); links still open or
     * unknown are left out. Asked by the cleanup job about the links that still have active
     * sessions, so its cost follows the open sessions, not every link ever made.
     */
    'links.links.closed': {
      request: z.object({ ids: z.array(z.string()).min(1).max(1_000) }),
      response: z.object({ links: z.array(z.object({ id: z.string(), reason: linkClosedReason })) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
    /**
     * Announces the links whose expiry has passed since the last call, each once per expiry time
     * (`link.closed` with reason link_expired): expiry happens by itself, so the cleanup job asks.
     */
    'links.links.announce-expired': {
      request: z.object({}),
      response: z.object({ announced: z.number().int() }),
      timeoutMs: 60_000,
      queue: 'links',
    },
    // ── links service: templates, bulk operations, distribution and schedules ──
    'links.templates.list': {
      request: z.object({ tenantId }),
      response: linkTemplateList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.templates.create': {
      request: createTemplateBody.extend({ tenantId }),
      response: linkTemplate,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.templates.update': {
      request: z.object({ tenantId, name: z.string().max(100), changes: updateTemplateBody }),
      response: linkTemplate,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.templates.delete': {
      request: z.object({ tenantId, name: z.string().max(100) }),
      response: z.object({ deleted: z.literal(true) }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    // ── links service: canned replies (docs/escalation.md, "Canned replies") ──
    /** The tenant's shared replies and the member's own (none for a key), by shortcut. */
    'links.canned-replies.list': {
      request: z.object({ tenantId, memberId: z.string().min(1).max(100).nullable() }),
      response: cannedReplyList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** A shared reply (an editor's) or one of the writer's own; conflict: the shortcut is taken, or the limit is reached. */
    'links.canned-replies.create': {
      request: z.object({ tenantId, writer: cannedReplyWriter, reply: createCannedReplyBody }),
      response: cannedReply,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Changes a reply the writer sees (not_found otherwise); a shared one only an editor may change. */
    'links.canned-replies.update': {
      request: z.object({ tenantId, writer: cannedReplyWriter, id: cannedReplyRef, changes: updateCannedReplyBody }),
      response: cannedReply,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Deletes a reply the writer sees, as update; answers what it was. */
    'links.canned-replies.delete': {
      request: z.object({ tenantId, writer: cannedReplyWriter, id: cannedReplyRef }),
      response: cannedReply,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /**
     * One link per recipient (or `count` of them) in one transaction, then their URLs sent: the
     * answer waits for first attempts for a bounded time; the rest go on in the background.
     */
    'links.links.bulk-create': {
      request: z.object({ tenantId, agentName: z.string(), body: bulkCreateBody, publicBaseUrl: z.string() }),
      response: bulkCreated,
      timeoutMs: 120_000,
      idleTimeoutMs: 10_000,
      queue: 'links',
    },
    'links.links.bulk-update': {
      request: bulkUpdateBody.extend({ tenantId }),
      response: bulkUpdated,
      timeoutMs: 30_000,
      queue: 'links',
    },
    'links.links.bulk-delete': {
      request: z.object({ tenantId, ids: z.array(z.string().max(64)).min(1).max(1_000) }),
      response: bulkDeleted,
      timeoutMs: 30_000,
      queue: 'links',
    },
    /** A new token for the link (the old one stops resolving at once), optionally sent. */
    'links.links.rotate': {
      request: z.object({ tenantId, agentName: z.string(), linkId: z.string(), send: sendSpec.optional(), publicBaseUrl: z.string() }),
      response: rotatedLink,
      timeoutMs: 30_000,
      idleTimeoutMs: 10_000,
      queue: 'links',
    },
    /** Every delivery of a link's URL, newest first. */
    'links.links.deliveries': {
      request: z.object({ tenantId, linkId: z.string().max(64) }),
      response: linkDeliveryList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** `publicBaseUrl`: the origin the schedule's links are handed out under, kept with it. */
    'links.schedules.create': {
      request: z.object({ tenantId, body: createScheduleBody, publicBaseUrl: z.string() }),
      response: schedule,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.schedules.list': {
      request: z.object({ tenantId }),
      response: scheduleList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.schedules.get': {
      request: z.object({ tenantId, scheduleId: z.string().max(64) }),
      response: schedule,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.schedules.update': {
      request: z.object({ tenantId, scheduleId: z.string().max(64), changes: updateScheduleBody }),
      response: schedule,
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.schedules.delete': {
      request: z.object({ tenantId, scheduleId: z.string().max(64) }),
      response: z.object({ deleted: z.literal(true) }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.schedules.runs': {
      request: z.object({ tenantId, scheduleId: z.string().max(64), limit: z.number().int().min(1).max(500).default(100) }),
      response: scheduleRunList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /**
     * The slots of active schedules due by `now` (the caller's clock), oldest first: what the
     * cleanup service claims and runs, one replica per slot.
     */
    'links.schedules.due': {
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
    'links.schedules.run': {
      request: z.object({
        tenantId: tenantId.optional(),
        scheduleId: z.string().max(64),
        slotAt: z.iso.datetime(),
        now: z.iso.datetime(),
        trigger: runTrigger,
        catchUpMinutes: z
          .number()
          .int()
          .min(0)
          .max(7 * 24 * 60),
      }),
      response: scheduleRun,
      timeoutMs: 180_000,
      idleTimeoutMs: 15_000,
      queue: 'links',
    },
    // ── links service: a tenant's webhooks (its own module there: the tenant's settings live there) ──
    /** Checks that the URL's host resolves to public addresses only (unless private ones are allowed). */
    'links.webhooks.create': {
      request: createWebhookBody.extend({ tenantId }),
      response: createdWebhook,
      // Resolving the URL's host takes part of it.
      timeoutMs: 15_000,
      queue: 'links',
    },
    'links.webhooks.list': {
      request: z.object({ tenantId }),
      response: webhookList,
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Deletes it with its deliveries and their history; not_found for another tenant's. */
    'links.webhooks.delete': {
      request: z.object({ tenantId, webhookId: z.string() }),
      response: z.object({ deleted: z.literal(true) }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    /** Every attempt of its deliveries (and each one's next, while pending), newest first. */
    'links.webhooks.deliveries': {
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
    'links.verification.start': {
      request: z.object({ linkId: z.string(), email: z.string().max(320) }),
      response: z.object({ code: z.string().regex(/^\d{6}$/), expiresAt: z.string() }),
      timeoutMs: 5_000,
      queue: 'links',
    },
    'links.verification.confirm': {
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
    // ── links service: the audit log ──
    /** Entries of a tenant (or all, for the admin without a tenant), newest first, filtered. */
    'links.audit.list': {
      request: z.object({
        tenantId: tenantId.optional(),
        action: z.string().max(100).optional(),
        actor: z.string().max(100).optional(),
        target: z.string().max(200).optional(),
        from: z.string().optional(),
        to: z.string().optional(),
        /** The `seq` to continue below. */
        before: z
          .string()
          .regex(/^\d{1,19}$/)
          .optional(),
        limit: z.number().int().min(1).max(200),
      }),
      response: auditList,
      timeoutMs: 10_000,
      queue: 'links',
    },
    /** Walks the chain (a tenant's entries are checked against the whole chain) and reports the first entry whose hash no longer holds. */
    'links.audit.verify': {
      request: z.object({ tenantId: tenantId.optional() }),
      response: auditVerification,
      timeoutMs: 60_000,
      queue: 'links',
    },
    /** A link's or an agent's analytics over [from, to), from the rollups (never a scan of messages); not_found outside the tenant. */
    'links.analytics.get': {
      request: z.object({
        tenantId,
        scope: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('link'), linkId: z.string() }),
          z.object({ kind: z.literal('agent'), name: z.string() }),
        ]),
        from: z.string(),
        to: z.string(),
        bucket: z.enum(['hour', 'day']),
      }),
      response: analyticsReport,
      timeoutMs: 10_000,
      queue: 'links',
    },
    /** A page of an email's verification records on the tenant's links (by link id). */
    'links.privacy.verifications': {
      request: z.object({ tenantId, email: z.string().max(320), after: z.string().nullable(), limit: z.number().int().min(1).max(1_000) }),
      response: z.object({ verifications: z.array(exportedVerification) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
    /** A page of the email's personalised links in the tenant (their variables name it), by id; deleted ones too. */
    'links.privacy.links': {
      request: z.object({ tenantId, email: z.string().max(320), after: z.string().nullable(), limit: z.number().int().min(1).max(500) }),
      response: z.object({ links: z.array(exportedLink) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
    /** A page of the sendings to the email, and of the email's personalised links, by id. */
    'links.privacy.link-deliveries': {
      request: z.object({ tenantId, email: z.string().max(320), after: z.string().nullable(), limit: z.number().int().min(1).max(1_000) }),
      response: z.object({ deliveries: z.array(exportedLinkDelivery) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
    /** The tenant's schedules that name the email among their recipients or in their runs' errors. */
    'links.privacy.schedules': {
      request: z.object({ tenantId, email: z.string().max(320) }),
      response: z.object({ schedules: z.array(exportedSchedule) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
    /** A page of the webhook deliveries (by id) of events about any of these conversations of the tenant. */
    'links.privacy.webhook-deliveries': {
      request: z.object({ tenantId, conversationIds: privacyConversationIds, after: z.string().nullable(), limit: z.number().int().min(1).max(1_000) }),
      response: z.object({ deliveries: z.array(exportedWebhookDelivery) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
    /** Webhook deliveries of events about these conversations: body replaced by a marker, a pending one given up. */
    'links.privacy.erase-webhook-deliveries': {
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
    'links.privacy.erase-link-data': {
      request: z.object({ tenantId, email: z.string().max(320) }),
      response: z.object({ verifications: z.number().int(), links: z.number().int(), deliveries: z.number().int(), schedules: z.number().int() }),
      timeoutMs: 30_000,
      queue: 'links',
    },
    /** A page of the texts (SMS deliveries) to the phone number in the tenant, by id. */
    'links.privacy.phone-deliveries': {
      request: z.object({ tenantId, phone: phoneNumber, after: z.string().nullable(), limit: z.number().int().min(1).max(1_000) }),
      response: z.object({ deliveries: z.array(exportedLinkDelivery) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
    /** The tenant's schedules that text the phone number or name it in their runs' errors. */
    'links.privacy.phone-schedules': {
      request: z.object({ tenantId, phone: phoneNumber }),
      response: z.object({ schedules: z.array(exportedSchedule) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
    /**
     * The phone number's share of the links service: texts to it kept without it, the message or an
     * error quoting it (a pending one given up); it taken out of schedules' SMS channels and runs' errors. One transaction.
     */
    'links.privacy.erase-phone': {
      request: z.object({ tenantId, phone: phoneNumber }),
      response: phoneErasureResult,
      timeoutMs: 30_000,
      queue: 'links',
    },
    /** Retention: finished texts older than that lose their phone number (and an error quoting it), up to `limit`. */
    'links.privacy.purge-sms-numbers': {
      request: z.object({ olderThanDays: z.number().int().min(1).max(36_500), limit: z.number().int().min(1).max(10_000) }),
      response: z.object({ deliveries: z.number().int() }),
      timeoutMs: 60_000,
      queue: 'links',
    },
    /** Retention: the bodies of finished webhook deliveries older than that, replaced by the marker, up to `limit`. */
    'links.privacy.purge-webhook-bodies': {
      request: z.object({ olderThanDays: z.number().int().min(1).max(36_500), limit: z.number().int().min(1).max(10_000) }),
      response: z.object({ deliveries: z.number().int() }),
      timeoutMs: 60_000,
      queue: 'links',
    },
    /** A page of the links (every tenant's, deleted ones too) with their own retention_days, by id. */
    'links.privacy.retention': {
      request: z.object({ after: z.string().nullable(), limit: z.number().int().min(1).max(5_000) }),
      response: z.object({ links: z.array(linkRetention) }),
      timeoutMs: 10_000,
      queue: 'links',
    },
  }),
  events: eventCatalog({
    /**
     * A link was deactivated or deleted through management, or its expiry passed (`at` is then its
     * expiry time, the same however often it is announced): the sessions service ends its sessions
     * at once, webhooks tell `link.expired`.
     */
    'events.link.closed': {
      payload: z.object({ linkId: z.string(), tenantId: z.string(), reason: linkClosedReason, at: z.string() }),
      retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000] },
    },
    /** A public link was made (webhooks tell `link.created`). */
    'events.link.created': {
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
  }),
  broadcasts: broadcastCatalog({
    /** A key was revoked: every gateway forgets it at once (its key cache is the slower fallback). */
    'broadcast.keys.revoked': {
      payload: z.object({ keyId: z.string() }),
    },
    /** A tenant's Text Chat API secrets changed (one made or deleted): every gateway drops what it cached of them. */
    'broadcast.chat-secrets.changed': {
      payload: z.object({ tenantId: z.string() }),
    },
    /** A member was removed or their role or name changed: every gateway forgets their console sessions at once. */
    'broadcast.members.changed': {
      payload: z.object({ memberId: z.string() }),
    },
  }),
};
