import { handler } from './handler.js';

/** A link's or an agent's analytics, from the rollups. */
export default handler('links.analytics.get', ({ analytics }) => (req) => analytics.report(req));
