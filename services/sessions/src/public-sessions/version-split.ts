import { createHash } from 'node:crypto';

export interface SplitArm {
  version: number;
  weight: number;
}

/**
 * Who a visitor is to a link's split, the first that applies: the signed-in user (in their
 * identity realm: the same id under another realm is another person), the verified email, else
 * the session credential's hash. Lower-cased email, so one address is one visitor.
 */
export function splitKey(visitor: { user?: { id: string; realm: string } | undefined; email?: string | undefined; credentialHash: string }): string {
  if (visitor.user) return `user:${visitor.user.realm}:${visitor.user.id}`;
  if (visitor.email !== undefined) return `email:${visitor.email.trim().toLowerCase()}`;
  return `credential:${visitor.credentialHash}`;
}

/** SHA-256 of link id and key, its first 48 bits as a number in [0, 1): the same visitor, the same point. */
export function splitPoint(linkId: string, key: string): number {
  const digest = createHash('sha256').update(`${linkId}\n${key}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The arm whose cumulative weight first passes the point: each arm gets its weight's share of visitors. */
export function pickVersion(split: readonly SplitArm[], point: number): number {
  const total = split.reduce((sum, arm) => sum + arm.weight, 0);
  let reached = 0;
  for (const arm of split) {
    reached += arm.weight;
    if (point * total < reached) return arm.version;
  }
  // Unreachable for a point below 1; the last arm keeps rounding from ever choosing nothing.
  const last = split[split.length - 1];
  if (!last) throw new Error('a split has at least two versions');
  return last.version;
}

/** Who starts a session, as a link's split tells visitors apart (see splitKey). */
export interface SplitVisitor {
  user?: { id: string; realm: string } | undefined;
  email?: string | undefined;
  /** The version their previous session on the link ran, when they start again with its credential. */
  previousVersion?: number | undefined;
}

/**
 * The version a new session on the link runs, when the link says: its pin, else its split's choice
 * for this visitor; undefined: the agent's published active version (docs/management-api.md "Versions on a link").
 * A split chooses by the visitor's key, so a signed user or a verified email gets the same version
 * every time; a visitor known only by a credential who starts again with it keeps the version
 * their previous session ran, while the split still has it.
 */
export function versionOnLink(
  link: { linkId: string; version?: number | null | undefined; split?: readonly SplitArm[] | null | undefined },
  visitor: SplitVisitor,
  credentialHash: string,
): number | undefined {
  return link.version ?? splitChoice(link, visitor, credentialHash);
}

function splitChoice(
  link: { linkId: string; split?: readonly SplitArm[] | null | undefined },
  visitor: SplitVisitor,
  credentialHash: string,
): number | undefined {
  const split = link.split;
  if (!split) return undefined;
  const anonymous = visitor.user === undefined && visitor.email === undefined;
  if (anonymous && visitor.previousVersion !== undefined && split.some((arm) => arm.version === visitor.previousVersion)) return visitor.previousVersion;
  return pickVersion(split, splitPoint(link.linkId, splitKey({ user: visitor.user, email: visitor.email, credentialHash })));
}
