import { AppError, type Attachment, MAX_UPLOADS_PER_SESSION } from '@parley/contracts';
import type { ConversationRepository } from './conversation.repository.js';
import type { NewUpload, StoredUpload, UploadsRepository } from './uploads.repository.js';
import { unknownSession } from './visitor-message.js';

/** Who reads a file: its own session (by its credential's hash), or the tenant's operators (by conversation). */
export type UploadReader = { credentialHash: string } | { tenantId: string; conversationId: string };

const notFound = () => new AppError('not_found', 'no such upload');

/**
 * Visitors' files on the sessions side (docs/api.md "Uploads"): which session may add one, the
 * record of a stored one, who may read it, and the messages that carry them. The bytes are the
 * gateway's to store; they are named here by their key.
 */
export class UploadsService {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly conversations: ConversationRepository,
  ) {}

  /** The visitor's active session on the link, with room for one more file. */
  async admit(request: { linkId: string; credentialHash: string }) {
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
    return { tenantId: conversation.tenant_id, conversationId: conversation.id, sessionId: conversation.session_id };
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
