import { handler } from './handler.js';

/** Resolves the ends that were stored but not resolved, a batch at a time (the cleanup service asks). */
export default handler('sessions.resolutions.sweep', ({ resolutions }) => (req) => resolutions.sweepMissedEnds(req.limit));
