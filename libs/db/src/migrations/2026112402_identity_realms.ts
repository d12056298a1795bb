import { type Kysely, sql } from 'kysely';

/**
 * A signed visitor is the pair (the link's identity secret, user id), not the user id alone
 * (docs/public-chat-api.md "Signed visitor identity"): the same id signed by another link's secret is another
 * person. The secret's scope is the link's identity realm, a random id made with its first secret
 * and kept when the secret is rotated, so rotating does not turn a link's users into strangers.
 * - public_links.identity_realm: null until the first secret; `identity_token_required` refuses
 *   the unexpiring `user_hash` form.
 * - text_conversations.user_realm: the realm a public session's user was verified in. Text Chat
 *   API sessions (channel `api`, `metadata.user_id` signed with the platform's secret) keep null:
 *   their users are a namespace of their own. user_id stays the plain id, so a tenant's sessions
 *   of one user id are still found by it (privacy requests), whatever their realm.
 *   Existing verified sessions belong to their own link's realm.
 * - The memory of a signed-in user is keyed `user:<realm>:<user id>`; visitor_memories.user_id
 *   keeps the plain id findable per tenant. An existing `user:<id>` memory moves to the realm its
 *   conversations were in; one made of conversations in several realms mixes people who are not
 *   the same and is dropped (it is a summary, made again from the next messages).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE public_links
      ADD COLUMN identity_realm uuid,
      ADD COLUMN identity_token_required boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE text_conversations ADD COLUMN user_realm uuid`.execute(db);
  await sql`
    UPDATE public_links SET identity_realm = gen_random_uuid()
    WHERE identity_secret IS NOT NULL
       OR id IN (SELECT link_id FROM text_conversations WHERE channel = 'link' AND user_id IS NOT NULL)`.execute(db);
  await sql`
    UPDATE text_conversations c SET user_realm = l.identity_realm
    FROM public_links l
    WHERE l.id = c.link_id AND c.channel = 'link' AND c.user_id IS NOT NULL`.execute(db);

  await sql`ALTER TABLE visitor_memories ADD COLUMN user_id text`.execute(db);
  await sql`
    WITH spread AS (
      SELECT m.agent_id, m.visitor FROM visitor_memory_messages m
      LEFT JOIN text_conversations c ON c.id = m.conversation_id
      WHERE m.visitor LIKE 'user:%'
      GROUP BY m.agent_id, m.visitor
      HAVING count(DISTINCT c.user_realm) <> 1 OR bool_or(c.user_realm IS NULL))
    DELETE FROM visitor_memory_messages m USING spread s
    WHERE m.agent_id = s.agent_id AND m.visitor = s.visitor`.execute(db);
  await sql`
    DELETE FROM visitor_memories v WHERE v.visitor LIKE 'user:%' AND NOT EXISTS (
      SELECT 1 FROM visitor_memory_messages m WHERE m.agent_id = v.agent_id AND m.visitor = v.visitor)`.execute(db);
  await sql`
    UPDATE visitor_memories v SET visitor = 'user:' || r.realm || ':' || substr(v.visitor, 6), user_id = substr(v.visitor, 6)
    FROM (
      SELECT DISTINCT m.agent_id, m.visitor, c.user_realm AS realm FROM visitor_memory_messages m
      JOIN text_conversations c ON c.id = m.conversation_id
      WHERE m.visitor LIKE 'user:%') r
    WHERE r.agent_id = v.agent_id AND r.visitor = v.visitor`.execute(db);
  await sql`
    UPDATE visitor_memory_messages m SET visitor = 'user:' || c.user_realm || ':' || substr(m.visitor, 6)
    FROM text_conversations c
    WHERE c.id = m.conversation_id AND m.visitor LIKE 'user:%'`.execute(db);
  await sql`CREATE INDEX visitor_memories_user_idx ON visitor_memories (tenant_id, user_id) WHERE user_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Realm-keyed memories cannot all become `user:<id>` again (two realms' users may share an id): forgotten.
  await sql`DELETE FROM visitor_memory_messages WHERE visitor LIKE 'user:%'`.execute(db);
  await sql`DELETE FROM visitor_memories WHERE visitor LIKE 'user:%'`.execute(db);
  await sql`DROP INDEX IF EXISTS visitor_memories_user_idx`.execute(db);
  await sql`ALTER TABLE visitor_memories DROP COLUMN IF EXISTS user_id`.execute(db);
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS user_realm`.execute(db);
  await sql`ALTER TABLE public_links DROP COLUMN IF EXISTS identity_token_required, DROP COLUMN IF EXISTS identity_realm`.execute(db);
}
