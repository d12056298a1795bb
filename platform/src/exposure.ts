import { isIP } from 'node:net';

/**
 * Whether HOST keeps the platform to this machine: `localhost`, 127.0.0.0/8 or ::1 (also as
 * IPv4-mapped). Anything else – 0.0.0.0, ::, a LAN address, another name – is reachable from
 * the network, where the keys the banner prints would let anyone in.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return bare.split('.')[0] === '127';
  if (family === 0) return false;
  // The URL parser's canonical form: `::1`, and `::ffff:7f..` for IPv4-mapped 127.0.0.0/8.
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:/.test(canonical);
}

/** What the banner printed that lets its reader in: the generated keys (never ones from the environment) and the demo link. */
export interface PrintedAccess {
  adminKey: boolean;
  chatSecret: boolean;
  demoLink: boolean;
}

/** Words wrapped to the block's width, each line indented by two spaces. */
function wrapped(text: string, width = 76): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(`  ${line}`);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(`  ${line}`);
  return lines;
}

/** The block printed after the banner's keys when the platform listens beyond loopback. */
export function exposureWarning(host: string, printed: PrintedAccess = { adminKey: true, chatSecret: true, demoLink: true }): string {
  const rule = '!'.repeat(78);
  const named = [printed.adminKey && 'the admin key', printed.chatSecret && 'the chat API secret', printed.demoLink && 'the demo link'].filter(
    (item): item is string => typeof item === 'string',
  );
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? 'nothing');
  const grant = printed.adminKey || printed.chatSecret ? 'grant full access to the platform' : 'lets anyone chat with the demo agent';
  return [
    rule,
    `  WARNING: Parley is listening on ${host}, reachable from the network.`,
    ...wrapped(`Anyone who can reach it and sees this output can use it: ${list} printed above ${grant}.`),
    ...wrapped(
      'To keep it to this machine, start it with HOST=127.0.0.1. To expose it on purpose, set ADMIN_API_KEY and CHAT_API_SECRET yourself (from a secret store: they are never printed then), keep this output private, and consider SEED_DEMO=false so no public demo link is created.',
    ),
    rule,
    '',
  ].join('\n');
}
