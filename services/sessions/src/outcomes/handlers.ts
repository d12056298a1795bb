import { handlers } from '../parts.js';

/** Conversations' outcomes (docs/management-api.md "Outcomes"). */
export const outcomeHandlers = handlers({
  /** Resolves the ends that were stored but not resolved, a batch at a time (the cleanup service asks). */
  'sessions.resolutions.sweep':
    ({ resolutions }) =>
    (req) =>
      resolutions.sweepMissedEnds(req.limit),
});
