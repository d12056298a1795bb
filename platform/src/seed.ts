import { readFile, writeFile } from 'node:fs/promises';
import type { PlatformBus } from '@parley/bus';
import { AppError } from '@parley/contracts';
import { demoAgentConfig } from './demo-agent.js';

export interface DemoSeed {
  tenantId: string;
  agentId: string;
  agentName: string;
}

const AGENT_NAME = 'demo-intake';

/**
 * Seeds a demo tenant and agent once and remembers their ids in DATA_DIR, so restarts reuse
 * them (and the printed chat command keeps working).
 */
export async function seedDemo(bus: PlatformBus, file: string): Promise<DemoSeed> {
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as DemoSeed;
    const agent = await bus.request('agents.get', { tenantId: stored.tenantId, name: AGENT_NAME });
    return { tenantId: stored.tenantId, agentId: agent.id, agentName: AGENT_NAME };
  } catch (error) {
    if (error instanceof AppError && error.code !== 'not_found') throw error;
    // No seed yet (or its tenant is gone): create one.
  }
  const tenant = await bus.request('tenants.create', { name: 'Demo' });
  const agent = await bus.request('agents.create', { tenantId: tenant.id, name: AGENT_NAME, config: demoAgentConfig });
  const seed = { tenantId: tenant.id, agentId: agent.id, agentName: AGENT_NAME };
  await writeFile(file, `${JSON.stringify(seed, null, 2)}\n`);
  return seed;
}
