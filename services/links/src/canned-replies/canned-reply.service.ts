import { randomToken } from '@parley/auth';
import { AppError, type CannedReply, MAX_PERSONAL_CANNED_REPLIES, MAX_SHARED_CANNED_REPLIES, type Role, roleIncludes } from '@parley/contracts';
import type { CannedReplyRepository, CannedReplyRow } from './canned-reply.repository.js';

/** Who writes: the member signed in (null for a key or the admin key, which are nobody) and the caller's role. */
export interface CannedReplyWriter {
  memberId: string | null;
  role: Role;
}

const view = (row: CannedReplyRow): CannedReply => ({
  id: row.id,
  shortcut: row.shortcut,
  content: row.content,
  personal: row.member_id !== null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

const notFound = () => new AppError('not_found', 'canned reply not found');
const taken = (shortcut: string) =>
  new AppError('conflict', `the shortcut /${shortcut} is taken: each shortcut is one reply (among the shared ones, and among each member's own)`, {
    details: [{ path: 'body.shortcut', message: 'taken' }],
  });

/**
 * Canned replies (docs/escalation.md "Canned replies"): the tenant's shared ones, which editors and
 * owners write, and each member's own, which only that member sees and writes. A reply another
 * member owns is not found, as one that does not exist.
 */
export class CannedReplyService {
  constructor(private readonly replies: CannedReplyRepository) {}

  async list(tenantId: string, memberId: string | null): Promise<{ canned_replies: CannedReply[] }> {
    return { canned_replies: (await this.replies.list(tenantId, memberId)).map(view) };
  }

  async create(tenantId: string, writer: CannedReplyWriter, reply: { shortcut: string; content: string; personal: boolean }): Promise<CannedReply> {
    if (reply.personal && writer.memberId === null) {
      throw new AppError(
        'invalid',
        'a personal canned reply belongs to a member signed in to the console; an API key is nobody’s: leave out `personal` for a shared reply',
        {
          details: [{ path: 'body.personal', message: 'only a member signed in to the console has personal replies' }],
        },
      );
    }
    if (!reply.personal) assertSharedWriter(writer);
    const memberId = reply.personal ? writer.memberId : null;
    const max = memberId === null ? MAX_SHARED_CANNED_REPLIES : MAX_PERSONAL_CANNED_REPLIES;
    const created = await this.replies.create({ id: `cr_${randomToken(12)}`, tenantId, memberId, shortcut: reply.shortcut, content: reply.content }, max);
    if (created === 'no_tenant') throw new AppError('not_found', 'tenant not found');
    if (created === 'taken') throw taken(reply.shortcut);
    if (created === 'full') {
      throw new AppError(
        'conflict',
        memberId === null
          ? `a tenant has at most ${max} shared canned replies: delete one first`
          : `a member has at most ${max} personal canned replies: delete one first`,
        {
          details: { reason: 'too_many_canned_replies', max },
        },
      );
    }
    return view(created);
  }

  async update(
    tenantId: string,
    writer: CannedReplyWriter,
    id: string,
    changes: { shortcut?: string | undefined; content?: string | undefined },
  ): Promise<CannedReply> {
    const found = await this.writable(tenantId, writer, id);
    if (changes.shortcut === undefined && changes.content === undefined) return view(found);
    const updated = await this.replies.update(tenantId, id, changes);
    if (updated === 'taken') throw taken(changes.shortcut ?? found.shortcut);
    if (!updated) throw notFound();
    return view(updated);
  }

  async delete(tenantId: string, writer: CannedReplyWriter, id: string): Promise<CannedReply> {
    await this.writable(tenantId, writer, id);
    const deleted = await this.replies.delete(tenantId, id);
    if (!deleted) throw notFound();
    return view(deleted);
  }

  /** A removed member's own replies go with them. */
  deleteOfMember(tenantId: string, memberId: string): Promise<number> {
    return this.replies.deleteOfMember(tenantId, memberId);
  }

  /** The reply, if the writer sees it (not_found otherwise) and may change it (a shared one: an editor). */
  private async writable(tenantId: string, writer: CannedReplyWriter, id: string): Promise<CannedReplyRow> {
    const found = await this.replies.find(tenantId, writer.memberId, id);
    if (!found) throw notFound();
    if (found.member_id === null) assertSharedWriter(writer);
    return found;
  }
}

/** Shared replies speak for the whole tenant: an editor's or an owner's, as the rest of its settings (403 as a route's role refusal). */
function assertSharedWriter(writer: CannedReplyWriter): void {
  if (roleIncludes(writer.role, 'editor')) return;
  throw new AppError(
    'forbidden',
    `shared canned replies are written by editors and owners; ${writer.memberId === null ? `the key is a ${writer.role} key` : `you are a ${writer.role}`}: write a personal one instead`,
    {
      details: { required_role: 'editor', role: writer.role },
    },
  );
}
