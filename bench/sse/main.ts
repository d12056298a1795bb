import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@parley/logger';
import { inLanes, percentile } from '../common/closed-loop.js';
import { FAN_OUT_MARK, timeFanOut } from '../common/fan-out.js';
import { collectedRssKiB } from '../common/gateway-memory.js';
import { idleSessions } from '../common/idle-sessions.js';
import { startRealStack } from '../common/real-stack.js';
import { repoRoot } from '../common/stack.js';

export const USAGE = `npm run bench -- sse [options]

Idle SSE connections on one gateway process (the real stack: gateway, links, sessions,
agent-runner as processes on this machine's PostgreSQL, NATS and Redis): the gateway's RSS per
idle connection, and the time one event per session takes to reach every stream.

  --connections <n>   SSE connections (default 10000; the open-files limit bounds it)
  --sessions <n>      public sessions the connections are spread over (default 1000)
  --runtime bundle|tsx  (default tsx)
  --help

Targets: <= 16 KiB gateway RSS per idle connection; every stream gets its event within 1 s.`;

const ADMIN_AGENT = {
  workflow: {
    initial_node: 'start',
    nodes: [{ id: 'start', name: 'Start', static_text: 'Hello.', transitions: [{ to: 'start', condition: 'user_responded' }] }],
  },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SseResult {
  connections: number;
  sessions: number;
  rssBeforeKiB: number;
  rssAfterKiB: number;
  kibPerConnection: number;
  fanOutMs: { p50: number; p99: number; max: number };
  /** Streams that got their session's event (each counted once). */
  received: number;
  /** Sessions none of whose streams got the event. */
  sessionsMissed: number;
}

export async function runSseBench(options: {
  connections: number;
  sessions: number;
  runtime: 'bundle' | 'tsx';
  log: (line: string) => void;
}): Promise<SseResult> {
  const logger = createLogger({ service: 'bench', level: 'silent' });
  // Thousands of streams from one address, several per session: past the gateway's live-stream caps.
  const gatewayEnv = { LIVE_STREAMS_PER_SESSION: '100000000', LIVE_STREAMS_PER_ADDRESS: '100000000' };
  const stack = await startRealStack({ runtime: options.runtime, sessionsReplicas: 1, log: options.log, logger, inspectGateway: true, gatewayEnv });
  const sockets: Array<{ destroy(): void }> = [];
  try {
    if (!stack.nats) throw new Error('the real stack gives its NATS');
    const { bus, token, sessions, gateway, rssBeforeKiB } = await idleSessions(stack, {
      name: 'sse',
      title: 'SSE bench',
      agentConfig: ADMIN_AGENT,
      sessions: options.sessions,
      logger,
      log: options.log,
    });

    const { hostname, port } = new URL(stack.url);
    // The first time each stream saw the event, by stream: a stream counts once however often it is told.
    const arrivals = new Map<number, number>();
    options.log(`opening ${options.connections} SSE connections`);
    await inLanes(options.connections, 64, (index) => {
      const session = sessions[index % sessions.length];
      if (!session) throw new Error('no session');
      return new Promise<void>((resolve, reject) => {
        const req = request({ host: hostname, port, path: `/api/public/events/${token}?session=${session.session}`, agent: false });
        req.on('response', (res) => {
          if (res.statusCode !== 200) return reject(new Error(`stream ${index}: ${res.statusCode}`));
          sockets.push(res.socket);
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            if (chunk.includes(FAN_OUT_MARK) && !arrivals.has(index)) arrivals.set(index, performance.now());
          });
          resolve();
        });
        req.on('error', reject);
        req.end();
      });
    });
    await sleep(3_000);
    const rssAfterKiB = await collectedRssKiB(gateway);

    const { latencies, missing } = await timeFanOut({
      namespace: stack.nats.namespace,
      sessions,
      connections: options.connections,
      arrivals,
      log: options.log,
    });
    await bus.drain();
    return {
      connections: options.connections,
      sessions: sessions.length,
      rssBeforeKiB,
      rssAfterKiB,
      kibPerConnection: (rssAfterKiB - rssBeforeKiB) / options.connections,
      fanOutMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? Number.NaN },
      received: latencies.length,
      sessionsMissed: missing.length,
    };
  } finally {
    for (const socket of sockets) socket.destroy();
    await stack.stop();
  }
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { connections: { type: 'string' }, sessions: { type: 'string' }, runtime: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const count = (flag: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number ≥ 1, got "${value}"`);
    return n;
  };
  const connections = count('--connections', values.connections ?? '10000');
  const sessions = Math.min(connections, count('--sessions', values.sessions ?? '1000'));
  const runtime = values.runtime === 'bundle' ? 'bundle' : 'tsx';
  const result = await runSseBench({ connections, sessions, runtime, log: (line) => process.stderr.write(`${line}\n`) });
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  process.stdout.write(
    [
      `SSE: ${result.connections} idle connections over ${result.sessions} sessions on one gateway process`,
      `gateway RSS ${(result.rssBeforeKiB / 1024).toFixed(1)} MiB → ${(result.rssAfterKiB / 1024).toFixed(1)} MiB: ${result.kibPerConnection.toFixed(2)} KiB per idle connection  [${verdict(result.kibPerConnection <= 16)} ≤ 16 KiB]`,
      `one event per session reached ${result.received}/${result.connections} streams: p50 ${result.fanOutMs.p50.toFixed(1)} ms, p99 ${result.fanOutMs.p99.toFixed(1)} ms, max ${result.fanOutMs.max.toFixed(1)} ms  [${verdict(result.received === result.connections && result.fanOutMs.max <= 1_000)} every stream ≤ 1 s]`,
      '',
    ].join('\n'),
  );
  const dir = join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `sse-${new Date().toISOString().replaceAll(':', '-').replaceAll('.', '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
