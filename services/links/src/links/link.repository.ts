import type { DB, NewPublicLink, PublicLinkUpdate } from '@parley/db';
import { type Kysely, type NotNull, sql } from 'kysely';
import { SEALED_TEXT_PREFIX } from '../sealing/sealed-text.js';

/** SQL for public chat links. Deleted links stay as rows (`deleted_at`) and are invisible here. */
export class LinkRepository {
  constructor(private readonly db: Kysely<DB>) {}

  create(values: NewPublicLink) {
    return this.db.insertInto('public_links').values(values).returningAll().executeTakeFirstOrThrow();
  }

  listForAgent(tenantId: string, agentId: string) {
    return this.db
      .selectFrom('public_links')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Changes a live link of the tenant's agent; undefined when there is none under that id. */
  update(tenantId: string, agentId: string, id: string, changes: PublicLinkUpdate) {
    return this.db
      .updateTable('public_links')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  async softDelete(tenantId: string, agentId: string, id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('public_links')
      .set({ deleted_at: new Date(), updated_at: new Date() })
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Replaces a live link's identity secret; false when there is no such link. The first secret
   * makes the link's identity realm and later ones keep it: a rotation leaves users who they were.
   * `sealed`: the secret as stored (links/identity-secrets.ts).
   */
  async setIdentitySecret(tenantId: string, agentId: string, id: string, sealed: string): Promise<boolean> {
    const result = await this.db
      .updateTable('public_links')
      .set((eb) => ({ identity_secret: sealed, identity_realm: eb.fn.coalesce('identity_realm', sql<string>`gen_random_uuid()`), updated_at: new Date() }))
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** What checks a live link's signed users: its secret (as stored), realm and form rule; undefined when there is no such link. */
  identity(id: string) {
    return this.db
      .selectFrom('public_links')
      .select(['identity_secret', 'identity_realm', 'identity_token_required'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  /** A live link of the tenant's agent. */
  findLive(tenantId: string, agentId: string, id: string) {
    return this.db
      .selectFrom('public_links')
      .selectAll()
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  /** Whether a live link of this id is the tenant's. */
  async belongsTo(tenantId: string, id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('public_links')
      .select('id')
      .where('id', '=', id)
      .where('tenant_id', '=', tenantId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A live link by its token's hash, with its agent's name (what a visitor's request needs). */
  findByTokenHash(tokenHash: string) {
    return this.db
      .selectFrom('public_links as l')
      .innerJoin('agents as a', 'a.id', 'l.agent_id')
      .selectAll('l')
      .select('a.name as agent_name')
      .where('l.token_hash', '=', tokenHash)
      .where('l.deleted_at', 'is', null)
      .executeTakeFirst();
  }

  /** A live link by its id, with its agent's name (what the end of one of its conversations needs). */
  findLiveById(id: string) {
    return this.db
      .selectFrom('public_links as l')
      .innerJoin('agents as a', 'a.id', 'l.agent_id')
      .selectAll('l')
      .select('a.name as agent_name')
      .where('l.id', '=', id)
      .where('l.deleted_at', 'is', null)
      .executeTakeFirst();
  }

  /** Links (deleted ones too) whose identity secret is still in clear (written before secrets were sealed), after `afterId` by id. */
  identitySecretsInClear(afterId: string, limit: number) {
    return this.db
      .selectFrom('public_links')
      .select(['id', 'identity_secret'])
      .where('identity_secret', 'is not', null)
      .where('identity_secret', 'not like', `${SEALED_TEXT_PREFIX}%`)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .$narrowType<{ identity_secret: NotNull }>()
      .execute();
  }

  /** Stores a link's sealed identity secret in place of the one in clear, unless that changed meanwhile; whether it did. */
  async replaceIdentitySecretInClear(id: string, clear: string, sealed: string): Promise<boolean> {
    const result = await this.db
      .updateTable('public_links')
      .set({ identity_secret: sealed })
      .where('id', '=', id)
      .where('identity_secret', '=', clear)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
