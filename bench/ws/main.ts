import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@parley/logger';
import { connectWebSocket, type WsClient } from '@parley/testing';
import { inLanes, percentile } from '../common/closed-loop.js';
import { FAN_OUT_MARK, timeFanOut } from '../common/fan-out.js';
import { collectedRssKiB } from '../common/gateway-memory.js';
import { idleSessions } from '../common/idle-sessions.js';
import { startRealStack } from '../common/real-stack.js';
import { repoRoot } from '../common/stack.js';

export const USAGE = `npm run bench -- ws [options]

Idle widget WebSockets on one gateway process (the real stack: gateway, links, sessions,
agent-runner as processes on this machine's PostgreSQL, NATS and Redis): the gateway's RSS per
idle socket, the time one event per session takes to reach every socket, and the time from a
visitor's escalation to the operator's inbox event.

  --connections <n>   WebSockets (default 10000; the open-files limit bounds it)
  --sessions <n>      public sessions the sockets are spread over (default 1000)
  --escalations <n>   escalations timed to the inbox, one after another (default 200; ≤ sessions)
  --runtime bundle|tsx  (default tsx)
  --help

Targets: <= 16 KiB gateway RSS per idle socket; every socket gets its event within 1 s;
escalation to inbox event p99 <= 100 ms.`;

