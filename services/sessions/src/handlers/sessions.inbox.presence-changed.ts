import { handler } from './handler.js';

/** An operator's presence changed: the inbox is told, and the queue placed. */
export default handler('sessions.inbox.presence-changed', ({ escalations }) => async (req) => {
  await escalations.presenceChanged(req);
  return {};
});
