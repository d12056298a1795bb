import { handler } from './handler.js';

/** The idle sweep: Text Chat API sessions by SESSION_TIMEOUT_SECONDS, link sessions by their own link's timeout. */
export default handler('sessions.abandon-idle', ({ sessions, cleanup }) => async (req) => ({
  abandoned: (await sessions.abandonIdle(req.idleSeconds)) + (await cleanup.abandonIdleLinks()),
}));
