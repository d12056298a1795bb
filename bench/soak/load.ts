import type { Pool } from 'undici';
import type { SeededAgent } from '../common/bench-agent.js';
import { keepAlivePool } from '../common/closed-loop.js';
import { type Credentials, type FuzzRequest, type FuzzSender, fuzzSender } from '../gateway-memory/fuzz-traffic.js';
import { runApiClient } from './api-client.js';
import { Operator } from './operator.js';
import { Pacer } from './pacer.js';
import { Tally } from './tally.js';
import { runVisitor, type VisitorOptions } from './visitor.js';

/**
 * How the rate is shared: half the turns are Text Chat API messages, half visitors' messages;
 * fuzzed requests come at half the turns' rate besides.
 */
export const MIX = { api: 0.5, visitors: 0.5, fuzz: 0.5 } as const;
/**
 * Workers per kind: enough to keep its rate with a second of latency each. A worker is a Text
 * Chat API client, a visitor (one open stream each) or a fuzzer's socket.
 */
const workersFor = (perSecond: number) => Math.ceil(perSecond) + 2;

/** A copy in random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

export interface SoakLoadOptions {
  url: string;
  /** Turns per second, all kinds together. */
  rate: number;
  chatApiSecret: string;
  agent: SeededAgent;
  /** The public link's token (it takes the visitors' file). */
  token: string;
  file: VisitorOptions['file'];
  /** The operator's tenant key. */
  operatorKey: string;
  /** The fuzzer's requests (sent round and round, shuffled once so that even a short run reaches every kind of route) and credentials. */
  fuzz: { requests: FuzzRequest[]; credentials: Credentials };
  keyPrefix: string;
}

/**
 * The soak's mixed traffic, open-loop at a set rate until stopped: Text Chat API clients,
 * visitors with their live streams (some uploading, some escalating), the operator answering
 * escalations from the inbox stream, and the fuzzer.
 */
export class SoakLoad {
  readonly tally = new Tally();
  private readonly pacers: { api: Pacer; visitors: Pacer; fuzz: Pacer };
  private readonly workers: Promise<void>[] = [];
  private operator: Operator | undefined;
  private stopping = false;
  private readonly pool: Pool;
  private readonly fuzz: FuzzSender;

  constructor(private readonly options: SoakLoadOptions) {
    const rate = (share: number) => options.rate * share;
    this.pacers = { api: new Pacer(rate(MIX.api)), visitors: new Pacer(rate(MIX.visitors)), fuzz: new Pacer(rate(MIX.fuzz)) };
    this.pool = keepAlivePool(options.url, workersFor(rate(MIX.api)) + workersFor(rate(MIX.visitors)) + 2);
    this.fuzz = fuzzSender(options.url, options.fuzz.credentials, workersFor(rate(MIX.fuzz)));
  }

  /** Slots no worker was free to take: the stack could not keep the rate. */
  get missedSlots(): number {
    return this.pacers.api.missed + this.pacers.visitors.missed + this.pacers.fuzz.missed;
  }

  async start(): Promise<void> {
    const { options, tally, pool } = this;
    try {
      this.operator = await Operator.start({ url: options.url, pool, tally, key: options.operatorKey });
    } catch (error) {
      this.fuzz.close();
      await pool.close();
      throw error;
    }
    const stopping = () => this.stopping;
    const api = { pool, tally, pacer: this.pacers.api, chatApiSecret: options.chatApiSecret, agent: options.agent, keyPrefix: options.keyPrefix, stopping };
    for (let client = 0; client < workersFor(options.rate * MIX.api); client++) this.workers.push(runApiClient(api, client));
    const visitor: VisitorOptions = {
      url: options.url,
      pool,
      tally,
      pacer: this.pacers.visitors,
      token: options.token,
      reply: options.agent.reply,
      file: options.file,
    };
    let visitors = 0;
    for (let lane = 0; lane < workersFor(options.rate * MIX.visitors); lane++) {
      this.workers.push(
        (async () => {
          // Each lane is one visitor after another.
          while (!this.stopping) await runVisitor(visitor, visitors++);
        })(),
      );
    }
    const fuzzed = shuffled(options.fuzz.requests);
    let next = 0;
    for (let socket = 0; socket < workersFor(options.rate * MIX.fuzz); socket++) {
      this.workers.push(
        (async () => {
          while (await this.pacers.fuzz.take()) tally.fuzz(await this.fuzz.send(fuzzed[next++ % fuzzed.length] as FuzzRequest));
        })(),
      );
    }
  }

  /** No new requests; waits for those under way (an escalated visitor waits for its operator), then closes everything. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const pacer of Object.values(this.pacers)) pacer.stop();
    await Promise.all(this.workers);
    await this.operator?.stop();
    this.fuzz.close();
    await this.pool.close();
  }
}
