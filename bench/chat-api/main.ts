import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_AGENT_KINDS, type BenchAgentKind } from '../common/bench-agent.js';
import { fileStamp, parseConcurrency, parseModes, parseRuntime, positiveNumber, RESULTS_DIR, writeResult } from '../common/cli.js';
import { formatReport } from '../common/report.js';
import { type ChatApiOptions, runChatApiBench } from './bench.js';
import type { RequestKind } from './load.js';
import { formatIngestion, formatKnowledge } from './report.js';

export const USAGE = `npm run bench -- chat-api [options]

Turns per second and latency per turn of the Text Chat API (POST .../messages) through the whole
stack, for each agent, at each concurrency level, in each mode.

  --mode real|one-process|both   which stack (default both)
                                 real: gateway, links, sessions, agent-runner as separate processes
                                       on this machine's PostgreSQL, NATS and Redis
                                 one-process: platform/src/main.ts with embedded PostgreSQL,
                                       the in-process bus and memory stores
  --agent <a,a,…>                which agents answer, each at every level: static, llm, tool,
                                 knowledge (default static)
                                 static: a static_text node (no LLM): the platform's own cost
                                 llm: a prompt node: one LLM call per turn, with the
                                      history, answered at once by a fake OpenAI-compatible
                                      server in a process of its own (its CPU is not the stack's)
                                 tool: a prompt node with an http tool: per turn the fake LLM
                                      asks for one call (GET /api/orders/{id} on a shop service
                                      in the fake's process), then answers: two LLM calls and
                                      one HTTP call
                                 knowledge: a prompt node with knowledge: per turn a search of
                                      a base of the project's docs (copied to --chunks chunks,
                                      read through the management API before the levels), the
                                      passages in the prompt, one LLM call that cites one; the
                                      memory service runs as a process of its own, and the
                                      search route's p50/p99 on the idle stack is reported
  --chunks <n>                   the knowledge agent's base: at least n chunks (default 10000)
  --embeddings                   embed chunks and questions (EMBEDDING_MODEL, the fake's
                                 /embeddings): hybrid search instead of full-text alone
  --ingest-pdf <MiB>             the knowledge agent: at each level, measure turns again while a
                                 PDF of that size (docs text and pictures) is read into the base
                                 over and over, alternated with windows without, and report the
                                 p99 of both (the target: within 20 %)
  --duration <s>                 measured seconds per level (default 5)
  --warmup <s>                   warm-up seconds before each measurement (default 10: on two
                                 cores the services' JIT takes about that long to settle)
  --concurrency <n,n,…>          concurrent sessions, one closed-loop worker each (default 1,16,64)
  --runtime bundle|tsx           real mode: tsdown bundles (default, what ships) or TypeScript via tsx
  --sessions-replicas <n>        real mode: run n sessions processes (default 1); NATS hands each
                                 request to one of them at random, as with replicas in production
  --requests <k,k,…>             what each level measures: turn (default), session (POST
                                 /api/chat/sessions: a new conversation with its start turn)
  --breakdown                    at each level also measure lighter requests, to see what each hop
                                 of a turn costs: GET /healthz (the gateway's HTTP server alone), a
                                 signed GET of the session's status (gateway → Redis → NATS →
                                 sessions → one PostgreSQL read) and, in real mode, straight over
                                 NATS past the gateway: sessions.send, sessions.status, runner.turn
  --cpu-prof                     CPU-profile every service process (measured windows only) and
                                 print where the time goes
  --pg-statements                real mode: PostgreSQL's dearest statements in each measured
                                 window, per turn (calls, execution and planning ms, WAL bytes),
                                 from pg_stat_statements – which the server must load at start:
                                 ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'
                                 and restart it (planning is counted with
                                 pg_stat_statements.track_planning = on)
  --perf-map                     start the service processes with --perf-basic-prof, so Linux
                                 "perf record" names their JavaScript functions (real mode prints
                                 the process ids for "perf report --pid")
  --help

Servers: DATABASE_URL (server-level; a database parley_bench_<id> is created and dropped),
NATS_URL, REDIS_URL; defaults are 127.0.0.1 with the standard ports.
Results: a table on stdout (plus Markdown), and bench/results/chat-api-<timestamp>.json.`;

export type CliOptions = Omit<ChatApiOptions, 'log' | 'profileDir'> & { cpuProfile: boolean };

