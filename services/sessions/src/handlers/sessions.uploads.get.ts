import { AppError } from '@parley/contracts';
import { handler } from './handler.js';

/**
 * One file, for its own session or the tenant's operators – for an operator, only of a conversation
 * they may read (docs/api.md "Roles"); one they may not is not found, as an upload that does not exist.
 */
export default handler('sessions.uploads.get', ({ uploads, visibility }) => async (req) => {
  const { reader } = req;
  if ('tenantId' in reader && !(await visibility.conversation(reader.tenantId, reader.conversationId, reader.as))) throw new AppError('not_found', 'no such upload');
  return uploads.get(req.uploadId, reader);
});
