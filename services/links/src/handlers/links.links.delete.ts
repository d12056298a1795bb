import { handler } from './handler.js';

/** Deletes a link, announced at once so its sessions end. */
export default handler('links.links.delete', ({ links, closures }) => async (req) => {
  const deleted = await links.delete(req.tenantId, req.agentName, req.linkId);
  await closures.afterDelete(req.tenantId, req.linkId);
  return deleted;
});
