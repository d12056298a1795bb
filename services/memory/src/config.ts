import { type Env, loadStandaloneEnv } from '@parley/config';
import { z } from 'zod';

export function loadConfig(env: Env = process.env) {
  return loadStandaloneEnv({ defaultHealthPort: 8085, needsDatabase: true, extra: z.object({}) }, env).standalone;
}
