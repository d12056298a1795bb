import { handler, withProgress } from './handler.js';

/** Runs one slot of a schedule (at most once); making and mailing its links takes seconds. */
export default handler('links.schedules.run', ({ schedules }) => (req, ctx) => withProgress(ctx, () => schedules.run(req)));
