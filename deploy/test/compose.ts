import type { Env } from '@parley/config';
import { parseDocument } from 'yaml';

/** The parts of the Compose specification the deployment uses. */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string | number> | string[] };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: unknown;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: Array<string | number | { target: number; published?: string | number }>;
  deploy?: { replicas?: number; resources?: { limits?: { cpus?: string | number; memory?: string } } };
  volumes?: Array<string | { source?: string; target: string }>;
  stop_grace_period?: string;
  container_name?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export class UnsetVariableError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`required variable ${variable} is unset: ${reason}`);
    this.name = 'UnsetVariableError';
  }
}

const reference = /\$(?:(\$)|\{([A-Za-z_]\w*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|([A-Za-z_]\w*))/g;

/**
 * Compose's interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, defaults interpolated in turn.
 */
export function interpolate(text: string, env: Env): string {
  return text.replace(
    reference,
    (_match, dollar: string | undefined, name: string | undefined, operator: string | undefined, word: string | undefined, bare: string | undefined) => {
      if (dollar) return '$';
      if (bare) return env[bare] ?? '';
      const variable = name ?? '';
      const value = env[variable];
      const unset = value === undefined;
      const empty = unset || value === '';
      const rest = () => interpolate(word ?? '', env);
      switch (operator) {
        case undefined:
          return value ?? '';
        case ':-':
          return empty ? rest() : value;
        case '-':
          return unset ? rest() : value;
        case ':?':
        case '?':
          if (operator === ':?' ? empty : unset) throw new UnsetVariableError(variable, word ?? '');
          return value ?? '';
        case ':+':
          return empty ? '' : rest();
        case '+':
          return unset ? '' : rest();
        default:
          throw new Error(`unknown interpolation operator ${operator} for ${variable}`);
      }
    },
  );
}

function interpolateTree(value: unknown, env: Env): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateTree(item, env));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateTree(item, env)]));
  }
  return value;
}

/** Parses the file (anchors and `<<` merge keys resolved) and interpolates it as `docker compose` would. */
export function loadCompose(text: string, hostEnv: Env): ComposeFile {
  const document = parseDocument(text, { merge: true });
  if (document.errors.length > 0) throw new Error(`docker-compose.yml: ${document.errors.map((e) => e.message).join('; ')}`);
  const file = interpolateTree(document.toJS(), hostEnv) as ComposeFile;
  if (typeof file.services !== 'object' || file.services === null) throw new Error('docker-compose.yml has no services');
  return file;
}

/** Every variable compose refuses to start without (`${VAR:?…}` or `${VAR?…}`). */
export function requiredVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_]\w*):?\?/g)].map((match) => match[1] ?? ''))].sort();
}

export function buildArgs(service: ComposeService): Env {
  const args = typeof service.build === 'object' ? service.build.args : undefined;
  if (Array.isArray(args)) {
    return Object.fromEntries(args.map((entry) => [entry.split('=')[0] ?? '', entry.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(args ?? {}).map(([key, value]) => [key, String(value)]));
}

/** The service's `environment` (map or list form); a bare name passes the host's value through. */
export function environmentOf(service: ComposeService, hostEnv: Env): Env {
  if (service.env_file !== undefined) throw new Error('env_file is not read by this test: put variables under environment');
  const entries: Array<[string, unknown]> = Array.isArray(service.environment)
    ? service.environment.map((entry) => (entry.includes('=') ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] : [entry, null]))
    : Object.entries(service.environment ?? {});
  const env: Env = {};
  for (const [key, value] of entries) env[key] = value === null || value === undefined ? hostEnv[key] : String(value);
  return env;
}

export function dependsOn(service: ComposeService): Record<string, string> {
  if (Array.isArray(service.depends_on)) return Object.fromEntries(service.depends_on.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([name, options]) => [name, options.condition ?? 'service_started']));
}

/** `published:target` pairs of the short (`"127.0.0.1:8080:8080/tcp"`) and long port syntax. */
export function publishedPorts(service: ComposeService): Array<{ published: number | undefined; target: number }> {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return { published: port.published === undefined ? undefined : Number(port.published), target: Number(port.target) };
    }
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts.at(-1));
    return { published: parts.length > 1 ? Number(parts.at(-2)) : undefined, target };
  });
}

/** A compose duration (`30s`, `1m30s`, `500ms`) in seconds. */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001 };
  let seconds = 0;
  const rest = duration.replace(/(\d+(?:\.\d+)?)(h|ms|us|m|s)/g, (_match, amount: string, unit: string) => {
    seconds += Number(amount) * (units[unit] ?? Number.NaN);
    return '';
  });
  if (rest !== '' || duration === '') throw new Error(`not a duration: ${duration}`);
  return seconds;
}

/** The healthcheck's command as one string, for finding the URL it fetches. */
export function healthcheckCommand(service: ComposeService): string | undefined {
  const test = service.healthcheck?.test;
  if (service.healthcheck?.disable || test === undefined) return undefined;
  return Array.isArray(test) ? test.slice(1).join(' ') : test;
}