const AGENT = {
  workflow: {
    initial_node: 'start',
    nodes: [{ id: 'start', name: 'Start', static_text: 'Hello.', transitions: [{ to: 'start', condition: 'user_responded' }] }],
  },
};
/** One address sends every request: the gateway's per-address and per-session limits would refuse most. */
const RAISED_LIMITS = {
  PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
  PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE: '100000000',
  MANAGEMENT_RATE_LIMIT_PER_MINUTE: '100000000',
  // Thousands of sockets from one address, several per session.
  LIVE_STREAMS_PER_SESSION: '100000000',
  LIVE_STREAMS_PER_ADDRESS: '100000000',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The gateway's resident memory after a full garbage collection (asked through its inspector), as bench/sse reads it. */
interface Distribution {
  p50: number;
  p99: number;
  max: number;
}
const distribution = (sorted: number[]): Distribution => ({ p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN });

export interface WsResult {
  connections: number;
  sessions: number;
  rssBeforeKiB: number;
  rssAfterKiB: number;
  kibPerConnection: number;
  fanOutMs: Distribution;
  /** Sockets that got their session's event (each counted once). */
  received: number;
  /** Sessions none of whose sockets got the event. */
  sessionsMissed: number;
  escalations: number;
  /** From sending POST …/escalate to the inbox stream's `escalation` event of that conversation. */
  escalationToInboxMs: Distribution;
}

/** The operator's inbox stream: calls `onEscalation` with each `escalation` event's conversation id. */
function followInbox(baseUrl: string, key: string, onEscalation: (conversationId: string) => void): Promise<{ close(): void }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: '/api/inbox/events', headers: { authorization: `Bearer ${key}` }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`inbox stream: ${res.statusCode}`));
      res.setEncoding('utf8');
      let pending = '';
      res.on('data', (chunk: string) => {
        pending += chunk;
        let end = pending.indexOf('\n\n');
        while (end >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          end = pending.indexOf('\n\n');
          if (!block.includes('event: escalation')) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          const conversationId = data ? (JSON.parse(data) as { conversation_id?: string }).conversation_id : undefined;
          if (conversationId) onEscalation(conversationId);
        }
      });
      resolve({ close: () => res.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

export async function runWsBench(options: {
  connections: number;
  sessions: number;
  escalations: number;
  runtime: 'bundle' | 'tsx';
  log: (line: string) => void;
}): Promise<WsResult> {
  const logger = createLogger({ service: 'bench', level: 'silent' });
  const stack = await startRealStack({
    runtime: options.runtime,
    sessionsReplicas: 1,
    log: options.log,
    logger,
    inspectGateway: true,
    gatewayEnv: RAISED_LIMITS,
  });
  const sockets: WsClient[] = [];
  try {
    if (!stack.nats) throw new Error('the real stack gives its NATS');
    const { bus, tenant, token, sessions, gateway, rssBeforeKiB } = await idleSessions(stack, {
      name: 'ws',
      title: 'WebSocket bench',
      agentConfig: AGENT,
      sessions: options.sessions,
      logger,
      log: options.log,
    });

    const wsBase = stack.url.replace(/^http/, 'ws');
    // The first time each socket saw the event, by socket: a socket counts once however often it is told.
    const arrivals = new Map<number, number>();
    options.log(`opening ${options.connections} WebSockets`);
    await inLanes(options.connections, 64, (index) => {
      const session = sessions[index % sessions.length];
      if (!session?.session) throw new Error('no session');
      return new Promise<void>((resolve, reject) => {
        const socket = connectWebSocket(`${wsBase}/api/public/ws/${token}?session=${session.session}`);
        socket.on('open', () => {
          sockets.push(socket);
          resolve();
        });
        socket.on('unexpected-response', (_request, response) => reject(new Error(`socket ${index}: ${response.statusCode}`)));
        socket.on('error', reject);
        socket.on('message', (data) => {
          if (!arrivals.has(index) && data.includes(FAN_OUT_MARK)) arrivals.set(index, performance.now());
        });
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

    // Escalations, one after another, with the sockets still open: POST …/escalate to the operator's inbox event.
    options.log(`timing ${options.escalations} escalations to the inbox`);
    const key = await postJson(`${stack.url}/api/tenants/${tenant.id}/keys`, { name: 'Bench operator' }, { authorization: `Bearer ${stack.adminApiKey}` });
    if (key.status !== 201) throw new Error(`tenant key: ${key.status}`);
    const waiting = new Map<string, (at: number) => void>();
    const inbox = await followInbox(stack.url, key.body.key, (conversationId) => waiting.get(conversationId)?.(performance.now()));
    const escalationTimes: number[] = [];
    try {
      await sleep(200);
      for (const session of sessions.slice(0, options.escalations)) {
        const arrived = new Promise<number>((resolve) => waiting.set(session.conversation_id, resolve));
        const start = performance.now();
        const answer = await postJson(`${stack.url}/api/public/chat/${token}/escalate`, { session: session.session, reason: 'bench' });
        if (answer.status !== 201) throw new Error(`escalate: ${answer.status} ${JSON.stringify(answer.body)}`);
        const at = await Promise.race([arrived, sleep(5_000).then(() => Number.NaN)]);
        if (Number.isNaN(at)) throw new Error(`no inbox event for ${session.conversation_id} within 5 s`);
        escalationTimes.push(at - start);
        waiting.delete(session.conversation_id);
      }
    } finally {
      inbox.close();
    }
    await bus.drain();
    return {
      connections: options.connections,
      sessions: sessions.length,
      rssBeforeKiB,
      rssAfterKiB,
      kibPerConnection: (rssAfterKiB - rssBeforeKiB) / options.connections,
      fanOutMs: distribution(latencies),
      received: latencies.length,
      sessionsMissed: missing.length,
      escalations: escalationTimes.length,
      escalationToInboxMs: distribution(escalationTimes.sort((a, b) => a - b)),
    };
  } finally {
    for (const socket of sockets) socket.terminate();
    await stack.stop();
  }
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      connections: { type: 'string' },
      sessions: { type: 'string' },
      escalations: { type: 'string' },
      runtime: { type: 'string' },
      help: { type: 'boolean' },
    },
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
  const escalations = Math.min(sessions, count('--escalations', values.escalations ?? '200'));
  const runtime = values.runtime === 'bundle' ? 'bundle' : 'tsx';
  const result = await runWsBench({ connections, sessions, escalations, runtime, log: (line) => process.stderr.write(`${line}\n`) });
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const ms = (d: Distribution) => `p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(1)} ms`;
  process.stdout.write(
    [
      `WebSocket: ${result.connections} idle sockets over ${result.sessions} sessions on one gateway process`,
      `gateway RSS ${(result.rssBeforeKiB / 1024).toFixed(1)} MiB → ${(result.rssAfterKiB / 1024).toFixed(1)} MiB: ${result.kibPerConnection.toFixed(2)} KiB per idle socket  [${verdict(result.kibPerConnection <= 16)} ≤ 16 KiB]`,
      `one event per session reached ${result.received}/${result.connections} sockets: ${ms(result.fanOutMs)}  [${verdict(result.received === result.connections && result.fanOutMs.max <= 1_000)} every socket ≤ 1 s]`,
      `escalation → inbox event (${result.escalations}, one at a time): ${ms(result.escalationToInboxMs)}  [${verdict(result.escalationToInboxMs.p99 <= 100)} p99 ≤ 100 ms]`,
      '',
    ].join('\n'),
  );
  const dir = join(repoRoot, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `ws-${new Date().toISOString().replaceAll(':', '-').replaceAll('.', '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
