import { readFile, writeFile } from 'node:fs/promises';
import { sha256Hex } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError } from '@parley/contracts';
import { demoAgentConfig } from './demo-agent.js';

export interface DemoSeed {
  tenantId: string;
  agentId: string;
  agentName: string;
  /** A public link on the demo agent (its token kept in DATA_DIR, as the generated keys are). */
  link: { id: string; token: string };
}

const AGENT_NAME = 'demo-intake';

/** The demo link: no expiry, generous limits – a local playground. */
const DEMO_LINK = {
  title: 'Parley demo',
  description: 'The demo agent of this installation',
  welcome_message: "Hi! I'm the demo agent. Say hello to start.",
  session_timeout_minutes: 60,
  rate_limit_per_minute: 60,
  require_email_verification: false,
  allowed_origins: [],
  ip_allow: [],
  ip_deny: [],
  active: true,
};

/**
 * Seeds a demo tenant, agent and public link once and remembers them in DATA_DIR, so restarts
 * reuse them (and the printed chat command and link keep working). A link that was deleted,
 * deactivated or expired meanwhile is replaced.
 */
export async function seedDemo(bus: PlatformBus, file: string, options: { publicBaseUrl: string }): Promise<DemoSeed> {
  let stored: Partial<DemoSeed> | undefined;
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<DemoSeed>;
  } catch {
    // No seed yet: create one.
  }
  let tenantId = stored?.tenantId;
  let agentId: string | undefined;
  if (tenantId) {
    try {
      agentId = (await bus.request('links.agents.get', { tenantId, name: AGENT_NAME })).id;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
  }
  if (!tenantId || !agentId) {
    tenantId = (await bus.request('links.tenants.create', { name: 'Demo' })).id;
    agentId = (await bus.request('links.agents.create', { tenantId, name: AGENT_NAME, config: demoAgentConfig })).id;
    stored = undefined;
  }
  const link = (await usableLink(bus, stored?.link)) ?? (await createLink(bus, tenantId, options.publicBaseUrl));
  const seed: DemoSeed = { tenantId, agentId, agentName: AGENT_NAME, link };
  await writeFile(file, `${JSON.stringify(seed, null, 2)}\n`, { mode: 0o600 });
  return seed;
}

/** The stored link, if it still answers visitors. */
async function usableLink(bus: PlatformBus, link: DemoSeed['link'] | undefined): Promise<DemoSeed['link'] | undefined> {
  if (!link?.token) return undefined;
  try {
    const access = await bus.request('links.links.resolve', { tokenHash: sha256Hex(link.token) });
    return access.state === 'active' ? link : undefined;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return undefined;
    throw error;
  }
}

async function createLink(bus: PlatformBus, tenantId: string, publicBaseUrl: string): Promise<DemoSeed['link']> {
  const created = await bus.request('links.links.create', { tenantId, agentName: AGENT_NAME, settings: DEMO_LINK, publicBaseUrl });
  return { id: created.id, token: created.token };
}
