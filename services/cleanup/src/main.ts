import { runStandalone } from '@parley/service';
import { createCleanupService } from './app.js';
import { loadConfig } from './config.js';

await runStandalone({
  name: 'cleanup',
  loadConfig: () => loadConfig(),
  build: ({ bus, db, logger }, config) => createCleanupService({ bus, db: db!, logger, options: config.cleanup }),
});
