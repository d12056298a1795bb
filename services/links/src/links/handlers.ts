import { handlers } from '../parts.js';

/** Public links: made, changed, closed and resolved; their tokens, identity secrets and the checks of a host site's user. */
export const publicLinkHandlers = handlers({
  /** A public link, sent when asked; the platform hears of it (`link.created`, which webhooks send on). */
  'links.links.create':
    ({ links, announcements }) =>
    async (req) => {
      const created = await links.create(req.tenantId, req.agentName, req.settings, req.publicBaseUrl);
      await announcements.created(req.tenantId, created);
      return created;
    },
  /** An agent's links. */
  'links.links.list':
    ({ links }) =>
    (req) =>
      links.list(req.tenantId, req.agentName),
  /** Changes a link; one it closed (deactivated, or expired) is announced at once, so its sessions end without waiting for the cleanup job. */
  'links.links.update':
    ({ links, closures }) =>
    async (req) => {
      const link = await links.update(req.tenantId, req.agentName, req.linkId, req.changes);
      await closures.afterUpdate(req.tenantId, link, req.changes);
      return link;
    },
  /** Deletes a link, announced at once so its sessions end. */
  'links.links.delete':
    ({ links, closures }) =>
    async (req) => {
      const deleted = await links.delete(req.tenantId, req.agentName, req.linkId);
      await closures.afterDelete(req.tenantId, req.linkId);
      return deleted;
    },
  /** A new identity secret for the link, the only time it leaves the links service. */
  'links.links.identity-secret':
    ({ links }) =>
    (req) =>
      links.rotateIdentitySecret(req.tenantId, req.agentName, req.linkId),
  /** Checks a host site's user – `user_hash` of the id, or a signed token – against the link's identity secret. */
  'links.links.verify-identity':
    ({ links }) =>
    (req) =>
      links.verifyIdentity(req.linkId, 'token' in req ? { token: req.token } : { userId: req.userId, userHash: req.userHash }),
  /** A link by its token's SHA-256: what a visitor's request is resolved by. */
  'links.links.resolve':
    ({ links }) =>
    (req) =>
      links.resolve(req.tokenHash),
  /** A live link by its id: what the end of one of its conversations needs of it (its transcript setting, its title). */
  'links.links.access':
    ({ links }) =>
    (req) =>
      links.access(req.linkId),
  /** Which of these links closed, and how: asked by the cleanup job about links that still have sessions. */
  'links.links.closed':
    ({ closures }) =>
    (req) =>
      closures.closed(req.ids),
  /** Announces the links whose expiry passed since the last call (expiry happens by itself, so the cleanup job asks). */
  'links.links.announce-expired':
    ({ closures }) =>
    () =>
      closures.announceExpired(),
  /** A new token for the link, optionally sent. */
  'links.links.rotate':
    ({ links }) =>
    (req) =>
      links.rotate(req.tenantId, req.agentName, req.linkId, req.send, req.publicBaseUrl),
  /** Every delivery of a link's URL. */
  'links.links.deliveries':
    ({ links }) =>
    (req) =>
      links.deliveries(req.tenantId, req.linkId),
});
