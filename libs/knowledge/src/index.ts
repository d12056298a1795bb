export { type Chunk, type ChunkOptions, chunkDocument, DEFAULT_MAX_CHUNK_CHARS } from './chunking.js';
export {
  DEFAULT_READ_LIMITS,
  DOCUMENT_MEDIA_TYPES,
  DOCX_MEDIA_TYPE,
  type DocumentMediaType,
  DocumentUnreadable,
  mediaTypeOf,
  type ParsedDocument,
  type ParsedSection,
  parseDocument,
  type ReadLimits,
} from './parsing.js';
