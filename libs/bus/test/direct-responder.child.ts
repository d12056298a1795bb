/**
 * A responder process for direct-request tests: serves the contract catalog's `queued` with
 * direct requests on and RESPONDER_SLOTS slots, prints `started <n>` as each request starts and
 * holds every request until it is killed. Run with `node --import tsx`.
 */
import { createLogger } from '@parley/logger';
import { contractCatalog } from '../src/contract/catalog.js';
import { createNatsBus } from '../src/nats/bus.js';

const bus = await createNatsBus({
  catalog: contractCatalog,
  servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  namespace: process.env.BUS_NAMESPACE ?? 'missing',
  logger: createLogger({ service: 'direct-responder', level: 'silent' }),
  workQueues: { direct: true },
});
await bus.serve(
  'queued',
  async ({ n }) => {
    process.stdout.write(`started ${n}\n`);
    return new Promise<never>(() => {});
  },
  { maxInFlight: Number(process.env.RESPONDER_SLOTS ?? 4) },
).ready;
process.stdout.write('ready\n');
