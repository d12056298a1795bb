import { randomToken } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import {
  AppError,
  addKnowledgeDocumentBody,
  createKnowledgeBaseBody,
  type KnowledgeSource,
  knowledgeBase,
  knowledgeBaseId,
  knowledgeBaseList,
  knowledgeDocument,
  knowledgeDocumentId,
  knowledgeDocumentList,
  knowledgeSearchQuery,
  knowledgeSearchResults,
  MAX_KNOWLEDGE_FILE_BYTES,
  MAX_KNOWLEDGE_TEXT,
  updateKnowledgeBaseBody,
} from '@parley/contracts';
import type { UploadStore } from '@parley/uploads';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { unstorableReason } from '../../../edge/storable-text.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { uploadsUnavailable } from '../../../uploads/download.js';
import { cleanFileName, receiveOneFile } from '../../../uploads/multipart-file.js';
import { errorResponses } from '../../error-responses.js';
import { judgeKnowledgeFile } from './document-file.js';

const baseParams = z.object({ id: knowledgeBaseId });
const documentParams = z.object({ id: knowledgeBaseId, doc: knowledgeDocumentId });

/**
 * A JSON document's body at its largest: MAX_KNOWLEDGE_TEXT characters each written as a
 * six-character `\u` escape (`\u00e9`), and room for the title. Past it, 413; a text too long but within it, 400 naming `text`.
 */
const JSON_DOCUMENT_BODY_LIMIT = MAX_KNOWLEDGE_TEXT * 6 + 64 * 1024;

/** What a multipart body adds around its file (boundaries, part headers, a title): a larger declared length is refused unread. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/** A document's title at its longest, as the JSON body's `title` is bounded (addKnowledgeDocumentBody). */
const MAX_TITLE = 300;

const isMultipart = (type: string | undefined) => type !== undefined && /^multipart\/form-data\b/i.test(type);

/** What is wrong with a title given as a multipart field, checked as the JSON body's `title` is; undefined: nothing. */
function titleProblem(title: string, truncated: boolean): string | undefined {
  if (truncated) return 'longer than 1024 bytes';
  if (title === '') return 'empty';
  if (title.length > MAX_TITLE) return `longer than ${MAX_TITLE} characters`;
  return unstorableReason(title);
}

/** A multipart `title` field, trimmed; 400 naming `body.title` when it is no title. */
function fieldTitle(value: string | undefined, truncated: boolean): string | undefined {
  if (value === undefined) return undefined;
  const title = value.trim();
  const problem = titleProblem(title, truncated);
  if (problem) throw new AppError('invalid', `body.title: ${problem}`, { details: [{ path: 'body.title', message: problem }] });
  return title;
}

/** A file document's title when none is given: its name without the extension. */
const titleOfFile = (filename: string) => filename.replace(/\.[^.]*$/, '').trim() || filename;

/** A URL document's title when none is given: where it is, without the scheme (the memory service matches URL documents by their URL). */
function titleOfUrl(url: string): string {
  const parsed = new URL(url);
  return [...`${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`].slice(0, MAX_TITLE).join('');
}

/** The base a document is added to, by whom. */
interface DocumentTarget {
  bus: PlatformBus;
  request: FastifyRequest;
  tenantId: string;
  baseId: string;
}

const addDocument = ({ bus, request, tenantId, baseId }: DocumentTarget, title: string, source: KnowledgeSource) =>
  bus.request('memory.knowledge.add-document', { tenantId, baseId, title, source }, { requestId: request.id });

/**
 * A file document: the base looked up before a byte is read, the file judged and streamed into
 * the upload store under a key of its own, in the tenant's part of the store and apart from its
 * visitors' files (`<tenant>/knowledge/<random>`; theirs are `<tenant>/<session>/<upload>`), then
 * handed to the memory service, which reads it from there. A file not taken is deleted again.
 */
