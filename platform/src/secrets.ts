import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The secrets the one-process mode generates when they are not given, and how each is made. */
const generators = {
  adminApiKey: () => `adm_${randomBytes(24).toString('base64url')}`,
  chatApiSecret: () => randomBytes(32).toString('hex'),
  auditKey: () => randomBytes(32).toString('hex'),
  verificationKey: () => randomBytes(32).toString('hex'),
  secretsKey: () => randomBytes(32).toString('hex'),
} as const;

export type PlatformSecrets = Record<keyof typeof generators, string>;

/**
 * Keys the operator did not set are generated once into DATA_DIR (mode 0600) and reused on
 * later starts, so clients keep working across restarts (and the audit chain stays verifiable).
 * Keys given in the environment are used as they are and never written to disk.
 */
export async function ensureSecrets(dataDir: string, given: Partial<Record<keyof PlatformSecrets, string | undefined>>): Promise<PlatformSecrets> {
  const file = join(dataDir, 'secrets.json');
  let stored: Partial<PlatformSecrets> = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<PlatformSecrets>;
  } catch {
    // First start: nothing stored yet.
  }
  const names = Object.keys(generators) as Array<keyof PlatformSecrets>;
  const next = { ...stored };
  let changed = false;
  for (const name of names) {
    if (given[name] === undefined && next[name] === undefined) {
      next[name] = generators[name]();
      changed = true;
    }
  }
  if (changed) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  }
  return Object.fromEntries(names.map((name) => [name, given[name] ?? next[name]])) as PlatformSecrets;
}
