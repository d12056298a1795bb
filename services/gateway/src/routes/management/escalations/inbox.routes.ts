import { randomUUID } from 'node:crypto';
import type { PlatformBus } from '@parley/bus';
import {
  AppError,
  conversationDetail,
  conversationLabelsAnswer,
  conversationLabelsBody,
  conversationNote,
  conversationSearchList,
  conversationSearchQuery,
  type EscalationState,
  inboxItemAnswer,
  inboxList,
  inboxQuery,
  messageContent,
  nameApiSchema,
  noteBody,
  operatorMessageSent,
  operatorPresenceList,
  presenceBody,
  transferBody,
  uuidPattern,
} from '@parley/contracts';
import { inboxLogKey, type LiveEventLog, type OperatorPresence } from '@parley/stores';
import type { UploadStore } from '@parley/uploads';
import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { operatorOf, readerOf, tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { inboxCredential, type StreamLeases } from '../../../live/stream-leases.js';
import { liveStreams, streamHead } from '../../../live/streams.js';
import { sendUpload, uploadsUnavailable } from '../../../uploads/download.js';
import { errorResponses } from '../../error-responses.js';
import { inboxSight } from './inbox-sight.js';

// Any string: an id of another shape is simply not found (404), like any unknown id.
const escalationParams = z.object({ escalation_id: z.string().max(64).meta({ description: 'The escalation id (`esc_…`)' }) });
const conversationParams = z.object({ conversation_id: z.string().max(64).meta({ description: 'The conversation id every channel returns' }) });
const replyBody = nameApiSchema(z.strictObject({ content: messageContent }), 'OperatorMessageRequest');
const eventsQuery = z.strictObject({ last_event_id: z.string().max(64).optional().meta({ description: 'Resume after this event id' }) });
const eventsHeaders = z.looseObject({ 'last-event-id': z.string().max(64).optional() });
const STATES: Record<z.infer<typeof inboxQuery>['state'], EscalationState[]> = {
  waiting: ['waiting'],
  assigned: ['assigned'],
  claimed: ['claimed'],
  open: ['waiting', 'assigned', 'claimed'],
  mine: ['assigned', 'claimed'],
  all: ['waiting', 'assigned', 'claimed', 'released', 'closed'],
};
/**
 * The most items one inbox answer holds. The open ones come first (oldest first), so history
 * (`state=all`) never pushes work to do out of it; finished ones follow, most recent first.
 */
const INBOX_ITEMS = 200;
/** An inbox stream counts its operator as online this long unless renewed (every third of it). */
const PRESENCE_TTL_MS = 30_000;

/**
 * Whose read marks and unread counts a request's are (docs/escalation.md "The inbox"): the member's
 * or key's id; the platform admin key, which has none, reads as `admin`.
 */
const readerIdOf = (request: FastifyRequest) => operatorOf(request).actorId ?? 'admin';

export interface InboxRoutesOptions {
  bus: PlatformBus;
  rateLimit: { max: number };
  live: LiveEventLog | undefined;
  presence: OperatorPresence | undefined;
  heartbeatMs: number;
  /** Where visitors' files are kept; undefined: fetching one answers 503. */
  uploads?: UploadStore | undefined;
  /** The cap on inbox streams open at once per key or console session (INBOX_STREAMS_PER_CREDENTIAL). */
  streamLeases: StreamLeases;
}

/**
 * The operators' inbox (tenant key, or the admin key with X-Tenant-Id; the key's name is the
 * operator's name): escalated conversations oldest first, live events of the tenant's
 * escalations and their messages, and the actions – claim, reply, typing, release, close. Also
 * a conversation of the tenant, whole. An operator sees only what their teams give them
 * (docs/management-api.md "Roles"): everything else answers 404, as what does not exist.
 */
export const inboxRoutes: FastifyPluginAsyncZod<InboxRoutesOptions> = async (app, options) => {
  const { bus } = options;
  limitManagement(app, options.rateLimit.max);
  const streams = liveStreams(app, options.heartbeatMs);

  /** The tenant's agents by id, to name them in answers (the sessions service knows only ids). */
  const agentNames = async (request: FastifyRequest, tenantId: string) => {
    const { agents } = await bus.request('links.agents.list', { tenantId }, { requestId: request.id });
    return new Map(agents.map((agent) => [agent.id, agent.name]));
  };
  const named = <T extends { agent_id: string }>(names: Map<string, string>, value: T) => {
    const { agent_id, ...rest } = value;
    return { ...rest, agent: names.get(agent_id) ?? agent_id };
  };

  app.get(
    '/api/inbox',
    {
      config: { auth: 'management', role: 'operator' },
      schema: {
        tags: ['Inbox'],
        summary:
          'Escalated conversations, at most 200: the open ones oldest first, then (`state=all`) the released and closed ones, most recently finished first; each with who the visitor is, a preview of their last message, how many of their messages you have not read (since you last read the conversation) and its labels. `state` waiting, assigned, claimed, open (all three; the default), mine (assigned to or claimed by you) or all; `agent` one agent of the tenant (another name: 404); `team` one team (`team_…`) or `none` (the tenant queue). An operator sees those of the tenant queue, of their teams and of teams open to all operators, and those assigned to or claimed by them; an editor or owner every one',
        querystring: inboxQuery,
        response: { 200: inboxList, ...errorResponses(400, 401, 404, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const names = await agentNames(request, tenantId);
      let agentId: string | undefined;
      if (request.query.agent !== undefined) {
        agentId = [...names].find(([, name]) => name === request.query.agent)?.[0];
        if (!agentId) throw new AppError('not_found', 'agent not found');
      }
      const mine = request.query.state === 'mine' ? readerIdOf(request) : undefined;
      const { items } = await bus.request(
        'sessions.inbox.list',
        {
          tenantId,
          states: STATES[request.query.state],
          ...(agentId ? { agentId } : {}),
          ...(request.query.team ? { team: request.query.team } : {}),
          ...(mine ? { operatorActorId: mine } : {}),
          reader: readerOf(request),
          readerId: readerIdOf(request),
          limit: INBOX_ITEMS,
        },
        { requestId: request.id },
      );
      return { items: items.map((item) => named(names, item)) };
    },
  );

  app.get(
    '/api/inbox/events',
    {
      config: { auth: 'management', role: 'operator' },
      schema: {
        tags: ['Inbox'],
        summary:
          "The tenant's inbox, live (SSE): `escalation` (an inbox item, whenever one changes), `message` (in an escalated conversation), `status` (a visitor typing). Resumable with Last-Event-ID. While it is open, its operator counts as online. An operator's stream carries only the escalations they may see (as the list).",
        querystring: eventsQuery,
        headers: eventsHeaders,
        produces: ['text/event-stream'],
        response: { 200: z.string(), ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const { live, presence } = options;
      if (!live) throw new AppError('unavailable', 'live events are not served by this deployment', { details: { reason: 'live_events' } });
      // HEAD: the stream's head alone; its operator does not count as online.
      if (request.method === 'HEAD') return streamHead(reply);
      const after = request.headers['last-event-id'] ?? request.query.last_event_id;
      // An operator's stream passes on only the escalations they may see (docs/management-api.md "Roles"); asked before the stream starts.
      const sight = inboxSight(bus, tenantId, readerOf(request), request.id);
      await sight.refresh();
      // Refused (429) before the stream starts when its key or console session holds its cap of streams.
      const lease = await options.streamLeases.acquireInbox(inboxCredential(request.principal));
      const streamId = randomUUID();
      // A member's stream makes them online (a key's counts the tenant as watched, nobody in particular).
      const memberId = request.principal?.kind === 'member' ? request.principal.memberId : undefined;
      const renew = () =>
        presence?.renew(tenantId, streamId, PRESENCE_TTL_MS, memberId).catch((error: unknown) => request.log.debug({ err: error }, 'presence not renewed'));
      const told = () =>
        memberId
          ? bus
              .request('sessions.inbox.presence-changed', { tenantId, memberId }, { requestId: request.id })
              .catch((error: unknown) => request.log.debug({ err: error }, 'presence change not told'))
          : undefined;
      await renew();
      void told();
      const timer = setInterval(() => {
        void renew();
        // Teams joined or left, and teams opened to all operators, reach an open stream within this period.
        sight.refresh().catch((error: unknown) => request.log.debug({ err: error }, 'inbox sight not refreshed'));
      }, PRESENCE_TTL_MS / 3);
      timer.unref();
      await streams
        .serve(reply, {
          live,
          key: inboxLogKey(tenantId),
          after,
          lease,
          ...(sight.passes ? { passes: sight.passes } : {}),
          onClose: () => {
            clearInterval(timer);
            void presence
              ?.leave(tenantId, streamId, memberId)
              .then(told)
              .catch(() => undefined);
          },
        })
        .catch((error: unknown) => {
          lease.release();
          throw error;
        });
    },
  );

  app.put(
    '/api/inbox/presence',
    {
      config: { auth: 'management', role: 'operator', audit: false, notAudited: 'an operator’s own status (online, away), not a change to the tenant' },
      schema: {
        tags: ['Inbox'],
        summary: 'Your own status (a member signed in to the console): `away` keeps you out of assignment while your inbox stays open; `online` takes you back',
        body: presenceBody,
        response: { 200: presenceBody, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const principal = request.principal;
      if (principal?.kind !== 'member')
        throw new AppError('invalid', 'presence is a person’s: sign in to the console as a member (a key has no presence)', {
          details: { reason: 'not_a_member' },
        });
      if (!options.presence) throw new AppError('unavailable', 'presence is not kept by this deployment', { details: { reason: 'presence' } });
      await options.presence.setStatus(tenantId, principal.memberId, request.body.status);
      await bus.request('sessions.inbox.presence-changed', { tenantId, memberId: principal.memberId }, { requestId: request.id });
      return { status: request.body.status };
    },
  );

  app.get(
    '/api/inbox/presence',
    {
      config: { auth: 'management', role: 'operator' },
      schema: {
        tags: ['Inbox'],
        summary:
          "The tenant's operators (members who may answer): online (their inbox is open), away or offline, with the conversations assigned to or claimed by each and their teams",
        response: { 200: operatorPresenceList, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('sessions.inbox.presence', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.post(
    '/api/inbox/:escalation_id/transfer',
    {
      config: {
        auth: 'management',
        role: 'operator',
        // Where it went, never the note (the operators' words about the visitor's conversation).
        audit: {
          action: 'escalation.transfer',
          kind: 'escalation',
          id: (p) => p.escalation_id,
          details: (_p, _a, b) => ({ to_member: b?.to_member ?? null, to_team: b?.to_team ?? null }),
        },
      },
      schema: {
        tags: ['Inbox'],
        summary:
          'Hand the conversation you have (assigned to or claimed by you) to a colleague (`to_member`: it is assigned to them, to accept) or to a team’s queue (`to_team`), with a note for them; the visitor sees who took over',
        params: escalationParams,
        body: transferBody,
        response: { 200: inboxItemAnswer, ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const { to_member, to_team, note } = request.body;
      const { item } = await bus.request(
        'sessions.inbox.transfer',
        {
          tenantId,
          escalationId: request.params.escalation_id,
          operator: operatorOf(request),
          reader: readerOf(request),
          ...(to_member === undefined ? {} : { toMember: to_member }),
          ...(to_team === undefined ? {} : { toTeam: to_team }),
          ...(note ? { note } : {}),
        },
        { requestId: request.id },
      );
      return { item: named(await agentNames(request, tenantId), item) };
    },
  );

  // Each action's config: an operator's; the audit log records the escalation by its id.
  const actionConfigs: Record<'claim' | 'accept' | 'release' | 'close' | 'typing', FastifyContextConfig> = {
    claim: { auth: 'management', role: 'operator', audit: { action: 'escalation.claim', kind: 'escalation', id: (p) => p.escalation_id, details: () => ({}) } },
    accept: {
      auth: 'management',
      role: 'operator',
      audit: { action: 'escalation.accept', kind: 'escalation', id: (p) => p.escalation_id, details: () => ({}) },
    },
    release: {
      auth: 'management',
      role: 'operator',
      audit: { action: 'escalation.release', kind: 'escalation', id: (p) => p.escalation_id, details: () => ({}) },
    },
    close: { auth: 'management', role: 'operator', audit: { action: 'escalation.close', kind: 'escalation', id: (p) => p.escalation_id, details: () => ({}) } },
    typing: { auth: 'management', role: 'operator', audit: false, notAudited: 'a typing notice changes nothing' },
  };
  for (const action of ['claim', 'accept', 'release', 'close', 'typing'] as const) {
    const summaries = {
      claim: 'Claim the conversation: only you may answer it from now on (another operator’s claim: 409)',
      accept: 'Accept the conversation assigned to you (anyone else: 409); not accepted within ASSIGNMENT_TIMEOUT_SECONDS, it moves to the next operator',
      release: 'Hand the conversation back to the agent: the workflow continues where it stopped',
      close: 'Close the escalation and end the conversation',
      typing: 'Tell the visitor you are typing (only the operator who claimed it)',
    } as const;
    app.post(
      `/api/inbox/:escalation_id/${action}`,
      {
        config: actionConfigs[action],
        schema: {
          tags: ['Inbox'],
          summary: summaries[action],
          params: escalationParams,
          response: { 200: inboxItemAnswer, ...errorResponses(400, 401, 404, 409, 429, 503) },
        },
      },
      async (request) => {
        const tenantId = tenantOf(request);
        const { item } = await bus.request(
          'sessions.inbox.act',
          { tenantId, escalationId: request.params.escalation_id, operator: operatorOf(request), reader: readerOf(request), action },
          { requestId: request.id },
        );
        return { item: named(await agentNames(request, tenantId), item) };
      },
    );
  }

  app.post(
    '/api/inbox/:escalation_id/notes',
    {
      config: {
        auth: 'management',
        role: 'operator',
        // What the operator wrote speaks of the visitor: the log keeps only that a note was added.
        audit: { action: 'escalation.note', kind: 'escalation', id: (p) => p.escalation_id, details: (_p, a) => ({ note_id: a?.id }) },
      },
      schema: {
        tags: ['Inbox'],
        summary:
          'Add an internal note to the conversation, for the operators only: the visitor never sees it (not in their history, live events or transcripts). Any operator who may see the escalation, in any state; the inbox shows it live',
        params: escalationParams,
        body: noteBody,
        response: { 201: conversationNote, ...errorResponses(400, 401, 404, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const note = await bus.request(
        'sessions.inbox.note',
        {
          tenantId: tenantOf(request),
          escalationId: request.params.escalation_id,
          operator: operatorOf(request),
          reader: readerOf(request),
          text: request.body.text,
        },
        { requestId: request.id },
      );
      return reply.status(201).send(note);
    },
  );

  app.post(
    '/api/inbox/:escalation_id/messages',
    {
      config: {
        auth: 'management',
        role: 'operator',
        // What the operator wrote is the visitor's conversation, not the log's: only that they wrote.
        audit: { action: 'escalation.message', kind: 'escalation', id: (p) => p.escalation_id, details: (_p, a) => ({ message_id: a?.message_id }) },
      },
      schema: {
        tags: ['Inbox'],
        summary:
          'Answer the visitor (only the operator who claimed it; else 409): they see it live, with your name. Markdown, as agents’ answers: links, lists, code, tables',
        params: escalationParams,
        body: replyBody,
        response: { 201: operatorMessageSent, ...errorResponses(400, 401, 404, 409, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const answer = await bus.request(
        'sessions.inbox.reply',
        {
          tenantId: tenantOf(request),
          escalationId: request.params.escalation_id,
          operator: operatorOf(request),
          reader: readerOf(request),
          content: request.body.content,
        },
        { requestId: request.id },
      );
      return reply.status(201).send(answer);
    },
  );

  app.get(
    '/api/conversations/:conversation_id',
    {
      // An operator reads only the conversations of escalations they may see (the sessions service checks).
      config: { auth: 'management', role: 'operator' },
      schema: {
        tags: ['Inbox'],
        summary:
          "A conversation of the tenant, whole: every message (user, assistant, operator, system, and `tool`: a call the agent made, with its result) with the visitor’s thumb, the workflow trace per turn, variables, escalations, the visitor’s score, the operators' labels and internal notes. Reading it marks it read for you: its unread count starts again. An operator reads only the conversations of escalations they may see (the tenant's queue, their teams', teams open to all operators, those assigned to or claimed by them); any other is 404",
        params: conversationParams,
        response: { 200: conversationDetail, ...errorResponses(400, 401, 404, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      if (!uuidPattern.test(request.params.conversation_id)) throw new AppError('not_found', 'conversation not found');
      const detail = await bus.request(
        'sessions.conversations.get',
        { tenantId, conversationId: request.params.conversation_id.toLowerCase(), reader: readerOf(request), readerId: readerIdOf(request) },
        { requestId: request.id },
      );
      return named(await agentNames(request, tenantId), detail);
    },
  );

  app.get(
    '/api/conversations',
    {
      // An operator finds only the conversations of escalations they may see (the sessions service checks).
      config: { auth: 'management', role: 'operator' },
      schema: {
        tags: ['Inbox'],
        summary:
          'The tenant\'s conversations, newest first, found by the words of their messages (`q`: full text, every word must occur; `"a phrase"`, `or`, `-word`), narrowed by `label`, `agent` (a name; another: 404) and `status`; pages of `limit` with `cursor`. Each with who the visitor is, a preview of their last message, your unread count, its labels, its latest escalation and (with `q`) words around the match. An operator finds only the conversations of escalations they may see',
        querystring: conversationSearchQuery,
        response: { 200: conversationSearchList, ...errorResponses(400, 401, 404, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const names = await agentNames(request, tenantId);
      const { q, label, agent, status, limit, cursor } = request.query;
      let agentId: string | undefined;
      if (agent !== undefined) {
        agentId = [...names].find(([, name]) => name === agent)?.[0];
        if (!agentId) throw new AppError('not_found', 'agent not found');
      }
      const found = await bus.request(
        'sessions.conversations.search',
        {
          tenantId,
          reader: readerOf(request),
          readerId: readerIdOf(request),
          ...(q === undefined ? {} : { q }),
          ...(label === undefined ? {} : { label }),
          ...(agentId === undefined ? {} : { agentId }),
          ...(status === undefined ? {} : { status }),
          limit,
          ...(cursor === undefined ? {} : { cursor }),
        },
        { requestId: request.id },
      );
      return { conversations: found.conversations.map((conversation) => named(names, conversation)), next_cursor: found.next_cursor };
    },
  );

  app.put(
    '/api/conversations/:conversation_id/labels',
    {
      config: {
        auth: 'management',
        role: 'operator',
        audit: { action: 'conversation.labels', kind: 'conversation', id: (p) => p.conversation_id, details: (_p, a) => ({ labels: a?.labels ?? [] }) },
      },
      schema: {
        tags: ['Inbox'],
        summary:
          'Set the conversation’s labels, all of them (`[]` removes every one): at most 10, each lower-case words of letters and digits joined by hyphens, at most 32 characters (given in capitals, kept lower-cased). An operator labels only the conversations they may read (any other: 404)',
        params: conversationParams,
        body: conversationLabelsBody,
        response: { 200: conversationLabelsAnswer, ...errorResponses(400, 401, 404, 413, 429, 503) },
      },
    },
    async (request) => {
      if (!uuidPattern.test(request.params.conversation_id)) throw new AppError('not_found', 'conversation not found');
      return bus.request(
        'sessions.conversations.labels',
        { tenantId: tenantOf(request), conversationId: request.params.conversation_id.toLowerCase(), reader: readerOf(request), labels: request.body.labels },
        { requestId: request.id },
      );
    },
  );

  app.get(
    '/api/conversations/:conversation_id/uploads/:upload_id',
    {
      // An operator reads only the conversations of escalations they may see (the sessions service checks).
      config: { auth: 'management', role: 'operator' },
      schema: {
        tags: ['Inbox'],
        summary:
          'A file a visitor uploaded in this conversation of the tenant, as a download (the type judged when it came; never shown inline). An operator: only of a conversation they may read (else 404)',
        params: conversationParams.extend({ upload_id: z.string().max(64) }),
        response: { 200: z.any().meta({ description: 'The file’s bytes' }), ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      if (!uuidPattern.test(request.params.conversation_id)) throw new AppError('not_found', 'no such upload');
      if (!options.uploads) throw uploadsUnavailable();
      const upload = await bus.request(
        'sessions.uploads.get',
        { uploadId: request.params.upload_id, reader: { tenantId, conversationId: request.params.conversation_id.toLowerCase(), as: readerOf(request) } },
        { requestId: request.id },
      );
      return sendUpload(reply, options.uploads, upload);
    },
  );
};
