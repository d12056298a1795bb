import { handler } from './handler.js';

/** One file, for its own session or the tenant's operators. */
export default handler('sessions.uploads.get', ({ uploads }) => (req) => uploads.get(req.uploadId, req.reader));
