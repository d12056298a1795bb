import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestContext, freePort, type FakeLlm, startFakeLlm, type TestContext } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManagedProcess, PROCESS_READY_MS, startPlatformProcess, waitForHttp } from './process-harness.js';
import { manage, SignedClient } from './signed-client.js';

const ADMIN_KEY = 'log-lines-admin-key-0123456789';
const CHAT_SECRET = 'log-lines-chat-secret-0123456789';

/** An agent whose second node asks the language model: a turn crosses every service. */
const llmAgent = {
  llm: { model: 'fake-model' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me anything.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      { id: 'answer', name: 'Answer', prompt: 'You are a helpful assistant.' },
    ],
  },
};

/** The JSON lines of a process's stdout (the banner and printed codes are text). */
const jsonLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('{'));

describe('npm start: the log lines of the one-process mode', () => {
  let ctx: TestContext;
  let llm: FakeLlm;
  let dataDir: string;
  const procs: ManagedProcess[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    llm = await startFakeLlm();
    dataDir = await mkdtemp(join(tmpdir(), 'parley-log-lines-'));
  });
  afterAll(async () => {
    for (const proc of procs) await proc.stop();
    await llm?.close();
    await ctx?.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** `npm start` on the test's servers at debug level (every line there is), ready to serve. */
  async function start(vars: Record<string, string> = {}) {
    const port = await freePort();
    const proc = startPlatformProcess({
      DATABASE_URL: ctx.databaseUrl,
      NATS_URL: ctx.natsUrl,
      REDIS_URL: ctx.redisUrl,
      BUS_NAMESPACE: ctx.namespace,
      DATA_DIR: dataDir,
      PORT: String(port),
      HEALTH_PORT: '0',
      LOG_LEVEL: 'debug',
      OPENAI_BASE_URL: llm.url,
      ADMIN_API_KEY: ADMIN_KEY,
      CHAT_API_SECRET: CHAT_SECRET,
      ...vars,
    });
    procs.push(proc);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`, proc, { timeoutMs: PROCESS_READY_MS });
    const [, healthUrl] = await proc.waitForStdout(/Metrics:\s+(\S+)\/metrics/, 10_000);
    const [, linkToken] = await proc.waitForStdout(/\/api\/public\/chat\/([A-Za-z0-9_-]+) /, 10_000);
    return { proc, url, healthUrl: healthUrl ?? '', linkToken: linkToken ?? '' };
  }

  /** Requests that make every service write: a visitor's message, management calls, an LLM turn, probes. */
  let runs = 0;
  async function drive(started: Awaited<ReturnType<typeof start>>) {
    runs += 1;
    const visitor = await fetch(`${started.url}/api/public/chat/${started.linkToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'Hello' }),
    });
    expect(visitor.status).toBe(200);
    const tenant = await manage(started.url, ADMIN_KEY, 'POST', '/api/tenants', { name: `log lines ${runs}` });
    expect(tenant.status, JSON.stringify(tenant.body)).toBe(201);
    const agent = await manage(started.url, ADMIN_KEY, 'POST', '/api/agents', { name: 'asks-the-model', config: llmAgent }, tenant.body.id);
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    const chat = new SignedClient(started.url, CHAT_SECRET);
    const session = await chat.createSession({ tenant_id: tenant.body.id, agent_id: agent.body.id });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    expect((await chat.send(session.body.session_id, 'What is an MRI?')).status).toBe(200);
    expect((await fetch(`${started.url}/api/no-such-route`)).status).toBe(404);
    for (const path of ['/readyz', '/metrics']) expect((await fetch(`${started.healthUrl}${path}`)).status).toBe(200);
  }

  async function stop(proc: ManagedProcess) {
    proc.signal('SIGTERM');
    expect((await proc.waitForExit(20_000)).code, proc.describe()).toBe(0);
  }

  it('writes exactly one "service" key on every line, naming the service that wrote it', async () => {
    const started = await start();
    await drive(started);
    await stop(started.proc);

    const lines = jsonLines(started.proc.stdout);
    expect(lines.length).toBeGreaterThan(10);
    // Counted in the raw text: JSON.parse keeps the last of two keys and hides the first.
    const wrong = lines.filter((line) => line.match(/"service":/g)?.length !== 1);
    expect(wrong, 'lines without or with several service keys').toEqual([]);
    const services = new Set(lines.map((line) => (JSON.parse(line) as { service: string }).service));
    // The services that write at debug on this path (the others may stay silent).
    for (const service of ['platform', 'gateway', 'sessions', 'cleanup']) expect(services, service).toContain(service);

    // The access log is on by default: the visitor's message is one line, by its route's pattern.
    const access = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request completed');
    expect(access).toContainEqual(
      expect.objectContaining({ level: 'info', service: 'gateway', method: 'POST', route: '/api/public/chat/:token', status: 200 }),
    );
    expect(started.proc.stdout).not.toContain(`"url":"/api/public/chat/${started.linkToken}`);
    // The keys came from the environment: at debug, on no line of either stream – the banner only says they are set.
    for (const secret of [ADMIN_KEY, CHAT_SECRET]) {
      expect(started.proc.stdout).not.toContain(secret);
      expect(started.proc.stderr).not.toContain(secret);
    }
    expect(started.proc.stdout).toContain('Admin key:  set (from ADMIN_API_KEY)');
  }, 120_000);

  it('writes no access line with ACCESS_LOG=off', async () => {
    const started = await start({ ACCESS_LOG: 'off' });
    await drive(started);
    await stop(started.proc);
    const lines = jsonLines(started.proc.stdout);
    // Other lines are written as before.
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => line.includes('"msg":"request completed"'))).toEqual([]);
  }, 120_000);

  it('refuses an ACCESS_LOG it does not know at start-up, naming the variable', async () => {
    const proc = startPlatformProcess({ DATA_DIR: dataDir, PORT: '0', ACCESS_LOG: 'sometimes' });
    procs.push(proc);
    expect((await proc.waitForExit(20_000)).code).toBe(1);
    expect(proc.stderr).toContain('ACCESS_LOG: must be on or off (also true/false, 1/0)');
  });
});
