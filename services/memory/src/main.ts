import { runStandalone } from '@parley/service';
import { createMemoryService } from './app.js';
import { loadConfig } from './config.js';

await runStandalone({
  name: 'memory',
  loadConfig: () => loadConfig(),
  build: ({ bus, db, logger }) => createMemoryService({ bus, db: db!, logger }),
});
