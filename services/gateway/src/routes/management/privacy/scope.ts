import type { PlatformBus } from '@parley/bus';
import { PRIVACY_ID_CHUNK, PRIVACY_LINK_CHUNK, type PrivacySignedUser, type PrivacyVisitor } from '@parley/contracts';

/** Whom a privacy request is about, in which tenant, for which request (its id goes along). */
export interface PrivacyScope {
  bus: PlatformBus;
  tenantId: string;
  visitor: PrivacyVisitor;
  requestId: string;
}

/** A phone number's privacy request (E.164): only the links service holds numbers. */
export interface PhoneScope {
  bus: PlatformBus;
  tenantId: string;
  phone: string;
  requestId: string;
}

/** Every item of a keyset-paged list, one page held at a time: `page(after)` answers the next page. */
export async function* paged<T, C>(page: (after: C | null) => Promise<T[]>, cursorOf: (last: T) => C, limit: number): AsyncGenerator<T> {
  for (let after: C | null = null; ; ) {
    const items = await page(after);
    yield* items;
    if (items.length < limit) return;
    after = cursorOf(items[items.length - 1]!);
  }
}

/**
 * The visitor's personalised links (the links service's: their variables carry the email), in
 * chunks the other services take at once; one empty chunk for a user id or an email with none,
 * so whoever walks the chunks always asks once. `onlyLinks` marks a chunk after the first: its
 * conversations are only those not already picked by the email (docs/management-api.md "Privacy").
 */
export async function* linkChunks({ bus, tenantId, visitor, requestId }: PrivacyScope): AsyncGenerator<{ linkIds: string[]; onlyLinks: boolean }> {
  if (!('email' in visitor)) {
    yield { linkIds: [], onlyLinks: false };
    return;
  }
  let chunk: string[] = [];
  let first = true;
  const links = paged(
    async (after: string | null) =>
      (await bus.request('links.privacy.links', { tenantId, email: visitor.email, after, limit: PRIVACY_LINK_CHUNK }, { requestId })).links,
    (last) => last.id,
    PRIVACY_LINK_CHUNK,
  );
  for await (const link of links) {
    chunk.push(link.id);
    if (chunk.length === PRIVACY_LINK_CHUNK) {
      yield { linkIds: chunk, onlyLinks: !first };
      first = false;
      chunk = [];
    }
  }
  if (first || chunk.length > 0) yield { linkIds: chunk, onlyLinks: !first };
}

/**
 * The signed-in users of an email's conversations (each in its identity realm): what the agents
 * remember of them goes with the email's export and erasure. None for a user id (its own memories
 * are found by the id).
 */
export async function signedUsersOf({ bus, tenantId, visitor, requestId }: PrivacyScope): Promise<PrivacySignedUser[]> {
  if (!('email' in visitor)) return [];
  return (await bus.request('sessions.privacy.signed-users', { tenantId, email: visitor.email }, { requestId })).users;
}

/** The ids of the visitor's conversations, a chunk at a time (every chunk of their links). */
export async function* conversationIdChunks(scope: PrivacyScope): AsyncGenerator<string[]> {
  const { bus, tenantId, visitor, requestId } = scope;
  for await (const links of linkChunks(scope)) {
    const ids = paged(
      async (after: string | null) =>
        (await bus.request('sessions.privacy.conversation-ids', { tenantId, visitor, ...links, after, limit: PRIVACY_ID_CHUNK }, { requestId })).ids,
      (last) => last,
      PRIVACY_ID_CHUNK,
    );
    let chunk: string[] = [];
    for await (const id of ids) {
      chunk.push(id);
      if (chunk.length === PRIVACY_ID_CHUNK) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }
}
