import { runStandalone } from '@parley/service';
import { createSessionsService } from './app.js';
import { loadConfig } from './config.js';

await runStandalone({
  name: 'sessions',
  loadConfig: () => loadConfig(),
  build: ({ bus, db, pool, logger }, config) =>
    createSessionsService({ bus, db: db!, pool: pool!, logger, options: { runnerAttempts: config.runnerAttempts } }),
});
