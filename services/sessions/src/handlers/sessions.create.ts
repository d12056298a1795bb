import { handler, withProgress } from './handler.js';

/** A Text Chat API session: created, with its start turn run. */
export default handler('sessions.create', ({ sessions }) => (req, ctx) => withProgress(ctx, () => sessions.create(req)));
