import { handler } from './handler.js';

/** The slots due by the caller's clock: what the cleanup service claims and runs. */
export default handler('links.schedules.due', ({ schedules }) => (req) => schedules.due(new Date(req.now)));
