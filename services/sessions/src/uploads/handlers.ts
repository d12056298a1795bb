import { AppError } from '@parley/contracts';
import { withLogContext } from '@parley/logger';
import { handlers } from '../parts.js';

/** Visitors' files: admitted before they are stored, joined to their conversation, read back, and swept when never recorded. */
export const uploadHandlers = handlers({
  /** Before a visitor's file is stored: their session, and room for it. */
  'sessions.uploads.admit':
    ({ uploads }) =>
    (req) =>
      withLogContext({ linkId: req.linkId }, () => uploads.admit(req)),
  /** A stored file joins its conversation. */
  'sessions.uploads.record':
    ({ uploads }) =>
    (req) =>
      withLogContext({ conversationId: req.conversationId }, () => uploads.record(req)),
  /**
   * One file, for its own session or the tenant's operators – for an operator, only of a conversation
   * they may read (docs/management-api.md "Roles"); one they may not is not found, as an upload that does not exist.
   */
  'sessions.uploads.get':
    ({ uploads, visibility }) =>
    async (req) => {
      const { reader } = req;
      if ('tenantId' in reader && !(await visibility.conversation(reader.tenantId, reader.conversationId, reader.as)))
        throw new AppError('not_found', 'no such upload');
      return uploads.get(req.uploadId, reader);
    },
  /** Files of uploads their gateway never recorded, deleted once old enough (the cleanup service asks). */
  'sessions.uploads.sweep':
    ({ uploads }) =>
    (req) =>
      uploads.sweepUnfinished(req.olderThanMinutes, req.limit),
});
