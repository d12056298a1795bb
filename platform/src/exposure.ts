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

/** The block printed after the banner's keys when the platform listens beyond loopback. */
export function exposureWarning(host: string): string {
  const rule = '!'.repeat(78);
  return [
    rule,
    `  WARNING: Parley is listening on ${host}, reachable from the network.`,
    '  Anyone who can reach it and sees this output can use it: the admin key, the chat API secret',
    '  and the demo link printed above grant full access to the platform.',
    '  To keep it to this machine, start it with HOST=127.0.0.1. To expose it on purpose, set',
    '  ADMIN_API_KEY and CHAT_API_SECRET yourself (from a secret store), keep this output private,',
    '  and consider SEED_DEMO=false so no public demo link is created.',
    rule,
    '',
  ].join('\n');
}
