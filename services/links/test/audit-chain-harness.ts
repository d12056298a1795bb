import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import type { AuditRecorded } from '@parley/contracts';
import { createLogger } from '@parley/logger';
import { createTestContext, linkTestKeys, type TestContext, waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { createLinksService, type LinksService } from '../src/app.js';
import type { AuditCheckpointStore } from '../src/audit/checkpoint-store.js';

/** The links service appending audit entries on the real NATS and PostgreSQL, with a checkpoint store of the test's choosing. */
export interface AuditChainHarness {
  ctx: TestContext;
  client: PlatformBus;
  /** Publishes `count` changes and waits until they are appended. */
  record(count: number): Promise<void>;
  /** The stored checkpoint's seq once it reaches `seq` (written after appends, at most every few hundred ms). */
  checkpointReaches(seq: number): Promise<void>;
  verify(tenantId?: string): Promise<Record<string, unknown>>;
  /** What the table's owner can do: switch the append-only triggers off, run `statement`, switch them on. */
  asOwnerWithoutTriggers(statement: ReturnType<typeof sql>): Promise<void>;
  /** The service's log lines at warn and above, in order (what the checkpointer says when it leaves a checkpoint alone). */
  logged: Array<{ level: string; msg: string }>;
  stop(): Promise<void>;
}

let counter = 0;
export const change = (tenantId: string | null = null): AuditRecorded => ({
  eventId: randomUUID(),
  at: new Date().toISOString(),
  tenantId,
  actor: { kind: 'admin', key_id: null, name: null },
  action: 'agent.create',
  target: { kind: 'agent', id: `agent-${++counter}` },
  ip: '127.0.0.1',
  details: { n: counter },
});

/**
 * `checkpoints` opens the store the service writes to, on the service's bus; `inspect` opens a
 * second handle on the same store, on the test's own bus (what the test reads and tampers with).
 */
export async function startAuditChain(options: {
  name: string;
  checkpoints: (ctx: TestContext, bus: PlatformBus) => Promise<AuditCheckpointStore>;
  /** The service's own connection (e.g. as another database role), closed after it drains; the test's own by default. */
  service?: (ctx: TestContext) => Promise<{ db: TestContext['db']; close(): Promise<void> }>;
}): Promise<AuditChainHarness & { inspect: AuditCheckpointStore }> {
  const ctx = await createTestContext({ name: options.name });
  const stops: Array<() => Promise<void>> = [() => ctx.cleanup()];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const bus = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'links' });
    stops.push(() => bus.drain());
    const client = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'client' });
    stops.push(() => client.drain());
    const inspect = await options.checkpoints(ctx, client);
    stops.push(() => inspect.close());
    let db = ctx.db;
    if (options.service) {
      const own = await options.service(ctx);
      stops.push(() => own.close());
      db = own.db;
    }
    const logged: AuditChainHarness['logged'] = [];
    const logger = createLogger({
      service: 'links',
      level: 'warn',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logged.push(JSON.parse(line));
          done();
        },
      }),
    });
    const links: LinksService = createLinksService({ bus, db, logger, keys: linkTestKeys, auditCheckpoints: await options.checkpoints(ctx, bus) });
    stops.push(() => links.drain());
    await bus.ping();
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_entries`.execute(ctx.db)).rows[0]?.n);
    return {
      ctx,
      client,
      inspect,
      logged,
      record: async (n) => {
        const before = await count();
        for (let i = 0; i < n; i++) await client.publish('events.audit.recorded', change());
        await waitFor(async () => (await count()) >= before + n, { timeoutMs: 10_000 });
      },
      checkpointReaches: async (seq) => {
        await waitFor(
          async () => {
            const { value } = await inspect.read();
            return value !== undefined && Number(JSON.parse(value).seq) >= seq;
          },
          { timeoutMs: 10_000 },
        );
      },
      verify: (tenantId) => client.request('links.audit.verify', tenantId ? { tenantId } : {}) as Promise<Record<string, unknown>>,
      asOwnerWithoutTriggers: async (statement) => {
        await ctx.db.transaction().execute(async (trx) => {
          await sql`ALTER TABLE audit_entries DISABLE TRIGGER USER`.execute(trx);
          await statement.execute(trx);
          await sql`ALTER TABLE audit_entries ENABLE TRIGGER USER`.execute(trx);
        });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** JSON with sorted keys at every depth, as the chain hashes entries. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** An entry's hash as the unkeyed chain made it (plain SHA-256): what anyone who can write the table can recompute. */
export function plainHash(
  prevHash: string,
  row: {
    id: string;
    at: Date | string;
    tenant_id: string | null;
    actor: unknown;
    action: string;
    target_kind: string;
    target_id: string | null;
    ip: string | null;
    details: unknown;
  },
): string {
  const content = {
    id: row.id,
    at: new Date(row.at).toISOString(),
    tenant_id: row.tenant_id,
    actor: row.actor,
    action: row.action,
    target_kind: row.target_kind,
    target_id: row.target_id,
    ip: row.ip,
    details: row.details,
  };
  return createHash('sha256').update(prevHash).update('\n').update(canonical(content)).digest('hex');
}
