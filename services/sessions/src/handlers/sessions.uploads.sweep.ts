import { handler } from './handler.js';

/** Files of uploads their gateway never recorded, deleted once old enough (the cleanup service asks). */
export default handler('sessions.uploads.sweep', ({ uploads }) => (req) => uploads.sweepUnfinished(req.olderThanMinutes, req.limit));