async function addFile(target: DocumentTarget, store: UploadStore) {
  const { bus, request, tenantId, baseId } = target;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_KNOWLEDGE_FILE_BYTES + MULTIPART_OVERHEAD_BYTES) {
    throw new AppError('payload_too_large', `a document's file may be at most ${MAX_KNOWLEDGE_FILE_BYTES} bytes`, {
      details: { max_bytes: MAX_KNOWLEDGE_FILE_BYTES },
    });
  }
  await bus.request('memory.knowledge.get-base', { tenantId, baseId }, { requestId: request.id });
  const key = `${tenantId}/knowledge/${randomToken(16)}`;
  const fields: { title?: string; truncated?: boolean } = {};
  const stored = await receiveOneFile(
    request.raw,
    request.headers,
    async (file, filename) => {
      const name = cleanFileName(filename);
      const judged = await judgeKnowledgeFile(file, name);
      const put = await store.put(key, judged.body, { maxBytes: MAX_KNOWLEDGE_FILE_BYTES });
      return { bytes: put.bytes, type: judged.type, name };
    },
    () => store.delete(key),
    (field, value, truncated) => {
      if (field === 'title') Object.assign(fields, { title: value, truncated });
    },
  );
  const forget = async (error: unknown) => {
    await store.delete(key).catch((cleanup: unknown) => request.log.warn({ err: cleanup }, 'a knowledge file not taken was not deleted'));
    throw error;
  };
  let title: string;
  try {
    title = fieldTitle(fields.title, fields.truncated === true) ?? titleOfFile(stored.name);
  } catch (error) {
    return forget(error);
  }
  request.auditSubject = { source: 'file', bytes: stored.bytes };
  return addDocument(target, title, { kind: 'file', uploadKey: key, filename: stored.name, mediaType: stored.type, bytes: stored.bytes }).catch(forget);
}

export interface KnowledgeRoutesOptions {
  bus: PlatformBus;
  rateLimit: { max: number };
  /** Where uploaded documents are kept; undefined: a file answers 503 (text and URLs still work). */
  uploads: UploadStore | undefined;
}

/**
 * Knowledge bases (docs/knowledge.md, "The API"): a tenant's documents that prompt nodes answer
 * from, kept and read by the memory service. A viewer reads bases, documents and searches them; an
 * editor changes them. A document is added as a file (multipart, its type judged from its bytes
 * and name, streamed into the upload store) or as JSON text or a URL, and is `processing` until the
 * memory service has read it. The audit log names what changed, never a document's text.
 */
