import { parseArgs } from 'node:util';

/** What the command line and environment ask for, checked. */
export interface ChatOptions {
  tenantId: string;
  agentId: string;
  /** Pinned agent config version; undefined means the active one. */
  agentVersion: number | undefined;
  url: string;
  secret: string;
}

export type ParsedOptions =
  | { kind: 'run'; options: ChatOptions /** Notes for stderr, such as a deprecated option used. */; warnings: string[] }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string };

/** The variables the CLI reads; main passes process.env, tests pass their own. */
export interface ChatEnv {
  /** HMAC secret of the Text Chat API: the platform's CHAT_API_SECRET, or a secret of the tenant's own (POST /api/chat-secrets). */
  CHAT_API_SECRET?: string | undefined;
  /** Default for --url. */
  CHAT_API_URL?: string | undefined;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export const USAGE = `Usage: parley --tenant <uuid> --agent <name|uuid> [--agent-version <n>] [--url <base>]
       parley --help | --version

Chat with an agent through the HMAC-signed Text Chat API.

Options:
  -t, --tenant <uuid>        tenant id (required)
  -a, --agent <name|uuid>    the agent's name, or its id (required)
      --agent-version <n>    pin an agent config version (default: the active one)
      --url <base>           API base URL (default: $CHAT_API_URL or ${DEFAULT_URL})
  -h, --help                 show this help
  -V, --version              print the version

Environment:
  CHAT_API_SECRET            HMAC secret of the Text Chat API (required): the platform's,
                             or a secret of the tenant's own (POST /api/chat-secrets)
  CHAT_API_URL               default for --url
  NO_COLOR                   disable colours

Commands during chat: /status /vars /history /end /quit /help`;

/** Printed when `--version <n>` pins a version, the option's name before `--agent-version`. */
export const DEPRECATED_VERSION_OPTION = '--version <n> is deprecated; use --agent-version <n>';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An agent's name (unique within its tenant) or its id, as the Text Chat API takes either. */
const AGENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function parseOptions(argv: readonly string[], env: ChatEnv): ParsedOptions {
  const { args, deprecatedVersion } = renameDeprecatedVersion(argv);
  let values: { tenant?: string; agent?: string; 'agent-version'?: string; url?: string; help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        tenant: { type: 'string', short: 't' },
        agent: { type: 'string', short: 'a' },
        'agent-version': { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    }));
  } catch (error) {
    // parseArgs explains unknown flags and missing values well; keep its first sentence.
    return usageError(error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error));
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  if (values.tenant === undefined) return usageError('missing --tenant <uuid>');
  if (!UUID.test(values.tenant)) return usageError(`--tenant must be a UUID, got "${values.tenant}"`);
  if (values.agent === undefined) return usageError('missing --agent <name|uuid>');
  if (!AGENT.test(values.agent)) return usageError(`--agent must be the agent's name or its id, got "${values.agent}"`);

  let agentVersion: number | undefined;
  const pinned = values['agent-version'];
  if (pinned !== undefined) {
    agentVersion = Number(pinned);
    if (!/^\d+$/.test(pinned) || !Number.isSafeInteger(agentVersion) || agentVersion < 1) {
      const option = deprecatedVersion ? '--version' : '--agent-version';
      return usageError(`${option} must be a whole number of at least 1, got "${pinned}"`);
    }
  }

  const url = values.url ?? nonEmpty(env.CHAT_API_URL) ?? DEFAULT_URL;
  if (!isHttpUrl(url)) return usageError(`${values.url === undefined ? 'CHAT_API_URL' : '--url'} must be an http(s) URL, got "${url}"`);

  const secret = nonEmpty(env.CHAT_API_SECRET);
  if (secret === undefined) return usageError('CHAT_API_SECRET is not set: export the HMAC secret of the Text Chat API');

  const warnings = deprecatedVersion ? [DEPRECATED_VERSION_OPTION] : [];
  return { kind: 'run', options: { tenantId: values.tenant, agentId: values.agent, agentVersion, url, secret }, warnings };
}

/**
 * `--version <n>` pinned an agent config version before `--version` came to print the CLI's own;
 * followed by a number (or written `--version=<n>`) it still pins, as `--agent-version <n>`.
 */
function renameDeprecatedVersion(argv: readonly string[]): { args: string[]; deprecatedVersion: boolean } {
  const args: string[] = [];
  let deprecatedVersion = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (arg === '--version' && next !== undefined && isNumeric(next)) {
      // One token, so that a negative number reaches the range check rather than reading as an option.
      args.push(`--agent-version=${next}`);
      deprecatedVersion = true;
      i++;
    } else if (arg.startsWith('--version=')) {
      args.push(`--agent-version=${arg.slice('--version='.length)}`);
      deprecatedVersion = true;
    } else {
      args.push(arg);
    }
  }
  return { args, deprecatedVersion };
}

function isNumeric(value: string): boolean {
  return value.trim() !== '' && !Number.isNaN(Number(value));
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
