import { handlers } from '../parts.js';
import { RunnerToolBox } from './runner-tool-box.js';

/** Agents' tools, as a runner reaches them. */
export const toolHandlers = handlers({
  /** What an agent version can call, MCP servers asked live (`GET /api/agents/{name}/versions/{version}/tools`). */
  'runner.tools':
    ({ configs, tools }) =>
    async ({ tenantId, agentId, version }) => {
      const config = await configs.config({ agentId, version });
      const box = new RunnerToolBox(tools, config.tools ?? [], tenantId);
      return { tools: await box.catalogue() };
    },
});
