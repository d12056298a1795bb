import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/**
 * An operator's message to the visitor of a conversation they claimed; when the visitor left a
 * message and an email while nobody was there, the answer is mailed to them too (offline-capture.ts).
 */
export default handler('sessions.inbox.reply', ({ escalations, offlineCapture }) => (req) =>
  withLogContext({ escalationId: req.escalationId }, async () => {
    const sent = await escalations.reply(req);
    await offlineCapture.answered(req);
    return sent;
  }),
);
