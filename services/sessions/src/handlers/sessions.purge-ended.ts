import { handler } from './handler.js';

/** Retention: what ended conversations said goes, batch by batch. */
export default handler('sessions.purge-ended', ({ cleanup }) => (req) => cleanup.purgeEnded(req.olderThanDays, req.limit, req.links ?? []));
