import { AppError, type Attachment, MAX_UPLOADS_PER_SESSION } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { UploadStore } from '@parley/uploads';
import { unknownSession } from '../public-sessions/visitor-message.js';
import type { ConversationRepository } from '../store/conversation.repository.js';
import type { NewUpload, StoredUpload, UploadsRepository } from './uploads.repository.js';

/** Who reads a file: its own session (by its credential's hash), or the tenant's operators (by conversation). */
export type UploadReader = { credentialHash: string } | { tenantId: string; conversationId: string };

const notFound = () => new AppError('not_found', 'no such upload');

/**
 * Visitors' files on the sessions side (docs/public-chat-api.md "Uploads"): which session may add one, the
 * record of a stored one, who may read it, and the messages that carry them. The bytes are the
 * gateway's to store; they are named here by their key.
 */
export class UploadsService {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly conversations: ConversationRepository,
    private readonly logger: Logger,
    private readonly store?: UploadStore | undefined,
  ) {}

  /**
   * The visitor's active session on the link, with room for one more file, and the file's key –
   * named as unfinished until it is recorded (docs/operations.md, "Visitors' files").
   */
  async admit(request: { linkId: string; credentialHash: string; uploadId: string }) {
    const found = await this.conversations.findByCredential(request.credentialHash);
    const conversation = found?.conversation;
    if (!conversation || conversation.link_id !== request.linkId) throw unknownSession();
    if (conversation.status !== 'active') {
      throw new AppError('gone', `this conversation has ended (${conversation.status})`, { details: { reason: conversation.status } });
    }
    if ((await this.uploads.count(conversation.id)) >= MAX_UPLOADS_PER_SESSION) {
      throw new AppError('quota_exceeded', `this conversation may have ${MAX_UPLOADS_PER_SESSION} files`, {
        details: { quota: 'uploads', limit: MAX_UPLOADS_PER_SESSION },
      });
    }
    const key = `${conversation.tenant_id}/${conversation.session_id}/${request.uploadId}`;
    await this.uploads.begin({ id: request.uploadId, tenantId: conversation.tenant_id, conversationId: conversation.id, key });
    return { tenantId: conversation.tenant_id, conversationId: conversation.id, sessionId: conversation.session_id, key };
  }

  /**
   * Deletes the files of uploads never recorded that started more than `olderThanMinutes` ago –
   * far longer than a request may last, so their gateway is gone – and forgets them. A file that
   * cannot be deleted now stays named, for the next sweep. Without a store nothing was kept here
   * to delete, and the names stay for a process that has one.
   */
  async sweepUnfinished(olderThanMinutes: number, limit: number): Promise<{ swept: number; failed: number }> {
    if (!this.store) return { swept: 0, failed: 0 };
    const store = this.store;
    const unfinished = await this.uploads.unfinished(new Date(Date.now() - olderThanMinutes * 60_000), limit);
    const outcomes = await Promise.allSettled(unfinished.map((upload) => store.delete(upload.key)));
    const deleted = unfinished.filter((_, i) => outcomes[i]?.status === 'fulfilled').map((upload) => upload.id);
    await this.uploads.forgetUnfinished(deleted);
    const failed = unfinished.length - deleted.length;
    // Counted, never named: a key holds a session id.
    if (failed > 0) this.logger.warn({ failed }, 'files of unfinished uploads not deleted');
    if (deleted.length > 0) this.logger.info({ swept: deleted.length }, 'files of unfinished uploads deleted');
    return { swept: deleted.length, failed };
  }

  async record(upload: NewUpload): Promise<Attachment> {
    const stored = await this.uploads.insert(upload);
    if (!stored) throw new AppError('gone', 'this conversation was erased', { details: { reason: 'erased' } });
    return { id: stored.id, name: stored.name, type: stored.type, bytes: stored.bytes };
  }

  async get(uploadId: string, reader: UploadReader): Promise<StoredUpload> {
    if ('tenantId' in reader) return (await this.uploads.find(uploadId, reader.conversationId, reader.tenantId)) ?? throwNotFound();
    const found = await this.conversations.findByCredential(reader.credentialHash);
    if (!found || found.conversation.link_id === null) throw unknownSession();
    return (await this.uploads.find(uploadId, found.conversation.id)) ?? throwNotFound();
  }

  /**
   * The files a visitor's message carries, marked as its own before its turn runs: each must be
   * a file of the conversation (400 otherwise) that no other message carries (409).
   */
  async claim(conversationId: string, ids: string[], messageId: string): Promise<StoredUpload[]> {
    const claimed = await this.uploads.claim(conversationId, ids, messageId);
    if (claimed.length === ids.length) return ids.map((id) => claimed.find((upload) => upload.id === id)!);
    await this.uploads.release(messageId);
    const existing = new Set(await this.uploads.existing(conversationId, ids));
    const unknown = ids.find((id) => !existing.has(id));
    if (unknown !== undefined) {
      throw new AppError('invalid', `attachments: ${unknown} is not a file of this conversation`, {
        details: [{ path: 'attachments', message: 'not an upload of this session' }],
      });
    }
    throw new AppError('conflict', 'attachments: a file is already carried by another message', { details: { reason: 'attachment_used' } });
  }

  release(messageId: string): Promise<void> {
    return this.uploads.release(messageId);
  }

  ofMessages(messageIds: string[]) {
    return this.uploads.ofMessages(messageIds);
  }
}

function throwNotFound(): never {
  throw notFound();
}
