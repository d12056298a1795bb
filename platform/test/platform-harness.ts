import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@parley/logger';
import { createTestContext, type FakeLlm, startFakeLlm, type TestContext } from '@parley/testing';
import { loadPlatformConfig } from '../src/config.js';
import { type RunningPlatform, startPlatform } from '../src/platform.js';
import { manage, SignedClient } from './signed-client.js';

export const TEST_CHAT_SECRET = 'test-chat-secret-0123456789abcdef';
/** Notes each `code <word>` the visitor says: every turn stores messages, a transition and a variable. */
export const codeWordAgent = {
  workflow: {
    initial_node: 'start',
    nodes: [
      {
        id: 'start',
        name: 'Start',
        static_text: 'Say something.',
        extract: [{ name: 'code_word', description: 'code word', pattern: 'code (\\w+)' }],
        transitions: [{ to: 'echo', condition: 'user_responded' }],
      },
      {
        id: 'echo',
        name: 'Echo',
        static_text: 'Noted.',
        extract: [{ name: 'code_word', description: 'code word', pattern: 'code (\\w+)' }],
        transitions: [{ to: 'echo', condition: 'user_responded' }],
      },
    ],
  },
};

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestPlatform {
  platform: RunningPlatform;
  ctx: TestContext;
  llm: FakeLlm;
  chat: SignedClient;
  admin: <T = any>(method: string, path: string, body?: unknown, tenantId?: string) => ReturnType<typeof manage<T>>;
  /** A tenant with one agent of the given config. */
  seedAgent(config: unknown, name?: string): Promise<{ tenantId: string; agentId: string; name: string }>;
  stop(): Promise<void>;
}

/**
 * The whole platform in this process, on the real PostgreSQL (a database of its own), NATS (its
 * own namespace) and Redis (its own key prefix), with the fake LLM server as its only double.
 */
export async function startTestPlatform(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestPlatform> {
  const ctx = await createTestContext();
  const llm = await startFakeLlm();
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-test-'));
  const config = loadPlatformConfig({
    DATABASE_URL: ctx.databaseUrl,
    NATS_URL: ctx.natsUrl,
    REDIS_URL: ctx.redisUrl,
    BUS_NAMESPACE: ctx.namespace,
    PORT: '0',
    DATA_DIR: dataDir,
    OPENAI_BASE_URL: llm.url,
    LLM_MAX_RETRIES: '1',
    SEED_DEMO: 'false',
    CHAT_API_SECRET: TEST_CHAT_SECRET,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    ...env,
  });
  const platform = await startPlatform(config, { logger: options.logger ?? ctx.logger });
  const admin = <T = any>(method: string, path: string, body?: unknown, tenantId?: string) =>
    manage<T>(platform.url, TEST_ADMIN_KEY, method, path, body, tenantId);
  let agents = 0;
  return {
    platform,
    ctx,
    llm,
    chat: new SignedClient(platform.url, TEST_CHAT_SECRET),
    admin,
    async seedAgent(agentConfig, name = `agent-${++agents}`) {
      const tenant = await admin('POST', '/api/tenants', { name: `tenant of ${name}` });
      if (tenant.status !== 201) throw new Error(`tenant: ${tenant.status} ${JSON.stringify(tenant.body)}`);
      const agent = await admin('POST', '/api/agents', { name, config: agentConfig }, tenant.body.id);
      if (agent.status !== 201) throw new Error(`agent: ${agent.status} ${JSON.stringify(agent.body)}`);
      return { tenantId: tenant.body.id, agentId: agent.body.id, name };
    },
    async stop() {
      await platform.stop();
      await llm.close();
      await ctx.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
