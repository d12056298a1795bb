/**
 * `npm run bench -- <name> [options]`: runs one benchmark. Each lives in its own folder and
 * exports `main(args)`.
 */
const benchmarks: Record<string, { about: string; run: (args: string[]) => Promise<void> }> = {
  'chat-api': {
    about: 'Text Chat API turns/s and latency through the whole stack (real servers and one-process mode)',
    run: async (args) => (await import('./chat-api/main.js')).main(args),
  },
  'public-chat': {
    about: 'Public chat turns/s and latency through the whole stack, with link limits and quotas on',
    run: async (args) => (await import('./public-chat/main.js')).main(args),
  },
  sse: {
    about: "Gateway RSS per idle SSE connection and one event's fan-out time to every stream",
    run: async (args) => (await import('./sse/main.js')).main(args),
  },
  'gateway-memory': {
    about: "The gateway's heap after a full collection under fuzzed requests on every route: what it keeps of requests it has answered",
    run: async (args) => (await import('./gateway-memory/main.js')).main(args),
  },
  ws: {
    about: "Gateway RSS per idle widget WebSocket, one event's fan-out time to every socket, and escalation to inbox event latency",
    run: async (args) => (await import('./ws/main.js')).main(args),
  },
  analytics: {
    about: "A link's analytics latency with 1,000,000 messages in its rollups, and the rollup consumer's events/s (real servers)",
    run: async (args) => (await import('./analytics/main.js')).main(args),
  },
  scale: {
    about: 'Turns/s with 1, 2 and 4 agent-runner processes behind the turn queue (an LLM answering in 1 s), with 1 and 2 gateways and sessions',
    run: async (args) => (await import('./scale/main.js')).main(args),
  },
  faults: {
    about: 'Faults under load: each service, NATS, Redis and PostgreSQL killed, stopped or frozen in turn under 24 clients; lost, duplicated and hung requests',
    run: async (args) => (await import('./faults/main.js')).main(args),
  },
  revocation: {
    about: 'How long another gateway process still takes a revoked API key, Text Chat API secret or console session',
    run: async (args) => (await import('./revocation/main.js')).main(args),
  },
  compare: {
    about: 'One of the turn benchmarks run alternately in another checkout (a baseline) and in this one, round after round: medians side by side',
    run: async (args) => (await import('./compare/main.js')).main(args),
  },
  'llm-fetch': {
    about: "One LLM call's client CPU through the openai SDK: the agent-runner's fetch (undici's request API) against the runtime's global fetch",
    run: async (args) => (await import('./llm-fetch/main.js')).main(args),
  },
  uploads: {
    about: "The gateway's RSS growth while visitors' 10 MiB files stream through its upload route into a folder and into S3",
    run: async (args) => (await import('./uploads/main.js')).main(args),
  },
  soak: {
    about:
      "Mixed load (Text Chat API, visitors with live streams and files, an operator, fuzzed requests) for a set time at a set rate: each process's RSS and heap over time, flat after warm-up or not",
    run: async (args) => (await import('./soak/main.js')).main(args),
  },
  web: {
    about: 'Lighthouse (mobile) on the public chat page: performance and accessibility scores, FCP, LCP, TBT, CLS, page weight',
    run: async (args) => (await import('./web/main.js')).main(args),
  },
};

const [name, ...args] = process.argv.slice(2);
const benchmark = name === undefined ? undefined : benchmarks[name];
if (!benchmark) {
  process.stderr.write(
    `${name === undefined ? 'which benchmark?' : `no benchmark named "${name}"`} – usage: npm run bench -- <name> [options] (--help for a benchmark's options)\n` +
      Object.entries(benchmarks)
        .map(([key, entry]) => `  ${key}  ${entry.about}\n`)
        .join(''),
  );
  process.exit(2);
}
try {
  await benchmark.run(args);
} catch (error) {
  process.stderr.write(`bench ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
