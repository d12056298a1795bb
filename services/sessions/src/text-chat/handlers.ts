import { withLogContext } from '@parley/logger';
import { handlers, withProgress } from '../parts.js';

/** Text Chat API sessions (docs/api.md): created, sent to, asked about and ended by the tenant's backend. */
export const textChatHandlers = handlers({
  /** A Text Chat API session: created, with its start turn run. */
  'sessions.create':
    ({ sessions }) =>
    (req, ctx) =>
      withProgress(ctx, () => sessions.create(req)),
  /** A message to a Text Chat API session: one turn. */
  'sessions.send':
    ({ sessions }) =>
    (req, ctx) =>
      withLogContext({ sessionId: req.sessionId }, () => withProgress(ctx, () => sessions.send(req.sessionId, req.content, req.idempotencyKey, req.owner))),
  /** Where a Text Chat API session stands. */
  'sessions.status':
    ({ sessions }) =>
    (req) =>
      withLogContext({ sessionId: req.sessionId }, () => sessions.status(req.sessionId)),
  /** The tenant of a Text Chat API session: whose own secrets may sign requests about it. */
  'sessions.tenant':
    ({ sessions }) =>
    (req) =>
      withLogContext({ sessionId: req.sessionId }, () => sessions.tenantOf(req.sessionId)),
  /** Ends a Text Chat API session. */
  'sessions.end':
    ({ sessions }) =>
    (req) =>
      withLogContext({ sessionId: req.sessionId }, () => sessions.end(req.sessionId)),
});
