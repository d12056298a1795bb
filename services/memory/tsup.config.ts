import { defineConfig } from 'tsup';
import { databaseServiceBuild } from '../../tsup.service.js';

/** The service, its migration command, and the thread that reads knowledge documents (src/knowledge/document-reader.ts). */
export default defineConfig({
  ...databaseServiceBuild,
  entry: { ...(databaseServiceBuild as { entry: Record<string, string> }).entry, 'knowledge-reader': 'src/knowledge/reader-thread.ts' },
});
