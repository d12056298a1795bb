import { withLogContext } from '@parley/logger';
import { handler, withProgress } from './handler.js';

/** A message to a Text Chat API session: one turn. */
export default handler('sessions.send', ({ sessions }) => (req, ctx) =>
  withLogContext({ sessionId: req.sessionId }, () => withProgress(ctx, () => sessions.send(req.sessionId, req.content, req.idempotencyKey, req.owner))),
);
