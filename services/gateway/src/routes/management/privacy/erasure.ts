import type { ErasureResult, PhoneErasureResult } from '@parley/contracts';
import { conversationIdChunks, linkChunks, type PhoneScope, type PrivacyScope, signedUsersOf } from './scope.js';

/**
 * Erases a visitor from every store of the tenant (docs/management-api.md "Privacy"), in an order that a
 * retry after a failure part-way finishes: what is found through the conversations (webhook
 * deliveries, the memories of an email's signed-in users) goes while the conversations still name
 * the visitor; the conversations (with the inbox and replay logs) while the personalised links
 * still do; the links' records last.
 */
export async function eraseVisitor(scope: PrivacyScope): Promise<ErasureResult> {
  const { bus, tenantId, visitor, requestId } = scope;
  const opts = { requestId };
  for await (const conversationIds of conversationIdChunks(scope)) {
    await bus.request('links.privacy.erase-webhook-deliveries', { tenantId, conversationIds }, opts);
  }
  let memories = 0;
  // A signed-in user is the pair (realm, id): their memory in that realm, as a visitor's own erasure forgets it.
  for (const user of await signedUsersOf(scope)) {
    memories += (await bus.request('memory.privacy.erase', { tenantId, userId: user.userId, userRealm: user.userRealm }, opts)).memories;
  }
  let conversations = 0;
  let messages = 0;
  for await (const { linkIds } of linkChunks(scope)) {
    const erased = await bus.request('sessions.privacy.erase-visitor', { tenantId, visitor, linkIds }, opts);
    conversations += erased.conversations;
    messages += erased.messages;
  }
  memories += (await bus.request('memory.privacy.erase', { tenantId, ...('email' in visitor ? { email: visitor.email } : { userId: visitor.userId }) }, opts))
    .memories;
  if ('email' in visitor) await bus.request('links.privacy.erase-link-data', { tenantId, email: visitor.email }, opts);
  return { erased: { conversations, messages, memories } };
}

/**
 * Erases a phone number from the tenant (docs/management-api.md "Privacy"): only the links service
 * holds numbers – the texts sent to them and the schedules that text them – erased in one transaction.
 */
export async function erasePhone({ bus, tenantId, phone, requestId }: PhoneScope): Promise<PhoneErasureResult> {
  return bus.request('links.privacy.erase-phone', { tenantId, phone }, { requestId });
}
