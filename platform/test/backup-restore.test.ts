import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPlatformBus, deleteNamespaceStreams, type KeyValueBucket, type PlatformBus } from '@parley/bus';
import { createTestContext, type FakeLlm, startFakeLlm, type TestContext, waitFor } from '@parley/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadPlatformConfig } from '../src/config.js';
import { type RunningPlatform, startPlatform } from '../src/platform.js';
import { codeWordAgent } from './platform-harness.js';
import { backupTools, runTool } from './postgres-tools.js';
import { manage, SignedClient } from './signed-client.js';

/** A host site's signed-in user: hex HMAC-SHA256 of the id under the link's identity secret (docs/api.md). */
const signedUser = (secret: string, userId: string) => ({ user_id: userId, user_hash: createHmac('sha256', secret).update(userId).digest('hex') });

const ADMIN_KEY = 'backup-admin-key-0123456789abcdef';
const CHAT_SECRET = 'backup-chat-secret-0123456789abcdef';

/** The checkpoint's seq as stored (undefined when there is none). */
const seqOf = (value: string | undefined) => (value === undefined ? undefined : Number((JSON.parse(value) as { seq: string }).seq));

/** Skipped, as a test needing a binary this machine lacks, where no pg_dump of the servers' version is installed. */
const tools = await backupTools(inject('databaseAdminUrl'));

const BACKUP_AND_RESTORE = 'backup and restore (docs/operations.md): pg_dump of a running platform, pg_restore into a new database, JetStream beside it';

