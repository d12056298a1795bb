import { handlers } from '../parts.js';

/** Knowledge bases (docs/knowledge.md): bases, their documents, and retrieval over them. */
export const knowledgeHandlers = handlers({
  'memory.knowledge.create-base':
    ({ knowledge }) =>
    (req) =>
      knowledge.createBase(req.tenantId, { name: req.name, language: req.language, threshold: req.threshold }),
  'memory.knowledge.list-bases':
    ({ knowledge }) =>
    (req) =>
      knowledge.listBases(req.tenantId),
  /** Asked by links while it saves an agent config: the bases its prompt nodes name that the tenant does not have. */
  'memory.knowledge.check-bases':
    ({ knowledge }) =>
    (req) =>
      knowledge.unknownBases(req.tenantId, req.bases),
  'memory.knowledge.get-base':
    ({ knowledge }) =>
    (req) =>
      knowledge.getBase(req.tenantId, req.baseId),
  'memory.knowledge.update-base':
    ({ knowledge }) =>
    (req) =>
      knowledge.updateBase(req.tenantId, req.baseId, { name: req.name, language: req.language, threshold: req.threshold }),
  'memory.knowledge.delete-base':
    ({ knowledge }) =>
    (req) =>
      knowledge.deleteBase(req.tenantId, req.baseId),
  /** Stored `processing`; the ingestion worker reads it apart from any request. */
  'memory.knowledge.add-document':
    ({ knowledge }) =>
    (req) =>
      knowledge.addDocument(req.tenantId, req.baseId, req.title, req.source),
  'memory.knowledge.list-documents':
    ({ knowledge }) =>
    (req) =>
      knowledge.listDocuments(req.tenantId, req.baseId),
  'memory.knowledge.get-document':
    ({ knowledge }) =>
    (req) =>
      knowledge.getDocument(req.tenantId, req.baseId, req.documentId),
  'memory.knowledge.delete-document':
    ({ knowledge }) =>
    (req) =>
      knowledge.deleteDocument(req.tenantId, req.baseId, req.documentId),
  /** Asked by the agent-runner during a turn (with the question's embedding it made): what a prompt node's `knowledge` retrieves. */
  'memory.knowledge.search':
    ({ search }) =>
    async (req) => ({ results: await search.search(req.tenantId, req.bases, req.query, req.limit, req.embedding) }),
});