export const knowledgeRoutes: FastifyPluginAsyncZod<KnowledgeRoutesOptions> = async (app, { bus, rateLimit, uploads }) => {
  limitManagement(app, rateLimit.max);
  // A multipart body (a document's file) is left unread by the body parser: the route streams it.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null, undefined));

  app.post(
    '/api/knowledge',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: {
          action: 'knowledge.base.create',
          kind: 'knowledge_base',
          id: (_p, a) => a?.id,
          details: (_p, a) => ({ name: a?.name, language: a?.language, threshold: a?.threshold }),
        },
      },
      schema: {
        tags: ['Knowledge'],
        summary:
          'Create a knowledge base: `language` is the PostgreSQL text search configuration its search stems words with (default `simple`), `threshold` the score a passage needs to count as a match',
        body: createKnowledgeBaseBody,
        response: { 201: knowledgeBase, ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const { name, language, threshold } = request.body;
      const created = await bus.request(
        'memory.knowledge.create-base',
        { tenantId: tenantOf(request), name, language, ...(threshold === undefined ? {} : { threshold }) },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/knowledge',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Knowledge'],
        summary: "This tenant's knowledge bases, with how many documents and chunks each holds",
        response: { 200: knowledgeBaseList, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('memory.knowledge.list-bases', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.get(
    '/api/knowledge/:id',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Knowledge'],
        summary: 'A knowledge base',
        params: baseParams,
        response: { 200: knowledgeBase, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('memory.knowledge.get-base', { tenantId: tenantOf(request), baseId: request.params.id }, { requestId: request.id }),
  );

  app.put(
    '/api/knowledge/:id',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'knowledge.base.update', kind: 'knowledge_base', id: (p) => p.id } },
      schema: {
        tags: ['Knowledge'],
        summary: 'Rename a knowledge base, or change its language (its chunks are indexed again in it) or threshold',
        params: baseParams,
        body: updateKnowledgeBaseBody,
        response: { 200: knowledgeBase, ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503) },
      },
    },
    async (request) => {
      const { name, language, threshold } = request.body;
      return bus.request(
        'memory.knowledge.update-base',
        {
          tenantId: tenantOf(request),
          baseId: request.params.id,
          ...(name === undefined ? {} : { name }),
          ...(language === undefined ? {} : { language }),
          ...(threshold === undefined ? {} : { threshold }),
        },
        { requestId: request.id },
      );
    },
  );

  app.delete(
    '/api/knowledge/:id',
    {
      config: { auth: 'management', role: 'editor', audit: { action: 'knowledge.base.delete', kind: 'knowledge_base', id: (p) => p.id, details: () => ({}) } },
      schema: {
        tags: ['Knowledge'],
        summary: 'Delete a knowledge base with its documents: 204 with no body',
        params: baseParams,
        response: { 204: z.null().describe('Deleted'), ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await bus.request('memory.knowledge.delete-base', { tenantId: tenantOf(request), baseId: request.params.id }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/knowledge/:id/documents',
    {
      bodyLimit: JSON_DOCUMENT_BODY_LIMIT,
      config: {
        auth: 'management',
        role: 'editor',
        audit: {
          action: 'knowledge.document.add',
          kind: 'knowledge_document',
          id: (_p, a) => a?.id,
          // Never the text, nor the URL (it may carry a token): the document's title, type and how it came.
          details: (p, a, _b, r) => ({ knowledge_base_id: p.id, title: a?.title, media_type: a?.media_type, ...r.auditSubject }),
        },
      },
      schema: {
        tags: ['Knowledge'],
        summary:
          'Add a document: a file (multipart/form-data, one `file` part, and a `title` field if its name should not be the title), or JSON `{title, text}` or `{url, title?}`. 202: it is `processing` until read',
        description: [
          `A file is at most ${MAX_KNOWLEDGE_FILE_BYTES} bytes (413 past it) and is text, Markdown, HTML, PDF or DOCX, judged from its bytes and its name (415 otherwise).`,
          `JSON text is at most ${MAX_KNOWLEDGE_TEXT} characters. A URL is fetched once.`,
          'A document with the same title (or URL) in the base replaces the earlier one. Poll the document until `status` is `ready` or `failed`.',
        ].join(' '),
        params: baseParams,
        // None (null) for a multipart body: the route reads it itself, never as JSON.
        body: addKnowledgeDocumentBody.nullish(),
        response: { 202: knowledgeDocument, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const target: DocumentTarget = { bus, request, tenantId: tenantOf(request), baseId: request.params.id };
      if (isMultipart(request.headers['content-type'])) {
        if (!uploads) throw uploadsUnavailable();
        return reply.status(202).send(await addFile(target, uploads));
      }
      const body = request.body;
      if (body === undefined || body === null) {
        throw new AppError('invalid', 'send a file as multipart/form-data, or JSON {title, text} or {url}', {
          details: [{ path: 'body', message: 'required' }],
        });
      }
      if ('text' in body) {
        request.auditSubject = { source: 'text', characters: body.text.length };
        return reply.status(202).send(await addDocument(target, body.title, { kind: 'text', text: body.text }));
      }
      request.auditSubject = { source: 'url' };
      return reply.status(202).send(await addDocument(target, body.title ?? titleOfUrl(body.url), { kind: 'url', url: body.url }));
    },
  );

  app.get(
    '/api/knowledge/:id/documents',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Knowledge'],
        summary: "A knowledge base's documents, each with its status (`processing`, `ready` or `failed`, with the `error`) and chunks",
        params: baseParams,
        response: { 200: knowledgeDocumentList, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('memory.knowledge.list-documents', { tenantId: tenantOf(request), baseId: request.params.id }, { requestId: request.id }),
  );

  app.get(
    '/api/knowledge/:id/documents/:doc',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Knowledge'],
        summary: 'A document of a knowledge base: poll it until its `status` is `ready` or `failed`',
        params: documentParams,
        response: { 200: knowledgeDocument, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) =>
      bus.request(
        'memory.knowledge.get-document',
        { tenantId: tenantOf(request), baseId: request.params.id, documentId: request.params.doc },
        { requestId: request.id },
      ),
  );

  app.delete(
    '/api/knowledge/:id/documents/:doc',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'knowledge.document.delete', kind: 'knowledge_document', id: (p) => p.doc, details: (p) => ({ knowledge_base_id: p.id }) },
      },
      schema: {
        tags: ['Knowledge'],
        summary: 'Delete a document with its chunks (and its file): 204 with no body',
        params: documentParams,
        response: { 204: z.null().describe('Deleted'), ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await bus.request(
        'memory.knowledge.delete-document',
        { tenantId: tenantOf(request), baseId: request.params.id, documentId: request.params.doc },
        { requestId: request.id },
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/knowledge/:id/search',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Knowledge'],
        summary: 'Search a knowledge base as a prompt node does: the passages for `q` at or above its threshold, best first (`limit` 1 to 20, default 5)',
        params: baseParams,
        querystring: knowledgeSearchQuery,
        response: { 200: knowledgeSearchResults, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      // The search leaves out a base it does not find: asked of one base, that base must be the tenant's (404 otherwise).
      await bus.request('memory.knowledge.get-base', { tenantId, baseId: request.params.id }, { requestId: request.id });
      return bus.request(
        'memory.knowledge.search',
        { tenantId, bases: [request.params.id], query: request.query.q, limit: request.query.limit },
        { requestId: request.id },
      );
    },
  );
};
