import { handler } from './handler.js';

/** A public link, sent when asked; the platform hears of it (`link.created`, which webhooks send on). */
export default handler('links.links.create', ({ links, announcements }) => async (req) => {
  const created = await links.create(req.tenantId, req.agentName, req.settings, req.publicBaseUrl);
  await announcements.created(req.tenantId, created);
  return created;
});
