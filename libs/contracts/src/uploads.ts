import { z } from 'zod';

/**
 * Visitors' files (docs/public-chat-api.md, "Uploads"): what an upload answers, how a message names the files
 * it carries, and how a message shows them.
 */

/** `upl_` + 22 base64url characters (128 random bits). */
export const uploadIdPattern = /^upl_[A-Za-z0-9_-]{22}$/;
export const uploadId = z.string().regex(uploadIdPattern, 'must be an upload id (upl_…) from POST …/uploads');

/**
 * Files one session may upload in all: a visitor has no use for more in one conversation, and
 * each costs storage the tenant pays for. Past it: 429 `quota_exceeded` (`details.quota: "uploads"`).
 */
export const MAX_UPLOADS_PER_SESSION = 20;
/** Files one message may carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

/** POST /api/public/chat/{token}/uploads: the stored file. */
export const uploadCreated = z.object({
  upload_id: z.string(),
  /** The name the visitor's browser gave, cleaned (no path, no control characters), its extension the judged type's (`invoice.bat` of text is `invoice.bat.txt`). */
  name: z.string(),
  /** The type judged from the file's own bytes. */
  type: z.string(),
  bytes: z.number().int(),
});
export type UploadCreated = z.output<typeof uploadCreated>;

/** A file a message carries, as history and the operator's conversation view show it. */
export const attachment = z.object({ id: z.string(), name: z.string(), type: z.string(), bytes: z.number().int() });
export type Attachment = z.output<typeof attachment>;

/** What a message body may name: uploads of the same session not carried by another message, each once. */
export const attachmentIds = z
  .array(uploadId)
  .min(1)
  .max(MAX_ATTACHMENTS_PER_MESSAGE)
  .refine((ids) => new Set(ids).size === ids.length, 'an upload may be named once')
  .meta({ description: `Up to ${MAX_ATTACHMENTS_PER_MESSAGE} upload ids (upl_…) of this session that no other message carries` });

/** What the runner is told of a file the visitor's message carries: images become image parts, others a note. */
export const turnAttachment = attachment.extend({ key: z.string().max(1_024) });
export type TurnAttachment = z.output<typeof turnAttachment>;
