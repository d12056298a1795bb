import { type Env, loadStandaloneEnv } from '@parley/config';
import { z } from 'zod';

/** The links service needs only the common variables; PostgreSQL is required (it owns tables). */
export function loadConfig(env: Env = process.env) {
  const { standalone } = loadStandaloneEnv({ defaultHealthPort: 8082, needsDatabase: true, extra: z.object({}) }, env);
  return standalone;
}
