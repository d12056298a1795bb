import { randomToken } from '@parley/auth';
import { AppError, type Member, type Role } from '@parley/contracts';
import type { MemberRepository } from './member.repository.js';

/**
 * A console session lives this long past its last use (docs/management-api.md, "Console sessions"): it
 * slides, so a person at work is never signed out, and one who left is after 12 hours.
 */
export const CONSOLE_SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** A session's use moves its expiry at most this often: a busy console writes once a minute, not per request. */
const SLIDE_EVERY_MS = 60_000;

const iso = (date: Date) => date.toISOString();

const memberView = (row: { id: string; email: string; name: string; role: string; created_at: Date }): Member => ({
  member_id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  created_at: iso(row.created_at),
});

/**
 * Members of a tenant (docs/management-api.md, "Members") and their console sessions. Every lookup is scoped
 * by tenant: another tenant's member is not found.
 */
export class MemberService {
  constructor(
    private readonly repository: MemberRepository,
    private readonly tenantExists: (tenantId: string) => Promise<boolean>,
  ) {}

  async create(tenantId: string, email: string, name: string, role: Role): Promise<Member> {
    if (!(await this.tenantExists(tenantId))) throw new AppError('not_found', 'tenant not found');
    const created = await this.repository.create({ id: `mem_${randomToken(9)}`, tenantId, email, name, role });
    if (!created) throw new AppError('conflict', `${email} is a member of this tenant already`, { details: [{ path: 'body.email', message: 'taken' }] });
    return memberView(created);
  }

  async list(tenantId: string) {
    const members = await this.repository.list(tenantId);
    if (members.length === 0 && !(await this.tenantExists(tenantId))) throw new AppError('not_found', 'tenant not found');
    return { members: members.map(memberView) };
  }

  async get(tenantId: string, memberId: string): Promise<Member> {
    const found = await this.repository.find(tenantId, memberId);
    if (!found) throw new AppError('not_found', 'member not found');
    return memberView(found);
  }

  async update(tenantId: string, memberId: string, changes: { role?: Role | undefined; name?: string | undefined }): Promise<Member> {
    const updated =
      changes.role === undefined && changes.name === undefined
        ? await this.repository.find(tenantId, memberId)
        : await this.repository.update(tenantId, memberId, changes);
    if (!updated) throw new AppError('not_found', 'member not found');
    return memberView(updated);
  }

  async delete(tenantId: string, memberId: string) {
    if (!(await this.repository.delete(tenantId, memberId))) throw new AppError('not_found', 'member not found');
    return { memberId };
  }

  async forEmail(email: string) {
    const rows = await this.repository.forEmail(email);
    return {
      memberships: rows.map((row) => ({
        memberId: row.id,
        tenantId: row.tenant_id,
        tenantName: row.tenant_name,
        name: row.name,
        role: row.role as Role,
        createdAt: iso(row.created_at),
      })),
    };
  }

  /** not_found: the member is gone, or no longer has this email, since they signed in. */
  async createSession(idHash: string, tenantId: string, memberId: string, email: string) {
    const expires = await this.repository.createSession({ idHash, tenantId, memberId, email, lifetimeMs: CONSOLE_SESSION_LIFETIME_MS });
    if (!expires) throw new AppError('not_found', 'member not found');
    return { expiresAt: iso(expires) };
  }

  async resolveSession(idHash: string) {
    const session = await this.repository.findSession(idHash);
    if (!session) throw new AppError('not_found', 'unknown or expired console session');
    let expires: Date | undefined = session.expires_at;
    if (session.last_seen_at.getTime() + SLIDE_EVERY_MS <= Date.now()) {
      expires = await this.repository.slideSession(idHash, CONSOLE_SESSION_LIFETIME_MS);
      if (!expires) throw new AppError('not_found', 'unknown or expired console session');
    }
    return {
      tenantId: session.tenant_id,
      memberId: session.member_id,
      name: session.name,
      email: session.email,
      role: session.role as Role,
      expiresAt: iso(expires),
    };
  }

  async deleteSession(idHash: string) {
    const ended = await this.repository.deleteSession(idHash);
    return { memberId: ended?.member_id ?? null, tenantId: ended?.tenant_id ?? null };
  }

  async purgeExpiredSessions(limit: number) {
    return { deleted: await this.repository.purgeExpiredSessions(limit) };
  }
}
