import { z } from 'zod';
import { sessionStatus } from './text-chat.js';

/**
 * A user's conversations (docs/api.md "A user's conversations") and signed visitor identity ("Signed
 * visitor identity"): a host site whose users are signed in vouches for one with an HMAC of its
 * id under the link's identity secret, and that user's earlier conversations and memory follow
 * them from device to device, as a verified email's do.
 */

/** A user id as the host system knows it: any text of 1 to 255 characters (case matters). */
export const userId = z.string().min(1).max(255);

/** The longest identity token taken: a JWT of a user id, a name and an email is far shorter. */
export const MAX_IDENTITY_TOKEN_LENGTH = 4096;

/**
 * `user` of a session start: the host page's signed-in user, in one of two forms (docs/public-chat-api.md
 * "Signed visitor identity"). `{user_id, user_hash, name?, email?}`: only `user_id` is signed;
 * `name` and `email` are what the host says about them, kept for display. `{token}`: a JWT
 * (HS256, the link's identity secret) whose claims sign the id (`sub`), `name` and `email` alike,
 * and which expires. Neither form's email ever makes the visitor email-verified (a valid
 * signature for one user must not lend them another's verified email). One object rather than a
 * union, so a refusal names the field that is wrong.
 */
export const visitorUser = z
  .strictObject({
    user_id: userId.optional().meta({ description: "The host site's id of its signed-in user (with `user_hash`)" }),
    user_hash: z
      .string()
      .max(128)
      .optional()
      .meta({ description: 'hex HMAC-SHA256(the link’s identity secret, user_id), computed by the host site’s backend' }),
    token: z.string().min(1).max(MAX_IDENTITY_TOKEN_LENGTH).optional().meta({
      description:
        'Instead of user_id and user_hash: a JWT (HS256, signed with the link’s identity secret) with `sub` (the user id), `exp` (at most 24 h ahead), optional `name` and `email`',
    }),
    name: z.string().max(200).optional().meta({ description: 'Display name (not verified; with `token`, give it as a claim)' }),
    email: z.string().max(320).optional().meta({ description: 'Contact email (not verified: it does not make the visitor email-verified)' }),
  })
  .superRefine((user, ctx) => {
    if (user.token !== undefined) {
      for (const key of ['user_id', 'user_hash', 'name', 'email'] as const) {
        if (user[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'with `token`, the user is said in its claims only' });
      }
      return;
    }
    if (user.user_id === undefined) ctx.addIssue({ code: 'custom', path: ['user_id'], message: 'give user_id with user_hash, or a token' });
    if (user.user_hash === undefined) ctx.addIssue({ code: 'custom', path: ['user_hash'], message: 'give user_hash with user_id, or a token' });
  });
export type VisitorUser = z.infer<typeof visitorUser>;
/** What a host page may send as `user`. */
export type VisitorUserInput = z.input<typeof visitorUser>;

/**
 * A user the links service has verified, as it travels to the sessions service. `realm` is the
 * link's identity realm: a signed user is the pair (realm, id), so the same id verified by
 * another link's secret is another person; rotating a link's secret keeps its realm.
 */
export const verifiedUser = z.object({ id: userId, realm: z.uuid(), name: z.string().max(200).optional(), email: z.string().max(320).optional() });
export type VerifiedUser = z.infer<typeof verifiedUser>;

/** POST /api/agents/{name}/public-links/{id}/identity-secret: the new secret, shown once. */
export const identitySecret = z.object({
  secret: z.string().meta({ description: 'The HMAC key for user_hash, exactly as given (64 hex characters); shown once' }),
});

/**
 * How a host's `user` checked out: `no_secret` when the link has none to check it with,
 * `invalid` a wrong `user_hash`, `token_required` a `user_hash` on a link that takes tokens only;
 * `token_*` a token that is not a live HS256 JWT of the secret with its claims.
 */
export const identityCheck = z.enum([
  'valid',
  'invalid',
  'no_secret',
  'token_required',
  'token_invalid',
  'token_expired',
  'token_exp_missing',
  'token_exp_too_far',
  'token_sub_missing',
]);
export type IdentityCheck = z.infer<typeof identityCheck>;

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `?limit=&cursor=` of the lists of conversations: keyset pages, newest first. */
export const conversationPageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Conversations per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` }),
  cursor: z.string().max(200).optional().meta({ description: '`next_cursor` of the previous page (opaque)' }),
});

/** One conversation of a Text Chat API user (sessions created with `metadata.user_id`). */
export const userConversation = z.object({
  session_id: z.string(),
  conversation_id: z.string(),
  status: sessionStatus,
  created_at: z.string(),
  /** Null when it has no stored message (none said, or removed by retention). */
  last_message_at: z.string().nullable(),
  turns: z.number().int(),
  tenant_id: z.string(),
  agent_id: z.string(),
});
export const userConversationList = z.object({
  conversations: z.array(userConversation),
  next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
});

/** One of a signed-in (or email-verified) visitor's earlier conversations with a link's agent. */
export const visitorConversation = z.object({
  conversation_id: z.string(),
  status: sessionStatus,
  created_at: z.string(),
  last_message_at: z.string().nullable(),
  turns: z.number().int(),
  /** The visitor's first message, cut to 100 characters: what a list shows of it. */
  preview: z.string().nullable(),
});
export type VisitorConversation = z.output<typeof visitorConversation>;
export const visitorConversationList = z.object({ conversations: z.array(visitorConversation), next_cursor: z.string().nullable() });
export type VisitorConversationList = z.output<typeof visitorConversationList>;

/** POST /api/public/chat/{token}/resume. */
export const resumeBody = z.strictObject({
  session: z.string().max(64).meta({ description: 'The visitor’s current session credential (`pcs_…`)' }),
  conversation_id: z.uuid().meta({ description: 'One of the conversations GET /api/public/conversations/{token} listed' }),
});

/** A reopened conversation: a new session credential for it (as a session start answers), and where its live events go on from. */
export const resumedSession = z.object({
  session: z.string(),
  conversation_id: z.string(),
  expires_at: z.string().nullable(),
  remaining_messages: z.number().int().nullable(),
  last_event_id: z.string().nullable().meta({
    description: 'Follow the live events after this id (`Last-Event-ID`): what the conversation’s log held before, its end included, is history',
  }),
});
export type ResumedSession = z.output<typeof resumedSession>;

/**
 * Whose memory and earlier conversations a session has: a signed-in user before a verified email
 * (a session may carry both after "New Conversation"); undefined for anonymous visitors. The
 * prefixes keep the two apart wherever one key holds either. A signed-in user is the pair
 * (identity realm, id): without its realm a user id names nobody.
 */
export function visitorKeyOf(visitor: {
  userId?: string | null | undefined;
  userRealm?: string | null | undefined;
  email?: string | null | undefined;
}): string | undefined {
  if (visitor.userId) return visitor.userRealm ? `user:${visitor.userRealm}:${visitor.userId}` : undefined;
  if (visitor.email) return `email:${visitor.email.trim().toLowerCase()}`;
  return undefined;
}
