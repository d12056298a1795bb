import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Env } from '@parley/config';
import { imageEnv, parseDockerfile, type Stage } from './dockerfile.js';
import { type LoadConfig, loadConfigOf, repoRoot, serviceNames } from './services.js';

/**
 * What the deployment tests share: the services, the image each runs (its ENV, from the
 * Dockerfile) and each service's own loadConfig, the judge of every environment a deployment
 * file gives it.
 */

export const services = serviceNames();
export const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

export const stages = parseDockerfile(read('Dockerfile'));

export function runtimeStage(): Stage {
  const runtime = stages.at(-1);
  if (!runtime) throw new Error('the Dockerfile has no stage');
  return runtime;
}

/** The image's own environment when built for `service`. */
export const imageEnvOf = (service: string, args: Env = { SERVICE: service }) => imageEnv(stages, runtimeStage(), args);

const loaders = new Map<string, LoadConfig>();

/** Imports every service's loadConfig (call in beforeAll). */
export async function loadConfigs(): Promise<void> {
  for (const service of services) if (!loaders.has(service)) loaders.set(service, await loadConfigOf(service));
}

export function loaderOf(service: string): LoadConfig {
  const loader = loaders.get(service);
  if (!loader) throw new Error(`no loadConfig for ${service} (loadConfigs() not awaited?)`);
  return loader;
}

/** The parsed config, or a failure that lists every variable the service would refuse. */
export function configOf(service: string, env: Env, where: string): unknown {
  try {
    return loaderOf(service)(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map((problem) => `${problem.variable}: ${problem.message}`).join('; ');
    throw new Error(`${where}: ${service} would refuse to start – ${problems}`);
  }
}

/** The variables loadConfig refuses `env` for, once `variable` is removed from it. */
export function problemsWithout(service: string, env: Env, variable: string): string[] | undefined {
  const { [variable]: _removed, ...without } = env;
  try {
    loaderOf(service)(without);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => problem.variable);
  }
}
