import { z } from 'zod';

/**
 * Knowledge bases (docs/knowledge.md): a tenant's documents, cut into chunks that prompt nodes'
 * `knowledge` retrieves passages from. Owned by the memory service.
 */

export const knowledgeBaseId = z.string().regex(/^kb_[A-Za-z0-9_-]{8,40}$/, 'must be a knowledge base id (kb_…)');
export const knowledgeDocumentId = z.string().regex(/^doc_[A-Za-z0-9_-]{8,40}$/, 'must be a document id (doc_…)');

/** A PostgreSQL text search configuration: what a base's full-text search stems and stops words with. */
export const TEXT_SEARCH_LANGUAGES = [
  'simple',
  'arabic',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'greek',
  'hungarian',
  'indonesian',
  'irish',
  'italian',
  'lithuanian',
  'nepali',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'spanish',
  'swedish',
  'tamil',
  'turkish',
] as const;
export const textSearchLanguage = z.enum(TEXT_SEARCH_LANGUAGES);

const baseName = z.string().trim().min(1).max(100);
/** The lowest fused score a passage needs to count as a match; below it, "no match". */
export const knowledgeThreshold = z.number().min(0).max(1);

export const createKnowledgeBaseBody = z.strictObject({
  name: baseName,
  language: textSearchLanguage.default('simple'),
  threshold: knowledgeThreshold.optional(),
});
export const updateKnowledgeBaseBody = z.strictObject({
  name: baseName.optional(),
  language: textSearchLanguage.optional(),
  threshold: knowledgeThreshold.optional(),
});

export const knowledgeBase = z.object({
  id: knowledgeBaseId,
  name: z.string(),
  language: textSearchLanguage,
  threshold: knowledgeThreshold,
  documents: z.number().int().min(0),
  chunks: z.number().int().min(0),
  created_at: z.string(),
  updated_at: z.string(),
});
export type KnowledgeBase = z.infer<typeof knowledgeBase>;
export const knowledgeBaseList = z.object({ knowledge_bases: z.array(knowledgeBase) });

export const knowledgeDocumentStatus = z.enum(['processing', 'ready', 'failed']);

export const knowledgeDocument = z.object({
  id: knowledgeDocumentId,
  knowledge_base_id: knowledgeBaseId,
  title: z.string(),
  url: z.string().optional(),
  /** The media type it was read as (text/plain, text/markdown, text/html, application/pdf, …). */
  media_type: z.string(),
  status: knowledgeDocumentStatus,
  chunks: z.number().int().min(0),
  /** Why it failed, in words (a failed document only). */
  error: z.string().optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type KnowledgeDocument = z.infer<typeof knowledgeDocument>;
export const knowledgeDocumentList = z.object({ documents: z.array(knowledgeDocument) });

/** The most of a document's text given as JSON (`{title, text}`): larger documents are uploaded as files. */
export const MAX_KNOWLEDGE_TEXT = 256 * 1024;
/** The largest file a document may be. */
export const MAX_KNOWLEDGE_FILE_BYTES = 20 * 1024 * 1024;

/** A document given as JSON: its text with a title, or a URL fetched once. */
export const addKnowledgeDocumentBody = z.union([
  z.strictObject({ title: z.string().trim().min(1).max(300), text: z.string().min(1).max(MAX_KNOWLEDGE_TEXT) }),
  z.strictObject({ url: z.url({ protocol: /^https?$/ }).max(2_000), title: z.string().trim().min(1).max(300).optional() }),
]);

/** Where a document's content is: given inline, in the upload store (a file), or at a URL to fetch. */
export const knowledgeSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(MAX_KNOWLEDGE_TEXT) }),
  z.object({
    kind: z.literal('file'),
    uploadKey: z.string().min(1).max(500),
    filename: z.string().max(300),
    mediaType: z.string().max(200),
    bytes: z.number().int().min(1),
  }),
  z.object({ kind: z.literal('url'), url: z.string().url().max(2_000) }),
]);
export type KnowledgeSource = z.infer<typeof knowledgeSource>;

/** The most base names one `memory.knowledge.check-bases` asks about: a config naming more is checked in several. */
export const MAX_CHECKED_BASES = 500;

/** `GET /api/knowledge/{id}/search`: the memory service embeds the question itself, where EMBEDDING_MODEL is set. */
export const knowledgeSearchQuery = z.object({
  q: z.string().trim().min(1).max(1_000),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

/** The longest vector a question's embedding may be (OpenAI's largest is 3,072). */
export const MAX_EMBEDDING_DIMENSIONS = 8_192;

/**
 * A question's embedding, made by the caller of a search (the agent-runner, docs/knowledge.md
 * "Answering a question"): compared with passages only when `model` is the one they were
 * embedded with.
 */
export const questionEmbedding = z.object({
  model: z.string().min(1).max(200),
  vector: z.array(z.number()).min(1).max(MAX_EMBEDDING_DIMENSIONS),
});
export type QuestionEmbedding = z.infer<typeof questionEmbedding>;

/**
 * What a search's caller says of the question's embedding: the vector it made, or `"full-text"`
 * when it chose full-text search alone (its embedding failed or came too late) – then the memory
 * service embeds nothing either.
 */
export const searchEmbedding = z.union([questionEmbedding, z.literal('full-text')]);
export type SearchEmbedding = z.infer<typeof searchEmbedding>;

/** A passage retrieval found, best first; `score` is the fused score from 0 to 1. */
export const knowledgePassage = z.object({
  document_id: knowledgeDocumentId,
  knowledge_base_id: knowledgeBaseId,
  title: z.string(),
  url: z.string().optional(),
  chunk_id: z.string(),
  heading: z.string().optional(),
  text: z.string(),
  score: z.number(),
});
export type KnowledgePassage = z.infer<typeof knowledgePassage>;
export const knowledgeSearchResults = z.object({ results: z.array(knowledgePassage) });

/** A passage a reply used (docs/workflow.md "Knowledge"): `n` is the marker `[n]` in the reply's text. */
export const citation = z.object({
  n: z.number().int().min(1),
  document_id: z.string(),
  title: z.string(),
  url: z.string().optional(),
  chunk_id: z.string(),
});
export type Citation = z.infer<typeof citation>;
