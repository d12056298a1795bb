import { randomToken } from '@parley/auth';
import { AppError, uploadCreated } from '@parley/contracts';
import { fileNameForType, judgeUpload, type UploadStore } from '@parley/uploads';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../../links/lookup.js';
import { credentialHashOf } from '../../../links/resolver.js';
import { sendUpload, uploadsUnavailable } from '../../../uploads/download.js';
import { cleanFileName, receiveOneFile } from '../../../uploads/multipart-file.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });
const sessionQuery = z.object({ session: z.string().max(64).meta({ description: 'The session credential (`pcs_…`) from a chat reply' }) });
const uploadParams = z.object({ upload_id: z.string().max(64).meta({ description: 'The `upload_id` an upload answered' }) });

/**
 * What a multipart body may add around its file (boundaries, part headers, small fields): a
 * request declaring more than the link's max_bytes and this is refused before a byte is read.
 */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

export interface PublicUploadsOptions extends PublicRoutesOptions {
  /** Where files are kept; undefined: uploads answer 503 (docs/public-chat-api.md "Uploads"). */
  uploads: UploadStore | undefined;
}

/**
 * Visitors' files (docs/public-chat-api.md "Uploads"): one file per request, judged by its bytes and streamed
 * into the upload store within the link's max_bytes – never held whole in memory – then recorded
 * with the session; and served back to that session alone, always as a download.
 */
export const publicUploadsRoutes: FastifyPluginAsyncZod<PublicUploadsOptions> = async (app, { bus, guard, uploads }) => {
  // The body is the file: read here as a stream, never by a body parser (nor against BODY_LIMIT_BYTES).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.post(
    '/api/public/chat/:token/uploads',
    {
      schema: {
        tags: ['Public chat'],
        summary:
          'Upload one file (multipart/form-data, one part with a filename) into the session; a message then carries it in `attachments`. Its type is judged from its bytes',
        params: tokenParams,
        querystring: sessionQuery,
        response: { 201: uploadCreated, ...errorResponses(400, 401, 403, 404, 410, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const link = await lookupLink(bus, guard, request, request.params.token);
      await guard.admit(request, link);
      const settings = link.uploads;
      if (!settings?.enabled) throw new AppError('forbidden', 'this link does not take files', { details: { reason: 'uploads_disabled' } });
      if (!uploads) throw uploadsUnavailable();
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > settings.max_bytes + MULTIPART_OVERHEAD_BYTES) {
        throw new AppError('payload_too_large', `a file may be at most ${settings.max_bytes} bytes on this link`, {
          details: { max_bytes: settings.max_bytes },
        });
      }
      const credentialHash = credentialHashOf(request.query.session);
      // An upload counts like a message against the link's, the address's and the session's rates.
      await guard.limitMessage(request, link, { credentialHash });
      const id = `upl_${randomToken(16)}`;
      // From here the file is named as unfinished until recorded: should this process die before,
      // the cleanup service deletes what it stored (docs/operations.md, "Visitors' files").
      const { conversationId, key } = await bus
        .request('sessions.uploads.admit', { linkId: link.linkId, credentialHash, uploadId: id }, { requestId: request.id })
        .catch((error: unknown) => {
          if (error instanceof AppError && error.code === 'quota_exceeded')
            guard.recordRefusal('quota_exceeded', { tenantId: link.tenantId, linkId: link.linkId });
          throw error;
        });
      const stored = await receiveOneFile(
        request.raw,
        request.headers,
        async (file, filename) => {
          const judged = await judgeUpload(file, { maxBytes: settings.max_bytes, allowed: settings.types });
          const put = await uploads.put(key, judged.body, { maxBytes: settings.max_bytes });
          // The name ends as the judged type does (`invoice.bat` of text is `invoice.bat.txt`): it is what a saved copy opens as.
          return { ...put, type: judged.type, name: fileNameForType(cleanFileName(filename), judged.type) };
        },
        () => uploads.delete(key),
      );
      // Recorded once stored; a conversation erased meanwhile refuses it, and the file goes again.
      const recorded = await bus
        .request(
          'sessions.uploads.record',
          { conversationId, id, name: stored.name, type: stored.type, bytes: stored.bytes, sha256: stored.sha256, key },
          { requestId: request.id },
        )
        .catch(async (error: unknown) => {
          await uploads.delete(key).catch((cleanup: unknown) => request.log.warn({ err: cleanup, uploadId: id }, 'an unrecorded file was not deleted'));
          throw error;
        });
      request.log.info({ uploadId: id, bytes: recorded.bytes, type: recorded.type }, 'file uploaded');
      return reply.status(201).send({ upload_id: recorded.id, name: recorded.name, type: recorded.type, bytes: recorded.bytes });
    },
  );

  app.get(
    '/api/public/uploads/:upload_id',
    {
      schema: {
        tags: ['Public chat'],
        summary: 'A file of this session, as a download (the type judged when it came; never shown inline)',
        params: uploadParams,
        querystring: sessionQuery,
        response: { 200: z.any().meta({ description: 'The file’s bytes' }), ...errorResponses(401, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      if (!uploads) throw uploadsUnavailable();
      const upload = await bus.request(
        'sessions.uploads.get',
        { uploadId: request.params.upload_id, reader: { credentialHash: credentialHashOf(request.query.session) } },
        { requestId: request.id },
      );
      return sendUpload(reply, uploads, upload);
    },
  );
};
