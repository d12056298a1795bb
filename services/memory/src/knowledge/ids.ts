import { randomToken } from '@parley/auth';

/** `kb_…`, `doc_…`, `chk_…`: ids that say what they name (16 url-safe characters of randomness each). */
export const newBaseId = () => `kb_${randomToken(12)}`;
export const newDocumentId = () => `doc_${randomToken(12)}`;
export const newChunkId = () => `chk_${randomToken(12)}`;
