import type { KnowledgeSource } from '@parley/contracts';
import type { DB, JsonObject, KnowledgeBasesTable, KnowledgeDocumentsTable } from '@parley/db';
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import { discountDocumentTerms, recountBaseTerms } from './terms.repository.js';

/** A base as its answers give it: its row with how many documents and searchable chunks it holds. */
export type BaseRow = Selectable<KnowledgeBasesTable> & { documents: number; chunks: number };

const DOCUMENT = [
  'id',
  'base_id',
  'title',
  'url',
  'media_type',
  'status',
  'error',
  'chunks',
  'source',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof KnowledgeDocumentsTable)[];
export type DocumentRow = Pick<Selectable<KnowledgeDocumentsTable>, (typeof DOCUMENT)[number]>;

/** The unique (tenant_id, name) refused the row: the tenant has a base of that name. */
const nameTaken = (error: unknown) => (error as { code?: string }).code === '23505';

/** Which chunk text a base's language indexes: the heading, then the text, their words alike (docs/knowledge.md "How retrieval works"). */
export const chunkVector = (language: RawBuilder<unknown>) =>
  sql<string>`to_tsvector(${language}::regconfig, coalesce(heading, '')) || to_tsvector(${language}::regconfig, text)`;

/**
 * SQL for knowledge bases and their documents (knowledge_bases, knowledge_documents, and the
 * chunks a base's new language indexes again). Every query names the tenant: another tenant's
 * base is no base.
 */
