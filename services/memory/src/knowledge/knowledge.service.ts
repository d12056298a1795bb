import { AppError, type KnowledgeBase, type KnowledgeDocument, type KnowledgeSource, type textSearchLanguage } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { UploadStore } from '@parley/uploads';
import type { z } from 'zod';
import { newBaseId, newDocumentId } from './ids.js';
import { type BaseRow, type DocumentRow, type KnowledgeRepository, uploadKeyOf } from './knowledge.repository.js';

type Language = z.infer<typeof textSearchLanguage>;

const baseNotFound = () => new AppError('not_found', 'no such knowledge base');
const nameTaken = () => new AppError('conflict', 'the tenant has a knowledge base of this name', { details: { field: 'name' } });

/**
 * A tenant's knowledge bases and their documents (docs/knowledge.md). Adding a document stores it
 * `processing` and wakes the ingestion worker; the answer does not wait for it to be read.
 */
export class KnowledgeService {
  constructor(
    private readonly repository: KnowledgeRepository,
    /** Where documents given as files are; their files are deleted with them. */
    private readonly uploads: UploadStore | undefined,
    /** Wakes the ingestion worker: a document was added. */
    private readonly documentAdded: () => void,
    private readonly logger: Logger,
  ) {}

  async createBase(tenantId: string, base: { name: string; language: Language; threshold?: number | undefined }): Promise<KnowledgeBase> {
    const created = await this.repository.createBase({ id: newBaseId(), tenantId, ...base });
    if (created === 'taken') throw nameTaken();
    return baseOf(created);
  }

  async listBases(tenantId: string): Promise<{ knowledge_bases: KnowledgeBase[] }> {
    return { knowledge_bases: (await this.repository.listBases(tenantId)).map(baseOf) };
  }

  /** Those of `idsOrNames` that name none of the tenant's bases, by id or by name as a search resolves them (another tenant's base is none). */
  async unknownBases(tenantId: string, idsOrNames: string[]): Promise<{ unknown: string[] }> {
    const found = await this.repository.resolveBases(tenantId, idsOrNames);
    const known = new Set(found.flatMap((base) => [base.id, base.name]));
    return { unknown: idsOrNames.filter((name) => !known.has(name)) };
  }

  async getBase(tenantId: string, id: string): Promise<KnowledgeBase> {
    const base = await this.repository.findBase(tenantId, id);
    if (!base) throw baseNotFound();
    return baseOf(base);
  }

  async updateBase(
    tenantId: string,
    id: string,
    changes: { name?: string | undefined; language?: Language | undefined; threshold?: number | undefined },
  ): Promise<KnowledgeBase> {
    const updated = await this.repository.updateBase(tenantId, id, changes);
    if (updated === 'taken') throw nameTaken();
    if (!updated) throw baseNotFound();
    return baseOf(updated);
  }

  async deleteBase(tenantId: string, id: string): Promise<{ id: string }> {
    const deleted = await this.repository.deleteBase(tenantId, id);
    if (!deleted) throw baseNotFound();
    await this.deleteFiles(deleted.uploadKeys);
    return { id };
  }

  /**
   * A document, `processing`; one of the same title – or URL – in the base is replaced (its
   * chunks answer until the new ones are written). A file must be in the tenant's part of the
   * upload store (keys start with the tenant's id).
   */
  async addDocument(tenantId: string, baseId: string, title: string, source: KnowledgeSource): Promise<KnowledgeDocument> {
    if (source.kind === 'file' && !source.uploadKey.startsWith(`${tenantId}/`)) {
      throw new AppError('invalid', "the file's upload key is not in the tenant's part of the upload store", { details: { field: 'source.uploadKey' } });
    }
    const added = await this.repository.addDocument({
      id: newDocumentId(),
      tenantId,
      baseId,
      title,
      url: source.kind === 'url' ? source.url : null,
      mediaType: source.kind === 'file' ? source.mediaType : source.kind === 'text' ? 'text/markdown' : null,
      source,
    });
    if (!added) throw baseNotFound();
    this.documentAdded();
    // The replaced versions' files are not read again; the new one's may have been stored under the same key.
    const kept = new Set(uploadKeyOf(source));
    await this.deleteFiles(added.replaced.flatMap(uploadKeyOf).filter((key) => !kept.has(key)));
    return documentOf(added.document);
  }

  async listDocuments(tenantId: string, baseId: string): Promise<{ documents: KnowledgeDocument[] }> {
    const [base, documents] = await Promise.all([this.repository.findBase(tenantId, baseId), this.repository.listDocuments(tenantId, baseId)]);
    if (!base) throw baseNotFound();
    return { documents: documents.map(documentOf) };
  }

  async getDocument(tenantId: string, baseId: string, id: string): Promise<KnowledgeDocument> {
    const document = await this.repository.findDocument(tenantId, baseId, id);
    if (!document) throw new AppError('not_found', 'no such document in the knowledge base');
    return documentOf(document);
  }

  async deleteDocument(tenantId: string, baseId: string, id: string): Promise<{ id: string }> {
    const source = await this.repository.deleteDocument(tenantId, baseId, id);
    if (!source) throw new AppError('not_found', 'no such document in the knowledge base');
    await this.deleteFiles(uploadKeyOf(source));
    return { id };
  }

  /** Files whose documents are gone; one that cannot be deleted now stays in the store (logged), its document gone all the same. */
  private async deleteFiles(keys: string[]): Promise<void> {
    if (this.uploads === undefined) return;
    for (const key of keys) {
      await this.uploads
        .delete(key)
        .catch((error: unknown) => this.logger.warn({ err: error }, "a knowledge document's file could not be deleted from the upload store"));
    }
  }
}

function baseOf(row: BaseRow): KnowledgeBase {
  return {
    id: row.id,
    name: row.name,
    language: row.language as Language,
    threshold: row.threshold,
    documents: row.documents,
    chunks: row.chunks,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function documentOf(row: DocumentRow): KnowledgeDocument {
  return {
    id: row.id,
    knowledge_base_id: row.base_id,
    title: row.title,
    ...(row.url === null ? {} : { url: row.url }),
    // A URL's type is known once it has answered.
    media_type: row.media_type ?? 'application/octet-stream',
    status: row.status,
    chunks: row.chunks,
    ...(row.error === null ? {} : { error: row.error }),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