describe.skipIf(tools === null)(BACKUP_AND_RESTORE, () => {
  let ctx: TestContext;
  let llm: FakeLlm;
  let dataDir: string;
  let platform: RunningPlatform | undefined;
  let inspector: PlatformBus;
  let checkpoints: KeyValueBucket;
  let dumpFile: string;
  /** The audit checkpoint as it was read just before pg_dump started. */
  let savedCheckpoint: string;
  /** What was written before the dump, to find after the restore. */
  const before = {} as {
    tenantId: string;
    tenantKey: string;
    tenantSecret: string;
    identitySecret: string;
    agentId: string;
    linkId: string;
    linkToken: string;
    sessionId: string;
    conversationId: string;
    visitorSession: string;
    auditEntries: number;
  };

  const start = async (keys: Record<string, string> = {}) => {
    platform = await startPlatform(
      loadPlatformConfig({
        DATABASE_URL: ctx.databaseUrl,
        NATS_URL: ctx.natsUrl,
        REDIS_URL: ctx.redisUrl,
        BUS_NAMESPACE: ctx.namespace,
        PORT: '0',
        // The same DATA_DIR every start: the platform's generated AUDIT_KEY, VERIFICATION_KEY and SECRETS_KEY are kept there.
        DATA_DIR: dataDir,
        OPENAI_BASE_URL: llm.url,
        SEED_DEMO: 'false',
        ADMIN_API_KEY: ADMIN_KEY,
        CHAT_API_SECRET: CHAT_SECRET,
        ...keys,
      }),
      { logger: ctx.logger },
    );
    return platform;
  };
  const stop = async () => {
    await platform?.stop();
    platform = undefined;
  };
  const url = () => {
    if (!platform) throw new Error('the platform is not running');
    return platform.url;
  };
  const admin = <T = any>(method: string, path: string, body?: unknown, tenantId?: string) => manage<T>(url(), ADMIN_KEY, method, path, body, tenantId);
  const visitor = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const auditEntries = async () => {
    const listed = await admin<{ entries: Array<{ action: string; target: { id: string } }> }>('GET', '/api/audit?limit=200');
    expect(listed.status).toBe(200);
    return listed.body.entries;
  };
  const verify = async () => {
    const verified = await admin('GET', '/api/audit/verify');
    expect(verified.status).toBe(200);
    return verified.body as { ok: boolean; entries: number; reason?: string };
  };
  /** Until the checkpoint names the newest of `entries` entries (seq counts from 1, one a change). */
  const checkpointReaches = (entries: number) => waitFor(async () => seqOf((await checkpoints.get('head')).value) === entries, { timeoutMs: 10_000 });
  /** An admin connection to the server's maintenance database, for DROP and CREATE DATABASE. */
  const maintenance = async <T>(work: (client: pg.Client, database: string) => Promise<T>) => {
    const target = new URL(ctx.databaseUrl);
    const database = decodeURIComponent(target.pathname.slice(1));
    target.pathname = '/postgres';
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      return await work(client, database);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'backup' });
    llm = await startFakeLlm();
    dataDir = await mkdtemp(join(tmpdir(), 'parley-backup-'));
    dumpFile = join(dataDir, 'parley.dump');
    // What `nats kv get/put <BUS_NAMESPACE>_audit_checkpoint head` reads and writes.
    inspector = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'operator' });
    checkpoints = await inspector.keyValue('audit_checkpoint');
  });
  afterAll(async () => {
    await stop();
    await inspector?.drain();
    await llm?.close();
    await ctx?.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('dumps a running platform with pg_dump in the custom format, the audit checkpoint saved just before', async () => {
    await start();
    const tenant = await admin('POST', '/api/tenants', { name: 'Backed up' });
    expect(tenant.status).toBe(201);
    before.tenantId = tenant.body.id;
    const key = await admin('POST', `/api/tenants/${before.tenantId}/keys`, { name: 'Owner' });
    expect(key.status).toBe(201);
    before.tenantKey = key.body.key;
    const agent = await admin('POST', '/api/agents', { name: 'intake', config: codeWordAgent }, before.tenantId);
    expect(agent.status).toBe(201);
    before.agentId = agent.body.id;
    const link = await admin('POST', '/api/agents/intake/public-links', { title: 'Support' }, before.tenantId);
    expect(link.status).toBe(201);
    before.linkId = link.body.id;
    before.linkToken = link.body.token;
    // Sealed in the database under SECRETS_KEY, as the link's identity secret is.
    const secret = await admin('POST', '/api/chat-secrets', undefined, before.tenantId);
    expect(secret.status).toBe(201);
    before.tenantSecret = secret.body.secret;
    const identity = await admin('POST', `/api/agents/intake/public-links/${before.linkId}/identity-secret`, undefined, before.tenantId);
    expect(identity.status).toBe(200);
    before.identitySecret = identity.body.secret;

    const chat = new SignedClient(url(), before.tenantSecret);
    const session = await chat.createSession({ tenant_id: before.tenantId, agent_id: before.agentId });
    expect(session.status).toBe(201);
    before.sessionId = session.body.session_id;
    before.conversationId = session.body.conversation_id;
    expect((await chat.send(before.sessionId, 'code alpha')).body).toMatchObject({ turn_number: 1, extracted_variables: { code_word: 'alpha' } });
    expect((await chat.send(before.sessionId, 'code bravo')).body).toMatchObject({ turn_number: 2, extracted_variables: { code_word: 'bravo' } });
    const visit = await visitor('POST', `/api/public/chat/${before.linkToken}`, { content: 'Hello from a visitor' });
    expect(visit.status).toBe(200);
    before.visitorSession = visit.body.session;

    // tenant.create, key.create, agent.create, link.create, chat_secret.create, link.identity_secret.rotate.
    await waitFor(async () => (await auditEntries()).length === 6, { timeoutMs: 10_000 });
    before.auditEntries = 6;
    await checkpointReaches(before.auditEntries);
    const stored = (await checkpoints.get('head')).value;
    if (stored === undefined) throw new Error('no audit checkpoint');
    savedCheckpoint = stored;
    await writeFile(join(dataDir, 'audit-checkpoint.saved'), savedCheckpoint);

    await runTool(tools!.pgDump, ['--format=custom', `--file=${dumpFile}`, ctx.databaseUrl]);
    // The installation goes on after the dump: a change the restore will not have, which moves the checkpoint past it.
    expect((await admin('POST', '/api/agents', { name: 'after-dump', config: codeWordAgent }, before.tenantId)).status).toBe(201);
    await checkpointReaches(before.auditEntries + 1);
    expect(await verify()).toEqual({ ok: true, entries: before.auditEntries + 1 });
    // The dump lists what pg_restore will create.
    const contents = await runTool(tools!.pgRestore, ['--list', dumpFile]);
    expect(contents).toContain('TABLE DATA public audit_entries');
    expect(contents).toContain('TABLE DATA public kysely_migration');
  });

  it('restores into a dropped and re-created database with pg_restore: keys, agents, links, conversations and sealed secrets are all back', async () => {
    await stop();
    await maintenance(async (client, database) => {
      const name = client.escapeIdentifier(database);
      // WITH (FORCE): the test harness still holds idle connections to it; the platform's are closed.
      await client.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    });
    await runTool(tools!.pgRestore, ['--exit-on-error', `--dbname=${ctx.databaseUrl}`, dumpFile]);
    await start();

    // The tenant's key (kept as a hash) still opens its tenant; the agent made after the dump is not there.
    const agents = await manage(url(), before.tenantKey, 'GET', '/api/agents');
    expect(agents.status).toBe(200);
    expect(JSON.stringify(agents.body)).toContain('"intake"');
    expect(JSON.stringify(agents.body)).not.toContain('after-dump');
    const links = await manage(url(), before.tenantKey, 'GET', '/api/agents/intake/public-links');
    expect(links.status).toBe(200);
    expect(JSON.stringify(links.body)).toContain(before.linkId);

    // The Text Chat API session, with its turns and variables, signed with the tenant's secret (opened with SECRETS_KEY).
    const chat = new SignedClient(url(), before.tenantSecret);
    const status = await chat.status(before.sessionId);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'active', turns: 2, collected_data: { code_word: 'bravo' } });
    const conversation = await admin('GET', `/api/conversations/${before.conversationId}`, undefined, before.tenantId);
    expect(conversation.status).toBe(200);
    expect(JSON.stringify(conversation.body)).toContain('code alpha');
    expect(JSON.stringify(conversation.body)).toContain('code bravo');
    // And it goes on where it stopped.
    expect((await chat.send(before.sessionId, 'code charlie')).body).toMatchObject({ turn_number: 3, extracted_variables: { code_word: 'charlie' } });

    // The link's token (kept as a hash) and the visitor's session credential still work.
    const history = await visitor('GET', `/api/public/history/${before.linkToken}?session=${before.visitorSession}`);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('Hello from a visitor');
    expect((await visitor('POST', `/api/public/chat/${before.linkToken}`, { content: 'Back again', session: before.visitorSession })).status).toBe(200);
    // A host site's signed user verifies with the link's identity secret (opened with SECRETS_KEY).
    expect((await visitor('POST', `/api/public/sessions/${before.linkToken}`, { user: signedUser(before.identitySecret, 'restored-user') })).status).toBe(201);

    expect((await auditEntries()).length).toBe(before.auditEntries);
  });

  it('started with other keys than the dump was made under, the sealed secrets no longer open and the audit chain no longer verifies', async () => {
    await stop();
    await start({ SECRETS_KEY: 'another-secrets-key-0123456789abcdef', AUDIT_KEY: 'another-audit-key-0123456789abcdef' });
    const refused = await new SignedClient(url(), before.tenantSecret).status(before.sessionId);
    expect(refused.status).toBe(401);
    expect(refused.body.error.details).toMatchObject({ reason: 'bad_signature' });
    // The link's identity secret no longer opens either: its signed users are refused as on a link without one.
    const unverified = await visitor('POST', `/api/public/sessions/${before.linkToken}`, { user: signedUser(before.identitySecret, 'restored-user') });
    expect(unverified.status).toBe(401);
    expect(unverified.body.error.details).toEqual({ reason: 'identity_not_configured' });
    expect(await verify()).toMatchObject({ ok: false, reason: 'entry_altered' });

    await stop();
    await start();
    expect((await new SignedClient(url(), before.tenantSecret).status(before.sessionId)).status).toBe(200);
    expect((await visitor('POST', `/api/public/sessions/${before.linkToken}`, { user: signedUser(before.identitySecret, 'restored-user') })).status).toBe(201);
  });

  it('the checkpoint left in JetStream is ahead of the restored chain: verify says tail_missing until the one saved before the dump is put back', async () => {
    // What verify is for: a database rolled back under a checkpoint kept elsewhere is seen.
    expect(await verify()).toEqual({ ok: false, entries: before.auditEntries, reason: 'tail_missing' });

    // `nats kv put <BUS_NAMESPACE>_audit_checkpoint head < audit-checkpoint.saved`
    const saved = await readFile(join(dataDir, 'audit-checkpoint.saved'), 'utf8');
    const { revision } = await checkpoints.get('head');
    expect(await checkpoints.replace('head', saved, revision)).toBe(true);
    expect(await verify()).toEqual({ ok: true, entries: before.auditEntries });

    // The next change moves the checkpoint on from there.
    expect((await admin('POST', '/api/agents', { name: 'after-restore', config: codeWordAgent }, before.tenantId)).status).toBe(201);
    await checkpointReaches(before.auditEntries + 1);
    expect(await verify()).toEqual({ ok: true, entries: before.auditEntries + 1 });
  });

  it('with JetStream lost as well, the platform makes its streams again at start and the chain verifies on its own until the next change checkpoints it', async () => {
    await stop();
    // A NATS server without the namespace's event stream, turn queue and checkpoint bucket.
    await deleteNamespaceStreams(ctx.natsUrl, ctx.namespace);
    await start();
    checkpoints = await inspector.keyValue('audit_checkpoint');
    expect((await checkpoints.get('head')).value).toBeUndefined();
    expect(await verify()).toEqual({ ok: true, entries: before.auditEntries + 1 });

    const chat = new SignedClient(url(), before.tenantSecret);
    expect((await chat.send(before.sessionId, 'code delta')).body).toMatchObject({ turn_number: 4, extracted_variables: { code_word: 'delta' } });
    expect((await visitor('POST', `/api/public/chat/${before.linkToken}`, { content: 'Still here', session: before.visitorSession })).status).toBe(200);

    expect((await admin('POST', '/api/agents', { name: 'after-nats', config: codeWordAgent }, before.tenantId)).status).toBe(201);
    await checkpointReaches(before.auditEntries + 2);
    expect(await verify()).toEqual({ ok: true, entries: before.auditEntries + 2 });
  });
});
