import { runStandalone } from '@parley/service';
import { createLinksService } from './app.js';
import { loadConfig } from './config.js';

await runStandalone({
  name: 'links',
  loadConfig: () => loadConfig(),
  build: ({ bus, db, logger }) => createLinksService({ bus, db: db!, logger }),
});
