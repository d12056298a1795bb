import { defineConfig } from 'tsdown';
import { databaseServiceEntries, serviceBuilds } from '../../tsdown.service.ts';

/** The service, its migration command, and the thread that reads knowledge documents (src/knowledge/document-reader.ts). */
export default defineConfig(serviceBuilds({ ...databaseServiceEntries, 'knowledge-reader': 'src/knowledge/reader-thread.ts' }));
