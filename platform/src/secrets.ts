import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface StoredSecrets {
  adminApiKey?: string;
  chatApiSecret?: string;
}

/**
 * Keys the operator did not set are generated once into DATA_DIR (mode 0600) and reused on
 * later starts, so clients keep working across restarts. Keys given in the environment are
 * used as they are and never written to disk.
 */
export async function ensureSecrets(
  dataDir: string,
  given: { adminApiKey: string | undefined; chatApiSecret: string | undefined },
): Promise<{ adminApiKey: string; chatApiSecret: string }> {
  const file = join(dataDir, 'secrets.json');
  let stored: StoredSecrets = {};
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as StoredSecrets;
  } catch {
    // First start: nothing stored yet.
  }
  const next: StoredSecrets = {
    adminApiKey: stored.adminApiKey ?? `adm_${randomBytes(24).toString('base64url')}`,
    chatApiSecret: stored.chatApiSecret ?? randomBytes(32).toString('hex'),
  };
  const needed = (given.adminApiKey === undefined && !stored.adminApiKey) || (given.chatApiSecret === undefined && !stored.chatApiSecret);
  if (needed) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    adminApiKey: given.adminApiKey ?? (next.adminApiKey as string),
    chatApiSecret: given.chatApiSecret ?? (next.chatApiSecret as string),
  };
}
