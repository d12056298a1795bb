export { type Chunk, type ChunkOptions, chunkDocument } from './chunking.js';
export { DocumentUnreadable, type ParsedDocument, parseDocument } from './parsing.js';
