import { z } from 'zod';
import { role } from './management.js';

/**
 * Team access (docs/management-api.md, "Members", "Signing in to the console with SSO"): the people of a
 * tenant, each with a role, who sign in to the console with the OpenID provider; and who a
 * management caller is (`GET /api/me`).
 */

/**
 * A member's email as stored and compared: trimmed, checked as given – a plain address, its
 * letters ASCII – and only then lower-cased, so no other character folds into an ASCII one
 * (`\u212Aim@a.example`, with the Kelvin sign, is no address, not `kim@a.example`).
 */
export const memberEmail = z.string().trim().max(320).check(z.email()).toLowerCase();

const memberName = z.string().trim().min(1).max(100);

export const createMemberBody = z.strictObject({ email: memberEmail, name: memberName, role });
export const updateMemberBody = z.strictObject({ role: role.optional(), name: memberName.optional() });
export type CreateMemberRequest = z.input<typeof createMemberBody>;
export type UpdateMemberRequest = z.input<typeof updateMemberBody>;

export const member = z.object({ member_id: z.string(), email: z.string(), name: z.string(), role, created_at: z.string() });
export type Member = z.infer<typeof member>;
export const memberList = z.object({ members: z.array(member) });
export type MemberList = z.output<typeof memberList>;

/** Who is calling: the platform admin key, a tenant key, or a member signed in to the console. */
export const meResponse = z.object({
  actor: z.object({
    kind: z.enum(['admin', 'key', 'member']),
    /** The key's or member's id; null for the admin key. */
    id: z.string().nullable(),
    name: z.string(),
  }),
  role,
  /** The tenant acted on: the key's or member's, the admin's X-Tenant-Id, or null. */
  tenant_id: z.string().nullable(),
  /** The member's email; null for a key. */
  email: z.string().nullable(),
  /** The console session's CSRF token (send it as X-CSRF-Token on every change); null for a bearer caller. */
  csrf_token: z.string().nullable(),
});
export type MeResponse = z.infer<typeof meResponse>;
