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
  nameApiSchema,
} from '@parley/contracts';
import { z } from 'zod';
import { conversationIdChunks, linkChunks, type PhoneScope, type PrivacyScope, paged } from './scope.js';

/** Page sizes of the export: each page is asked, written out and let go before the next. */
const CONVERSATION_PAGE = 50;
const RECORD_PAGE = 500;

/** What the streamed export is, for the OpenAPI document (the route writes it piece by piece). */
const exportParts = {
  tenant_id: z.string(),
  exported_at: z.string(),
  memories: z.array(exportedMemory),
  verifications: z.array(exportedVerification),
  links: z.array(exportedLink),
  link_deliveries: z.array(exportedLinkDelivery),
  schedules: z.array(exportedSchedule),
  conversations: z.array(exportedConversation.extend({ messages: z.array(exportedMessage), transitions: z.array(exportedTransition) })),
  webhook_deliveries: z.array(exportedWebhookDelivery),
  inbox_events: z.array(exportedLiveEvent),
};
export const emailExport = z.object({ email: z.string(), ...exportParts });
export const userExport = z.object({ user_id: z.string(), ...exportParts });
/** A phone number's export: the same parts, only `link_deliveries` and `schedules` ever filled (a number names no conversation). */
export const phoneExport = z.object({ phone: z.string(), ...exportParts });
nameApiSchema(emailExport, 'EmailExport');
nameApiSchema(userExport, 'UserExport');
nameApiSchema(phoneExport, 'PhoneExport');

/** A JSON array written element by element as the items come. */
async function* jsonArray<T>(items: AsyncIterable<T> | Iterable<T>, write: (item: T) => AsyncGenerator<string> | string = (item) => JSON.stringify(item)) {
  yield '[';
  let first = true;
  for await (const item of items) {
    if (!first) yield ',';
    first = false;
    const written = write(item);
    if (typeof written === 'string') yield written;
    else yield* written;
  }
  yield ']';
}

async function* nothing<T>(): AsyncGenerator<T> {}

/** The visitor's conversations, chunk of personalised links after chunk, each with its messages, transitions and turn traces. */
async function* conversations(scope: PrivacyScope): AsyncGenerator<string> {
  const { bus, tenantId, visitor, requestId } = scope;
  const opts = { requestId };
  async function* all() {
    for await (const links of linkChunks(scope)) {
      yield* paged(
        async (after: string | null) =>
          (await bus.request('sessions.privacy.conversations', { tenantId, visitor, ...links, after, limit: CONVERSATION_PAGE }, opts)).conversations,
        (last) => last.id,
        CONVERSATION_PAGE,
      );
    }
  }
  yield* jsonArray(all(), async function* (conversation) {
    const conversationId = conversation.id;
    yield `${JSON.stringify(conversation).slice(0, -1)},"messages":`;
    yield* jsonArray(
      paged(
        async (after: number | null) =>
          (await bus.request('sessions.privacy.messages', { tenantId, conversationId, after, limit: RECORD_PAGE }, opts)).messages,
        (last) => last.sequence,
        RECORD_PAGE,
      ),
    );
    yield ',"transitions":';
    yield* jsonArray(
      paged(
        async (after: { turn: number; sequence: number } | null) =>
          (await bus.request('sessions.privacy.transitions', { tenantId, conversationId, after, limit: RECORD_PAGE }, opts)).transitions,
        (last) => ({ turn: last.turn_number, sequence: last.sequence }),
        RECORD_PAGE,
      ),
    );
    // Each turn's trace (docs/management-api.md "Traces"), page after page as the transitions.
    yield ',"traces":';
    yield* jsonArray(
      paged(
        async (after: number | null) => (await bus.request('sessions.privacy.traces', { tenantId, conversationId, after, limit: RECORD_PAGE }, opts)).traces,
        (last) => last.turn,
        RECORD_PAGE,
      ),
    );
    yield '}';
  });
}

