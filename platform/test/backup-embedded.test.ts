import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '@parley/logger';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlatformConfig } from '../src/config.js';
import { type RunningPlatform, startPlatform } from '../src/platform.js';
import { codeWordAgent } from './platform-harness.js';
import { manage, SignedClient } from './signed-client.js';

const run = promisify(execFile);

/** The seq of the audit checkpoint the one-process mode keeps in DATA_DIR (undefined before the first). */
const checkpointSeq = async (dataDir: string) => {
  const text = await readFile(join(dataDir, 'audit-checkpoint.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Number((JSON.parse(text) as { seq: string }).seq);
};

describe('embedded mode (docs/operations.md): stop npm start, copy DATA_DIR, start on the copy', () => {
  let original: string;
  let copy: string;
  let platform: RunningPlatform | undefined;
  let adminKey: string;
  let chatSecret: string;
  const written = {} as { tenantId: string; agentId: string; sessionId: string; linkToken: string; visitorSession: string };

  const logger = createLogger({ service: 'embedded-backup', level: process.env.TEST_LOG === '1' ? 'debug' : 'silent' });
  // As `npm start` runs it: embedded PostgreSQL, the in-process bus, memory stores, keys generated into DATA_DIR.
  const start = async (dataDir: string) => {
    platform = await startPlatform(loadPlatformConfig({ PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'false' }), { logger });
    return platform;
  };
  const stop = async () => {
    await platform?.stop();
    platform = undefined;
  };

  beforeAll(async () => {
    // Each DATA_DIR directly in the temporary directory: run as root, PostgreSQL runs as `postgres`, which must reach it.
    original = await mkdtemp(join(tmpdir(), 'parley-embedded-backup-'));
    copy = `${original}-copy`;
  });
  afterAll(async () => {
    await stop();
    for (const dir of [original, copy]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes through the API on a fresh DATA_DIR, then stops', async () => {
    const { url, adminApiKey, chatApiSecret } = await start(original);
    adminKey = adminApiKey;
    chatSecret = chatApiSecret;
    const tenant = await manage(url, adminKey, 'POST', '/api/tenants', { name: 'Embedded' });
    written.tenantId = tenant.body.id;
    const agent = await manage(url, adminKey, 'POST', '/api/agents', { name: 'kept', config: codeWordAgent }, written.tenantId);
    expect(agent.status).toBe(201);
    written.agentId = agent.body.id;
    const link = await manage(url, adminKey, 'POST', '/api/agents/kept/public-links', { title: 'Kept' }, written.tenantId);
    expect(link.status).toBe(201);
    written.linkToken = link.body.token;

    const chat = new SignedClient(url, chatSecret);
    const session = await chat.createSession({ tenant_id: written.tenantId, agent_id: written.agentId });
    written.sessionId = session.body.session_id;
    expect((await chat.send(written.sessionId, 'code echo')).body).toMatchObject({ turn_number: 1 });
    const visit = await fetch(`${url}/api/public/chat/${written.linkToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'A visitor' }),
    });
    written.visitorSession = ((await visit.json()) as { session: string }).session;

    // tenant.create, agent.create, link.create – checkpointed into DATA_DIR.
    await waitFor(async () => (await checkpointSeq(original)) === 3, { timeoutMs: 10_000 });
    await stop();
  }, 60_000);

  it('`cp -a` of the stopped DATA_DIR starts as the same installation: keys, data and a verifiable audit chain', async () => {
    await run('cp', ['-a', original, copy]);
    const { url, adminApiKey, chatApiSecret } = await start(copy);
    // The generated keys came with the copy (DATA_DIR/secrets.json).
    expect(adminApiKey).toBe(adminKey);
    expect(chatApiSecret).toBe(chatSecret);

    const chat = new SignedClient(url, chatSecret);
    const status = await chat.status(written.sessionId);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ turns: 1, collected_data: { code_word: 'echo' } });
    expect((await chat.send(written.sessionId, 'code foxtrot')).body).toMatchObject({ turn_number: 2 });
    const history = await fetch(`${url}/api/public/history/${written.linkToken}?session=${written.visitorSession}`);
    expect(history.status).toBe(200);
    expect(await history.text()).toContain('A visitor');

    const verified = await manage(url, adminKey, 'GET', '/api/audit/verify');
    expect(verified.body).toEqual({ ok: true, entries: 3 });
    // The copy goes its own way: its checkpoint moves, the original's stays where it stopped.
    expect((await manage(url, adminKey, 'POST', '/api/agents', { name: 'only-in-copy', config: codeWordAgent }, written.tenantId)).status).toBe(201);
    await waitFor(async () => (await checkpointSeq(copy)) === 4, { timeoutMs: 10_000 });
    expect(await checkpointSeq(original)).toBe(3);
    expect((await manage(url, adminKey, 'GET', '/api/audit/verify')).body).toEqual({ ok: true, entries: 4 });
  }, 60_000);
});
