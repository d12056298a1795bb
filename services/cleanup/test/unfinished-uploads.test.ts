import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sha256Hex } from '@parley/auth';
import { fileUploadStore, s3UploadStore, type UploadStore } from '@parley/uploads';
import { startS3Server } from '@parley/uploads/test-s3-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleanupHarness, type CleanupReplica, listeningAgent, ON_DEMAND_INTERVAL_MINUTES, startCleanupHarness } from './cleanup-harness.js';

const JOB = 'sweep-unfinished-uploads';
const FILE = Buffer.from('%PDF-1.4 a visitor’s statement');
const bytes = () => Readable.from([FILE]);

interface StoreUnderTest {
  store: UploadStore;
  /** What a put killed while the file streamed leaves in the store under `key`. */
  leaveKilledPut(key: string): Promise<void>;
  /** Everything the store holds, as its owner would see it (temporary files included). */
  contents(): Promise<string[]>;
  close(): Promise<void>;
}

async function folderStore(): Promise<StoreUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-cleanup-uploads-'));
  return {
    store: fileUploadStore(dir),
    async leaveKilledPut(key) {
      // What fileUploadStore's put writes before it renames (libs/uploads tests kill one midway).
      const [tenant, session, id] = key.split('/');
      await writeFile(join(dir, tenant!, session!, `.~${id}.0123456789abcdef`), FILE.subarray(0, 10));
    },
    async contents() {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
        .sort();
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

async function bucketStore(): Promise<StoreUnderTest> {
  const server = await startS3Server();
  const store = s3UploadStore(server.options);
  return {
    store,
    // A PutObject cut off by a killed process leaves no object, and its spool file has no name.
    leaveKilledPut: async () => {},
    contents: async () => [...(await server.listKeys()), ...(await server.pendingUploads())],
    async close() {
      await store.close();
      await server.close();
    },
  };
}

describe.each([
  ['a folder', folderStore],
  ['an S3 bucket', bucketStore],
])('files of uploads their gateway never recorded, in %s', (_name, startStore) => {
  let target: StoreUnderTest;
  let h: CleanupHarness;
  let replicas: CleanupReplica[];
  let tenantId: string;

  beforeAll(async () => {
    target = await startStore();
    h = await startCleanupHarness({ uploads: target.store });
    replicas = await Promise.all([1, 2].map(() => h.startReplica({ retentionDays: 90, intervalMinutes: ON_DEMAND_INTERVAL_MINUTES })));
    tenantId = (await h.client.request('links.tenants.create', { name: 'Unfinished uploads' })).id;
    await h.client.request('links.agents.create', { tenantId, name: 'listener', config: listeningAgent });
  });
  afterAll(async () => {
    await h?.stop();
    await target?.close();
  });

  /** A visitor's session on a link that takes files. */
  async function visitor() {
    const settings = { title: 'Receipts', uploads: { enabled: true, max_bytes: 1024 * 1024, types: ['application/pdf', 'text/plain'] } };
    const link = await h.client.request('links.links.create', {
      tenantId,
      agentName: 'listener',
      settings: settings as never,
      publicBaseUrl: 'https://chat.example.com',
    });
    const access = await h.client.request('links.links.resolve', { tokenHash: sha256Hex(link.token) });
    const first = await h.client.request('sessions.public-send', { link: access, content: 'I have a receipt' });
    return { linkId: access.linkId, credentialHash: sha256Hex(first.session!) };
  }
  let ids = 0;
  const uploadId = () => `upl_${'unfinished'.padEnd(18, 'x')}${String(++ids).padStart(4, '0')}`;
  /** What a gateway does before it stores a file: the session admits it, and names it as unfinished. */
  const admit = async (session: { linkId: string; credentialHash: string }) => {
    const id = uploadId();
    return { id, ...(await h.client.request('sessions.uploads.admit', { ...session, uploadId: id })) };
  };
  const unfinished = async () => (await h.ctx.db.selectFrom('unfinished_uploads').select('id').orderBy('id').execute()).map((row) => row.id);
  const age = (id: string, minutes: number) =>
    sql`UPDATE unfinished_uploads SET started_at = now() - make_interval(mins => ${minutes}::int) WHERE id = ${id}`.execute(h.ctx.db);
  async function runJob(): Promise<string | null | undefined> {
    await sql`DELETE FROM cleanup_job_runs WHERE job = ${JOB}`.execute(h.ctx.db);
    const ran = await Promise.all(replicas.map((replica) => replica.scheduler.tick(replica.jobs.find((job) => job.name === JOB)!)));
    expect(ran.filter(Boolean)).toHaveLength(1);
    return (await sql<{ outcome: string | null }>`SELECT outcome FROM cleanup_job_runs WHERE job = ${JOB}`.execute(h.ctx.db)).rows[0]?.outcome;
  }

  it('deletes a file stored but never recorded, and what a put killed midway left, once they are an hour old; recorded and recent ones stay', async () => {
    const session = await visitor();
    // Its gateway died after storing the file, before recording it.
    const stored = await admit(session);
    await target.store.put(stored.key, bytes(), { maxBytes: 1024 });
    // Its gateway died while the file streamed.
    const cut = await admit(session);
    await target.leaveKilledPut(cut.key);
    // Still arriving, as far as anyone can tell: 50 minutes.
    const recent = await admit(session);
    await target.store.put(recent.key, bytes(), { maxBytes: 1024 });
    // Finished: stored and recorded, which forgets it as unfinished.
    const done = await admit(session);
    const put = await target.store.put(done.key, bytes(), { maxBytes: 1024 });
    await h.client.request('sessions.uploads.record', {
      conversationId: done.conversationId,
      id: done.id,
      name: 'receipt.pdf',
      type: 'application/pdf',
      key: done.key,
      ...put,
    });
    expect(await unfinished()).toEqual([stored.id, cut.id, recent.id]);

    await age(stored.id, 61);
    await age(cut.id, 120);
    await age(recent.id, 50);
    expect(await runJob()).toBe('deleted the files of 2 unfinished uploads');

    expect(await unfinished()).toEqual([recent.id]);
    expect(await target.store.open(stored.key)).toBeUndefined();
    const left = await target.contents();
    expect(left.filter((entry) => entry.includes(cut.id))).toEqual([]);
    expect(left.filter((entry) => entry.includes(stored.id))).toEqual([]);
    expect(left.filter((entry) => entry.includes(recent.id) || entry.includes(done.id))).toHaveLength(2);
    // The recorded file is still its session's.
    expect(await h.client.request('sessions.uploads.get', { uploadId: done.id, reader: { credentialHash: session.credentialHash } })).toMatchObject({
      id: done.id,
      bytes: FILE.length,
    });

    // The next run finds nothing old enough.
    expect(await runJob()).toBe('deleted the files of 0 unfinished uploads');
    expect(await unfinished()).toEqual([recent.id]);
  });

  it('deletes a file that finished arriving after its conversation was erased, when its gateway died before hearing so', async () => {
    const session = await visitor();
    const late = await admit(session);
    // The visitor erases the conversation while the file streams; erasure deletes the session's
    // files, but this one lands afterwards, and its gateway dies before recording it.
    await h.client.request('sessions.privacy.erase-session', session);
    await target.store.put(late.key, bytes(), { maxBytes: 1024 });
    await sql`DELETE FROM unfinished_uploads WHERE id <> ${late.id}`.execute(h.ctx.db);

    await age(late.id, 90);
    expect(await runJob()).toBe('deleted the files of 1 unfinished uploads');
    expect(await unfinished()).toEqual([]);
    expect(await target.store.open(late.key)).toBeUndefined();
  });
});