/** What other stores hold about the visitor's conversations: webhook deliveries, then inbox events. */
async function* aboutConversations(scope: PrivacyScope, kind: 'webhook' | 'inbox') {
  const { bus, tenantId, requestId } = scope;
  for await (const conversationIds of conversationIdChunks(scope)) {
    if (kind === 'inbox') {
      yield* (await bus.request('sessions.privacy.inbox-events', { tenantId, conversationIds }, { requestId })).events;
      continue;
    }
    yield* paged(
      async (after: string | null) =>
        (await bus.request('links.privacy.webhook-deliveries', { tenantId, conversationIds, after, limit: RECORD_PAGE }, { requestId })).deliveries,
      (last) => last.id,
      RECORD_PAGE,
    );
  }
}

/**
 * The export as a stream of JSON text, keyset page after keyset page: the gateway holds one page
 * at a time whatever the history's size, and a slow reader slows the reading (the stream pulls).
 * `memories` were asked before the answer started (a service down is then a 503, not a cut stream).
 */
export async function* exportJson(scope: PrivacyScope, memories: unknown[]): AsyncGenerator<string> {
  const { bus, tenantId, visitor, requestId } = scope;
  const opts = { requestId };
  const who = 'email' in visitor ? { email: visitor.email } : { user_id: visitor.userId };
  yield `${JSON.stringify({ ...who, tenant_id: tenantId, exported_at: new Date().toISOString() }).slice(0, -1)}`;
  yield `,"memories":${JSON.stringify(memories)}`;
  const email = 'email' in visitor ? visitor.email : null;
  yield ',"verifications":';
  yield* jsonArray(
    email === null
      ? nothing()
      : paged(
          async (after: string | null) =>
            (await bus.request('links.privacy.verifications', { tenantId, email, after, limit: RECORD_PAGE }, opts)).verifications,
          (last) => last.link_id,
          RECORD_PAGE,
        ),
  );
  yield ',"links":';
  yield* jsonArray(
    email === null
      ? nothing()
      : paged(
          async (after: string | null) => (await bus.request('links.privacy.links', { tenantId, email, after, limit: RECORD_PAGE }, opts)).links,
          (last) => last.id,
          RECORD_PAGE,
        ),
  );
  yield ',"link_deliveries":';
  yield* jsonArray(
    email === null
      ? nothing()
      : paged(
          async (after: string | null) => (await bus.request('links.privacy.link-deliveries', { tenantId, email, after, limit: RECORD_PAGE }, opts)).deliveries,
          (last) => last.id,
          RECORD_PAGE,
        ),
  );
  yield `,"schedules":${JSON.stringify(email === null ? [] : (await bus.request('links.privacy.schedules', { tenantId, email }, opts)).schedules)}`;
  yield ',"conversations":';
  yield* conversations(scope);
  yield ',"webhook_deliveries":';
  yield* jsonArray(aboutConversations(scope, 'webhook'));
  yield ',"inbox_events":';
  yield* jsonArray(aboutConversations(scope, 'inbox'));
  yield '}';
}

/**
 * A phone number's export (docs/management-api.md "Privacy"), streamed like a visitor's: the texts
 * sent to it page after page, and `schedules` asked before the answer started. A number names no
 * conversation, memory, verification or personalised link: those parts are empty, so one reader
 * reads every export.
 */
export async function* exportPhoneJson({ bus, tenantId, phone, requestId }: PhoneScope, schedules: unknown[]): AsyncGenerator<string> {
  yield `${JSON.stringify({ phone, tenant_id: tenantId, exported_at: new Date().toISOString() }).slice(0, -1)}`;
  yield ',"memories":[],"verifications":[],"links":[]';
  yield ',"link_deliveries":';
  yield* jsonArray(
    paged(
      async (after: string | null) =>
        (await bus.request('links.privacy.phone-deliveries', { tenantId, phone, after, limit: RECORD_PAGE }, { requestId })).deliveries,
      (last) => last.id,
      RECORD_PAGE,
    ),
  );
  yield `,"schedules":${JSON.stringify(schedules)}`;
  yield ',"conversations":[],"webhook_deliveries":[],"inbox_events":[]}';
}