export class KnowledgeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private bases(db: Kysely<DB> = this.db) {
    return db
      .selectFrom('knowledge_bases as b')
      .selectAll('b')
      .select([
        sql<number>`(SELECT count(*)::int FROM knowledge_documents d WHERE d.base_id = b.id)`.as('documents'),
        sql<number>`(SELECT coalesce(sum(d.chunks), 0)::int FROM knowledge_documents d WHERE d.base_id = b.id)`.as('chunks'),
      ]);
  }

  async createBase(values: { id: string; tenantId: string; name: string; language: string; threshold?: number | undefined }): Promise<BaseRow | 'taken'> {
    try {
      await this.db
        .insertInto('knowledge_bases')
        .values({
          id: values.id,
          tenant_id: values.tenantId,
          name: values.name,
          language: values.language,
          ...(values.threshold === undefined ? {} : { threshold: values.threshold }),
        })
        .execute();
    } catch (error) {
      if (nameTaken(error)) return 'taken';
      throw error;
    }
    return (await this.findBase(values.tenantId, values.id))!;
  }

  listBases(tenantId: string): Promise<BaseRow[]> {
    return this.bases().where('b.tenant_id', '=', tenantId).orderBy('b.name').execute();
  }

  findBase(tenantId: string, id: string): Promise<BaseRow | undefined> {
    return this.bases().where('b.tenant_id', '=', tenantId).where('b.id', '=', id).executeTakeFirst();
  }

  /** The tenant's bases named by id or by name (unknown ones are left out), each once. */
  resolveBases(tenantId: string, idsOrNames: string[]): Promise<Pick<BaseRow, 'id' | 'name' | 'language' | 'threshold'>[]> {
    return this.db
      .selectFrom('knowledge_bases')
      .select(['id', 'name', 'language', 'threshold'])
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('id', 'in', idsOrNames), eb('name', 'in', idsOrNames)]))
      .execute();
  }

  /**
   * A new name, language or threshold. A new language indexes the base's chunks again in it, in
   * the same transaction (the base row locked: an ingestion writing chunks meanwhile waits, and
   * then indexes in the new one). Undefined: no such base.
   */
  async updateBase(
    tenantId: string,
    id: string,
    changes: { name?: string | undefined; language?: string | undefined; threshold?: number | undefined },
  ): Promise<BaseRow | 'taken' | undefined> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('knowledge_bases')
          .select('language')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!before) return undefined;
        await trx
          .updateTable('knowledge_bases')
          .set({
            ...(changes.name === undefined ? {} : { name: changes.name }),
            ...(changes.language === undefined ? {} : { language: changes.language }),
            ...(changes.threshold === undefined ? {} : { threshold: changes.threshold }),
            updated_at: sql`now()`,
          })
          .where('id', '=', id)
          .execute();
        if (changes.language !== undefined && changes.language !== before.language) {
          await trx
            .updateTable('knowledge_chunks')
            .set({ tsv: chunkVector(sql`${changes.language}`) })
            .where('base_id', '=', id)
            .execute();
          await recountBaseTerms(trx, id);
        }
        return this.bases(trx).where('b.id', '=', id).executeTakeFirst();
      });
    } catch (error) {
      if (nameTaken(error)) return 'taken';
      throw error;
    }
  }

  /** Deletes the base with its documents and chunks; answers its files' upload keys (to delete from the store), or undefined: no such base. */
  async deleteBase(tenantId: string, id: string): Promise<{ uploadKeys: string[] } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const sources = await trx.selectFrom('knowledge_documents').select('source').where('base_id', '=', id).where('tenant_id', '=', tenantId).execute();
      const deleted = await trx.deleteFrom('knowledge_bases').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (deleted.numDeletedRows === 0n) return undefined;
      return { uploadKeys: sources.flatMap((row) => uploadKeyOf(row.source)) };
    });
  }

  /**
   * Adds a document, `processing`, or replaces the one of the same URL – else of the same title –
   * in the base: its row (and id) stays, with the new source and a new revision, and its chunks
   * stay searchable until the new ones are written. A second document the new one matches (the
   * URL of one, the title of another) is deleted with its chunks. Undefined: no such base.
   */
  async addDocument(values: {
    id: string;
    tenantId: string;
    baseId: string;
    title: string;
    url: string | null;
    mediaType: string | null;
    source: KnowledgeSource;
  }): Promise<{ document: DocumentRow; replaced: KnowledgeSource[] } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      // Adds to one base are made one at a time: two of the same title cannot both insert.
      const base = await trx
        .selectFrom('knowledge_bases')
        .select('id')
        .where('tenant_id', '=', values.tenantId)
        .where('id', '=', values.baseId)
        .forNoKeyUpdate()
        .executeTakeFirst();
      if (!base) return undefined;
      const matches = await trx
        .selectFrom('knowledge_documents')
        .select(['id', 'title', 'url', 'source'])
        .where('base_id', '=', values.baseId)
        .where((eb) => (values.url === null ? eb('title', '=', values.title) : eb.or([eb('title', '=', values.title), eb('url', '=', values.url)])))
        .execute();
      const kept = matches.find((m) => values.url !== null && m.url === values.url) ?? matches[0];
      const others = matches.filter((m) => m !== kept);
      if (others.length > 0) {
        const ids = others.map((m) => m.id);
        await discountDocumentTerms(trx, values.baseId, ids);
        await trx.deleteFrom('knowledge_documents').where('id', 'in', ids).execute();
      }
      const source = JSON.stringify(values.source);
      const document = kept
        ? await trx
            .updateTable('knowledge_documents')
            .set((eb) => ({
              title: values.title,
              url: values.url,
              media_type: values.mediaType ?? eb.ref('media_type'),
              source,
              status: 'processing',
              error: null,
              revision: eb('revision', '+', 1),
              attempts: 0,
              claimed_until: null,
              updated_at: sql`now()`,
            }))
            .where('id', '=', kept.id)
            .returning(DOCUMENT)
            .executeTakeFirstOrThrow()
        : await trx
            .insertInto('knowledge_documents')
            .values({
              id: values.id,
              base_id: values.baseId,
              tenant_id: values.tenantId,
              title: values.title,
              url: values.url,
              media_type: values.mediaType,
              source,
              embedding_model: null,
              claimed_until: null,
              error: null,
            })
            .returning(DOCUMENT)
            .executeTakeFirstOrThrow();
      return { document, replaced: matches.map((m) => m.source as KnowledgeSource) };
    });
  }

  listDocuments(tenantId: string, baseId: string): Promise<DocumentRow[]> {
    return this.db
      .selectFrom('knowledge_documents')
      .select(DOCUMENT)
      .where('tenant_id', '=', tenantId)
      .where('base_id', '=', baseId)
      .orderBy('title')
      .orderBy('id')
      .execute();
  }

  findDocument(tenantId: string, baseId: string, id: string): Promise<DocumentRow | undefined> {
    return this.db
      .selectFrom('knowledge_documents')
      .select(DOCUMENT)
      .where('tenant_id', '=', tenantId)
      .where('base_id', '=', baseId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Deletes the document with its chunks; answers its source (a file's key to delete from the store), or undefined: none such. */
  async deleteDocument(tenantId: string, baseId: string, id: string): Promise<KnowledgeSource | undefined> {
    return this.db.transaction().execute(async (trx) => {
      // Its chunks' counts go with them, one writer of the base's counts at a time.
      const base = await trx
        .selectFrom('knowledge_bases')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', baseId)
        .forNoKeyUpdate()
        .executeTakeFirst();
      if (!base) return undefined;
      await discountDocumentTerms(trx, baseId, [id]);
      const deleted = await trx.deleteFrom('knowledge_documents').where('base_id', '=', baseId).where('id', '=', id).returning('source').executeTakeFirst();
      return deleted?.source as KnowledgeSource | undefined;
    });
  }
}

/** The upload-store key of a file's source; none for text and URLs. */
export function uploadKeyOf(source: JsonObject | KnowledgeSource): string[] {
  return source.kind === 'file' && typeof source.uploadKey === 'string' ? [source.uploadKey] : [];
}
