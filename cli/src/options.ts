import { parseArgs } from 'node:util';

/** What the command line and environment ask for, checked. */
export interface ChatOptions {
  tenantId: string;
  agentId: string;
  /** Pinned agent config version; undefined means the active one. */
  version: number | undefined;
  url: string;
  secret: string;
}

export type ParsedOptions = { kind: 'run'; options: ChatOptions } | { kind: 'help' } | { kind: 'usage-error'; message: string };

/** The variables the CLI reads; main passes process.env, tests pass their own. */
export interface ChatEnv {
  /** HMAC secret of the Text Chat API: the platform's CHAT_API_SECRET, or a secret of the tenant's own (POST /api/chat-secrets). */
  CHAT_API_SECRET?: string | undefined;
  /** Default for --url. */
  CHAT_API_URL?: string | undefined;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export const USAGE = `Usage: chat --tenant <uuid> --agent <uuid> [--version <n>] [--url <base>]

Chat with an agent through the HMAC-signed Text Chat API.

Options:
  -t, --tenant <uuid>  tenant id (required)
  -a, --agent <uuid>   agent id (required)
      --version <n>    pin an agent config version (default: the active one)
      --url <base>     API base URL (default: $CHAT_API_URL or ${DEFAULT_URL})
  -h, --help           show this help

Environment:
  CHAT_API_SECRET      HMAC secret of the Text Chat API (required): the platform's,
                       or a secret of the tenant's own (POST /api/chat-secrets)
  CHAT_API_URL         default for --url
  NO_COLOR             disable colours

Commands during chat: /status /vars /history /end /quit /help`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseOptions(argv: readonly string[], env: ChatEnv): ParsedOptions {
  let values: { tenant?: string; agent?: string; version?: string; url?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        tenant: { type: 'string', short: 't' },
        agent: { type: 'string', short: 'a' },
        version: { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs explains unknown flags and missing values well; keep its first sentence.
    return usageError(error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error));
  }
  if (values.help) return { kind: 'help' };

  if (values.tenant === undefined) return usageError('missing --tenant <uuid>');
  if (!UUID.test(values.tenant)) return usageError(`--tenant must be a UUID, got "${values.tenant}"`);
  if (values.agent === undefined) return usageError('missing --agent <uuid>');
  if (!UUID.test(values.agent)) return usageError(`--agent must be a UUID, got "${values.agent}"`);

  let version: number | undefined;
  if (values.version !== undefined) {
    version = Number(values.version);
    if (!/^\d+$/.test(values.version) || !Number.isSafeInteger(version) || version < 1) {
      return usageError(`--version must be a whole number of at least 1, got "${values.version}"`);
    }
  }

  const url = values.url ?? nonEmpty(env.CHAT_API_URL) ?? DEFAULT_URL;
  if (!isHttpUrl(url)) return usageError(`${values.url === undefined ? 'CHAT_API_URL' : '--url'} must be an http(s) URL, got "${url}"`);

  const secret = nonEmpty(env.CHAT_API_SECRET);
  if (secret === undefined) return usageError('CHAT_API_SECRET is not set: export the HMAC secret of the Text Chat API');

  return { kind: 'run', options: { tenantId: values.tenant, agentId: values.agent, version, url, secret } };
}

function usageError(message: string): ParsedOptions {
  return { kind: 'usage-error', message };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
