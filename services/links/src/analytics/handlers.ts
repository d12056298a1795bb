import { handlers } from '../parts.js';

/** A link's or an agent's analytics. */
export const analyticsHandlers = handlers({
  /** A link's or an agent's analytics, from the rollups. */
  'links.analytics.get':
    ({ analytics }) =>
    (req) =>
      analytics.report(req),
});