export function parseOptions(args: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      mode: { type: 'string', default: 'both' },
      agent: { type: 'string', default: 'static' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '1,16,64' },
      runtime: { type: 'string', default: 'bundle' },
      'sessions-replicas': { type: 'string', default: '1' },
      'cpu-prof': { type: 'boolean', default: false },
      'perf-map': { type: 'boolean', default: false },
      'pg-statements': { type: 'boolean', default: false },
      breakdown: { type: 'boolean', default: false },
      requests: { type: 'string', default: 'turn' },
      chunks: { type: 'string', default: '10000' },
      embeddings: { type: 'boolean', default: false },
      'ingest-pdf': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const modes = parseModes(values.mode);
  if (values['pg-statements'] && modes.includes('one-process')) {
    throw new Error("--pg-statements reads the real mode's PostgreSQL server: give --mode real");
  }
  const concurrency = parseConcurrency(values.concurrency);
  const agents = parseAgents(values.agent);
  const sessionsReplicas = Number(values['sessions-replicas']);
  if (!Number.isInteger(sessionsReplicas) || sessionsReplicas < 1) {
    throw new Error(`--sessions-replicas takes a whole number ≥ 1, got "${values['sessions-replicas']}"`);
  }
  return {
    modes,
    agents,
    runtime: parseRuntime(values.runtime),
    sessionsReplicas,
    durationS: positiveNumber('--duration', values.duration),
    warmupS: values.warmup === '0' ? 0 : positiveNumber('--warmup', values.warmup),
    concurrency,
    breakdown: values.breakdown,
    requests: parseRequests(values.requests),
    cpuProfile: values['cpu-prof'],
    perfMap: values['perf-map'],
    pgStatements: values['pg-statements'],
    knowledgeChunks: positiveNumber('--chunks', values.chunks),
    embeddings: values.embeddings,
    ingestPdfMiB: values['ingest-pdf'] === '0' ? undefined : positiveNumber('--ingest-pdf', values['ingest-pdf']),
  };
}

/** `--requests turn|session|turn,session`: each named once, in the order given. */
export function parseRequests(value: string): RequestKind[] {
  const kinds = [...new Set(value.split(',').map((part) => part.trim()))];
  if (kinds.length === 0 || !kinds.every((kind) => kind === 'turn' || kind === 'session')) {
    throw new Error(`--requests takes turn, session or both separated by a comma, got "${value}"`);
  }
  return kinds as RequestKind[];
}

/** `--agent static|llm|tool|static,llm,…`: each named once, in the order given. */
export function parseAgents(value: string): BenchAgentKind[] {
  const agents = [...new Set(value.split(',').map((part) => part.trim()))];
  if (agents.length === 0 || !agents.every((agent) => (BENCH_AGENT_KINDS as readonly string[]).includes(agent))) {
    throw new Error(`--agent takes ${BENCH_AGENT_KINDS.join(', ')} or several separated by commas, got "${value}"`);
  }
  return agents as BenchAgentKind[];
}

const AGENT_TITLES: Record<BenchAgentKind, string> = {
  static: 'static-text agent',
  llm: 'LLM agent (fake LLM server)',
  tool: 'tool agent (fake LLM server, shop service)',
  knowledge: 'knowledge agent (fake LLM server, memory service)',
};

export async function main(args: string[]): Promise<void> {
  const parsed = parseOptions(args);
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const stamp = fileStamp();
  const { cpuProfile, ...options } = parsed;
  const profileDir = cpuProfile ? join(RESULTS_DIR, `profiles-${stamp}`) : undefined;
  const report = await runChatApiBench({ ...options, profileDir, log: (line) => process.stderr.write(`${line}\n`) });

  const file = await writeResult('chat-api', stamp, report);

  const title = `Text Chat API, ${report.options.agents.map((agent) => AGENT_TITLES[agent]).join(' and ')}`;
  const extraLines = [
    ...(report.shopRequests === undefined
      ? []
      : [`  the shop service answered ${report.shopRequests} requests, one per tool call (warm-ups and every level included)`]),
    ...(report.knowledge ? formatKnowledge(report.knowledge) : []),
    ...(report.ingestion ? formatIngestion(report.ingestion) : []),
  ];
  process.stdout.write(
    formatReport({ ...report, title, extraLines, breakdown: report.options.breakdown || report.runs.some((run) => run.request !== 'turn'), file }),
  );
}
