import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteNamespaceStreams } from '../src/nats/events.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const child = fileURLToPath(new URL('./socket-writes.child.ts', import.meta.url));

describe('nats bus: socket writes (bench/BUDGET.md, "What a service writes to NATS")', () => {
  let namespace = '';
  afterEach(async () => {
    if (namespace) await deleteNamespaceStreams(servers, namespace);
  });

  it.runIf(existsSync('/proc/thread-self/io'))(
    'what a process sends in one turn of its event loop goes out in one write: publishes, the acknowledgements they lead to, a bus’s replies',
    async () => {
      namespace = `t_${randomBytes(6).toString('hex')}`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], {
        env: { ...process.env, NATS_URL: servers, BUS_NAMESPACE: namespace },
        timeout: 30_000,
      });
      const counts = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;

      // The client alone writes once per callback: the count sees the difference.
      expect(counts.client).toBeGreaterThanOrEqual(150);
      // 200 callbacks' publishes; 100 replies and the 100 acknowledgements they lead to; a bus's 100
      // replies, each from a callback of its own. One write each, with a little room.
      expect(counts.outbox).toBeLessThanOrEqual(3);
      expect(counts.written).toBeLessThanOrEqual(3);
      expect(counts.bus).toBeLessThanOrEqual(5);
    },
    40_000,
  );
});
