import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import * as keyedChain from '../../../libs/db/src/migrations/2026112404_audit_keyed_chain.js';
import { busAuditCheckpoints } from '../src/audit/bus-checkpoint-store.js';
import { fileAuditCheckpoints } from '../src/audit/file-checkpoint-store.js';
import { type AuditChainHarness, change, plainHash, startAuditChain } from './audit-chain-harness.js';

/**
 * Someone who can write the audit table (its owner, a stolen superuser password, a restored
 * backup) tries to hide a change: the keyed chain and the signed checkpoint kept in JetStream
 * outside PostgreSQL must show it.
 */
describe('the audit chain against whoever can write its table', () => {
  let h: (AuditChainHarness & { inspect: Awaited<ReturnType<typeof busAuditCheckpoints>> }) | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });
  const start = async () => {
    h = await startAuditChain({ name: 'links-audit-security', checkpoints: (_ctx, bus) => busAuditCheckpoints(bus) });
    return h;
  };

  it('reports the newest entries deleted with the triggers disabled', async () => {
    const a = await start();
    await a.record(5);
    await a.checkpointReaches(5);
    expect(await a.verify()).toEqual({ ok: true, entries: 5 });

    await a.asOwnerWithoutTriggers(sql`DELETE FROM audit_entries WHERE seq > 3`);
    expect(await a.verify()).toEqual({ ok: false, entries: 3, reason: 'tail_missing' });
    // Every entry gone: still reported, not an empty log that verifies.
    await a.asOwnerWithoutTriggers(sql`DELETE FROM audit_entries`);
    expect(await a.verify()).toEqual({ ok: false, entries: 0, reason: 'tail_missing' });
  });

  it('reports a chain rewritten with every hash recomputed as plain SHA-256', async () => {
    const a = await start();
    await a.record(4);
    await a.checkpointReaches(4);
    const rows = await a.ctx.db.selectFrom('audit_entries').selectAll().orderBy('seq').execute();
    // The attacker changes what entry 2 says and recomputes its hash and every one after it.
    const forged = rows.map((row) => (row.seq === '2' ? { ...row, details: { name: 'someone else' } } : row));
    let prev = forged[0]!.hash;
    const rewrites = forged.slice(1).map((row) => {
      const hash = plainHash(prev, row);
      const rewrite = sql`UPDATE audit_entries SET details = ${JSON.stringify(row.details)}::jsonb, prev_hash = ${prev}, hash = ${hash} WHERE seq = ${row.seq}`;
      prev = hash;
      return rewrite;
    });
    for (const rewrite of rewrites) await a.asOwnerWithoutTriggers(rewrite);

    // Counted up to the break, as verify walks.
    expect(await a.verify()).toEqual({
      ok: false,
      entries: 2,
      reason: 'entry_altered',
      first_broken: { id: rows[1]!.id, at: new Date(rows[1]!.at).toISOString() },
    });
  });

  it('reports the database restored to an earlier state, and still does once new entries grew past the checkpoint', async () => {
    const a = await start();
    await a.record(5);
    await a.checkpointReaches(5);
    // A backup taken at entry 3 is restored: entries 4 and 5 are gone.
    await a.asOwnerWithoutTriggers(sql`DELETE FROM audit_entries WHERE seq > 3`);
    expect(await a.verify()).toMatchObject({ ok: false, reason: 'tail_missing' });

    // The service goes on appending: seq 4, 5 and 6 now hold other entries than the checkpoint saw.
    const lines = a.logged.length;
    await a.record(3);
    // Its checkpointer comes to the checkpoint after the appends, and leaves it as it is.
    await waitFor(() => a.logged.slice(lines).some((line) => line.msg === 'the audit chain no longer holds the checkpointed entry; left for verify to report'));
    const atFive = await a.ctx.db.selectFrom('audit_entries').select(['id', 'at']).where('seq', '=', '5').executeTakeFirstOrThrow();
    expect(await a.verify()).toEqual({
      ok: false,
      entries: 6,
      reason: 'hash_mismatch',
      first_broken: { id: atFive.id, at: new Date(atFive.at).toISOString() },
    });
    // The checkpoint was not moved past the entry it attests: the evidence stays.
    expect(JSON.parse((await a.inspect.read()).value!).seq).toBe('5');
  });

  it('reports a checkpoint altered, forged with another key, or not a checkpoint at all', async () => {
    const a = await start();
    await a.record(3);
    await a.checkpointReaches(3);
    const stored = JSON.parse((await a.inspect.read()).value!);

    const replace = async (value: string) => expect(await a.inspect.replace(value, (await a.inspect.read()).revision)).toBe(true);
    // Its seq moved down, so deleting the newest entries would pass.
    await replace(JSON.stringify({ ...stored, seq: '1' }));
    expect(await a.verify()).toEqual({ ok: false, entries: 3, reason: 'checkpoint_invalid' });
    // Signed, but with a key that is not AUDIT_KEY.
    const forged = { seq: '1', hash: stored.hash, at: stored.at };
    const sig = createHmac('sha256', 'not-the-audit-key-at-all').update(`${forged.seq}\n${forged.hash}\n${forged.at}`).digest('hex');
    await replace(JSON.stringify({ ...forged, sig }));
    expect(await a.verify()).toMatchObject({ ok: false, reason: 'checkpoint_invalid' });
    await replace('not json');
    expect(await a.verify()).toMatchObject({ ok: false, reason: 'checkpoint_invalid' });
    // A later append does not paper over it: the checkpointer comes to it, and leaves it as it is.
    const lines = a.logged.length;
    await a.record(1);
    await waitFor(() => a.logged.slice(lines).some((line) => line.msg === 'the audit checkpoint does not hold its signature; left for verify to report'));
    expect(await a.verify()).toMatchObject({ ok: false, reason: 'checkpoint_invalid' });

    // The original, put back, holds again.
    await replace(JSON.stringify(stored));
    expect(await a.verify()).toEqual({ ok: true, entries: 4 });
  });

  it('accepts the plain SHA-256 entries written before the chain was keyed, and no plain entry after them', async () => {
    const a = await start();
    // A log from before the keyed chain: the migration undone, two entries hashed as they were then, the migration run again.
    await keyedChain.down(a.ctx.db as never);
    let prev = '0'.repeat(64);
    for (const n of [1, 2]) {
      const row = {
        id: `aud_legacy${n}`,
        at: new Date(),
        tenant_id: null,
        actor: { kind: 'admin', key_id: null, name: null },
        action: 'agent.create',
        target_kind: 'agent',
        target_id: `old-${n}`,
        ip: null,
        details: { n },
      };
      const hash = plainHash(prev, row);
      await sql`INSERT INTO audit_entries (seq, id, event_id, at, actor, action, target_kind, target_id, details, prev_hash, hash)
        VALUES (${n}, ${row.id}, gen_random_uuid(), ${row.at}, ${JSON.stringify(row.actor)}::jsonb, ${row.action}, ${row.target_kind}, ${row.target_id}, ${JSON.stringify(row.details)}::jsonb, ${prev}, ${hash})`.execute(
        a.ctx.db,
      );
      prev = hash;
    }
    await keyedChain.up(a.ctx.db as never);
    await a.record(2);
    await a.checkpointReaches(4);
    expect(await a.verify()).toEqual({ ok: true, entries: 4 });

    // Whoever can insert a row cannot continue the chain with a plain hash: past the prefix it must be keyed.
    const head = await a.ctx.db.selectFrom('audit_entries').select('hash').where('seq', '=', '4').executeTakeFirstOrThrow();
    const fifth = {
      id: 'aud_slipped_in',
      at: new Date(),
      tenant_id: null,
      actor: { kind: 'admin', key_id: null, name: null },
      action: 'tenant.create',
      target_kind: 'tenant',
      target_id: null,
      ip: null,
      details: {},
    };
    await sql`INSERT INTO audit_entries (seq, id, event_id, at, actor, action, target_kind, target_id, details, prev_hash, hash)
      VALUES (5, ${fifth.id}, gen_random_uuid(), ${fifth.at}, ${JSON.stringify(fifth.actor)}::jsonb, ${fifth.action}, ${fifth.target_kind}, null, '{}'::jsonb, ${head.hash}, ${plainHash(head.hash, fifth)})`.execute(
      a.ctx.db,
    );
    expect(await a.verify()).toEqual({ ok: false, entries: 5, reason: 'entry_altered', first_broken: { id: fifth.id, at: fifth.at.toISOString() } });
    // Nor extend the prefix: its row is append-only.
    await expect(sql`UPDATE audit_legacy_prefix SET last_seq = 5`.execute(a.ctx.db)).rejects.toThrow(/append-only/);
  });

  it('accepts a head ahead of the checkpoint (a crash between append and checkpoint), and checkpoints it at drain', async () => {
    const a = await start();
    await a.record(2);
    await a.checkpointReaches(2);
    const stored = (await a.inspect.read()).value!;
    // Entries appended while the checkpoint stayed behind, as if the process had died before writing it.
    await a.record(3);
    await a.inspect.replace(stored, (await a.inspect.read()).revision);
    expect(await a.verify()).toEqual({ ok: true, entries: 5 });
    // A tenant's view counts its own entries only, and holds the same way.
    await a.client.publish('events.audit.recorded', change('5a0c7a3e-8a4c-4a5e-9b1c-1c8e1f0a2b3c'));
    await a.checkpointReaches(6);
    expect(await a.verify('5a0c7a3e-8a4c-4a5e-9b1c-1c8e1f0a2b3c')).toEqual({ ok: true, entries: 1 });
  });
});

describe('the audit checkpoint in a file under DATA_DIR (the one-process mode without NATS)', () => {
  let h: AuditChainHarness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    h = undefined;
  });

  it('checkpoints the head and reports the newest entries deleted, and a tampered file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-audit-'));
    const dataDir = dir;
    const a = await startAuditChain({ name: 'links-audit-file', checkpoints: async () => fileAuditCheckpoints(dataDir) });
    h = a;
    await a.record(4);
    await a.checkpointReaches(4);
    expect(await a.verify()).toEqual({ ok: true, entries: 4 });
    await a.asOwnerWithoutTriggers(sql`DELETE FROM audit_entries WHERE seq = 4`);
    expect(await a.verify()).toEqual({ ok: false, entries: 3, reason: 'tail_missing' });

    const stored = JSON.parse((await a.inspect.read()).value!);
    await a.inspect.replace(JSON.stringify({ ...stored, seq: '3' }), (await a.inspect.read()).revision);
    expect(await a.verify()).toEqual({ ok: false, entries: 3, reason: 'checkpoint_invalid' });
  });
});
