/** The knowledge section's pages, one chunk loaded when the section is first opened. */
export { KnowledgeBasePage } from './knowledge-base-page';
export { KnowledgeBasesPage } from './knowledge-bases-page';
