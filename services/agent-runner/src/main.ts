import { runStandalone } from '@parley/service';
import { createAgentRunner } from './app.js';
import { loadConfig } from './config.js';
import { llmFromConfig } from './llm.js';

await runStandalone({
  name: 'agent-runner',
  loadConfig: () => loadConfig(),
  build: ({ bus, logger, registry }, config) => createAgentRunner({ bus, llm: llmFromConfig(config.llm, logger), logger, registry }),
});
