import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { findExecutable } from '@parley/testing';
import pg from 'pg';

const run = promisify(execFile);

/** The server's major version (16 for 16.4). */
export async function serverMajor(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Math.floor(Number(rows[0]?.v) / 10_000);
  } finally {
    await client.end();
  }
}

/**
 * pg_dump or pg_restore able to work with a server of `major`: Debian's versioned one for that
 * major if installed, else the one on PATH, if it is that major or newer (an older pg_dump
 * refuses a newer server). Throws naming what to install otherwise.
 */
export async function postgresTool(name: 'pg_dump' | 'pg_restore', major: number): Promise<string> {
  const versioned = `/usr/lib/postgresql/${major}/bin/${name}`;
  const candidates: string[] = [];
  if (
    await access(versioned).then(
      () => true,
      () => false,
    )
  )
    candidates.push(versioned);
  const onPath = await findExecutable(name);
  if (onPath) candidates.push(onPath);
  for (const candidate of candidates) {
    const { stdout } = await run(candidate, ['--version']);
    const found = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
    if (found >= major) return candidate;
  }
  throw new Error(
    `${name} ${major} or newer is needed for this PostgreSQL ${major} server (install postgresql-client-${major}); found: ${candidates.join(', ') || 'none'}`,
  );
}

/**
 * pg_dump and pg_restore for the server at `databaseUrl`; null when this machine has none of its
 * major version or newer – the embedded PostgreSQL `npm test` starts when DATABASE_URL is unset is
 * newer than Debian's client tools.
 */
export async function backupTools(databaseUrl: string): Promise<{ pgDump: string; pgRestore: string } | null> {
  const major = await serverMajor(databaseUrl);
  try {
    return { pgDump: await postgresTool('pg_dump', major), pgRestore: await postgresTool('pg_restore', major) };
  } catch (error) {
    if (error instanceof Error && /or newer is needed/.test(error.message)) return null;
    throw error;
  }
}

/** Runs a tool, failing with its stderr. */
export async function runTool(file: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(file, args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${stderr ?? String(error)}`, { cause: error });
  }
}
