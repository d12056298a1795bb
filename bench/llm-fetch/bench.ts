import { createLlmFetch } from '@parley/llm';
import OpenAI from 'openai';
import { startFakeLlmProcess } from '../common/fake-llm-process.js';

/**
 * What one LLM call costs the calling process, through the openai SDK as the agent-runner makes
 * it, with the `fetch` it is given: llm-fetch.ts (undici's request API) or the runtime's global
 * fetch. The fake LLM server runs as a process of its own, so the CPU measured here is the
 * client's alone: process.cpuUsage() over a closed loop of calls.
 */
export type Variant = 'llm-fetch' | 'global fetch';
export type Shape = 'whole' | 'streamed';

export interface LlmFetchBenchOptions {
  calls: number;
  concurrency: number;
  rounds: number;
  log: (line: string) => void;
}

export interface Sample {
  variant: Variant;
  shape: Shape;
  round: number;
  calls: number;
  seconds: number;
  /** Client CPU (user + system) per call, in microseconds. */
  cpuUsPerCall: number;
  callsPerSecond: number;
}

export interface LlmFetchReport {
  node: string;
  options: Omit<LlmFetchBenchOptions, 'log'>;
  samples: Sample[];
  /** Per variant and shape: the median round's figures. */
  medians: Array<{ variant: Variant; shape: Shape; cpuUsPerCall: number; callsPerSecond: number }>;
}

const WARMUP_CALLS = 300;

function clientFor(variant: Variant, baseURL: string): { client: OpenAI; close: () => Promise<void> } {
  const own = variant === 'llm-fetch' ? createLlmFetch() : undefined;
  const client = new OpenAI({
    apiKey: 'bench-key',
    baseURL,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: 30_000,
    ...(own ? { fetch: own.fetch } : {}),
    logLevel: 'warn',
  });
  return { client, close: async () => own?.close() };
}

async function call(client: OpenAI, shape: Shape): Promise<number> {
  const messages = [{ role: 'user' as const, content: 'How long does shipping take?' }];
  if (shape === 'whole') {
    const completion = await client.chat.completions.create({ model: 'bench-model', messages });
    return completion.choices[0]?.message.content?.length ?? 0;
  }
  const stream = await client.chat.completions.create({ model: 'bench-model', messages, stream: true });
  let length = 0;
  for await (const chunk of stream) length += chunk.choices[0]?.delta.content?.length ?? 0;
  return length;
}

async function closedLoop(client: OpenAI, shape: Shape, calls: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      if ((await call(client, shape)) === 0) throw new Error('the fake LLM answered an empty reply');
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function runLlmFetchBench(options: LlmFetchBenchOptions): Promise<LlmFetchReport> {
  const fake = await startFakeLlmProcess();
  const samples: Sample[] = [];
  try {
    for (let round = 1; round <= options.rounds; round += 1) {
      // Alternated each round, so a drift of the machine falls on both alike.
      const variants: Variant[] = round % 2 === 1 ? ['llm-fetch', 'global fetch'] : ['global fetch', 'llm-fetch'];
      for (const shape of ['whole', 'streamed'] as const) {
        for (const variant of variants) {
          const { client, close } = clientFor(variant, fake.url);
          try {
            await closedLoop(client, shape, WARMUP_CALLS, options.concurrency);
            const cpu = process.cpuUsage();
            const started = performance.now();
            await closedLoop(client, shape, options.calls, options.concurrency);
            const seconds = (performance.now() - started) / 1000;
            const used = process.cpuUsage(cpu);
            const sample: Sample = {
              variant,
              shape,
              round,
              calls: options.calls,
              seconds,
              cpuUsPerCall: (used.user + used.system) / options.calls,
              callsPerSecond: options.calls / seconds,
            };
            samples.push(sample);
            options.log(
              `round ${round} ${shape.padEnd(8)} ${variant.padEnd(12)} ${sample.cpuUsPerCall.toFixed(0)} µs CPU/call, ${sample.callsPerSecond.toFixed(0)} calls/s`,
            );
          } finally {
            await close();
          }
        }
      }
    }
  } finally {
    await fake.stop();
  }
  const medians = (['whole', 'streamed'] as const).flatMap((shape) =>
    (['llm-fetch', 'global fetch'] as const).map((variant) => {
      const mine = samples.filter((sample) => sample.variant === variant && sample.shape === shape);
      return {
        variant,
        shape,
        cpuUsPerCall: median(mine.map((sample) => sample.cpuUsPerCall)),
        callsPerSecond: median(mine.map((sample) => sample.callsPerSecond)),
      };
    }),
  );
  const { log: _log, ...rest } = options;
  return { node: process.version, options: rest, samples, medians };
}
