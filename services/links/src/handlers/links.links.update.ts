import { handler } from './handler.js';

/** Changes a link; one it closed (deactivated, or expired) is announced at once, so its sessions end without waiting for the cleanup job. */
export default handler('links.links.update', ({ links, closures }) => async (req) => {
  const link = await links.update(req.tenantId, req.agentName, req.linkId, req.changes);
  await closures.afterUpdate(req.tenantId, link, req.changes);
  return link;
});
