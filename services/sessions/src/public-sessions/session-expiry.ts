import type { LinkAccess } from '@parley/contracts';

const MINUTE_MS = 60_000;

/** A visitor's session's deadline: the earlier of the link's expiry and the end of the idle timeout. */
export function expiresAt(link: LinkAccess, lastActivity: number): string {
  const idle = lastActivity + link.sessionTimeoutMinutes * MINUTE_MS;
  const linkExpiry = link.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(link.expiresAt);
  return new Date(Math.min(idle, linkExpiry)).toISOString();
}

/** Whether the link's session timeout has passed since the conversation's last activity. */
export function idleTooLong(link: LinkAccess, lastActivity: Date, now: number): boolean {
  return now - lastActivity.getTime() > link.sessionTimeoutMinutes * MINUTE_MS;
}
