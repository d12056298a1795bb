/** Where a DATABASE_URL points, without its password. */
export interface DatabaseTarget {
  host: string;
  port: string;
  database: string;
  user: string;
}

/** Parses a postgres:// URL; null when it is not one. */
export function parseDatabaseUrl(url: string): DatabaseTarget | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') return null;
  return {
    host: decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || 'localhost',
    port: parsed.port || '5432',
    database: decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || 'postgres',
    user: decodeURIComponent(parsed.username) || 'postgres',
  };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  // Node reports a refused connection to a name with several addresses as an AggregateError.
  if (Array.isArray(errors)) return errorCode(errors[0]);
  return undefined;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}

/**
 * One line saying why a connection to DATABASE_URL failed, prefixed `DATABASE_URL:` so an operator
 * knows which setting to fix. Never contains the password.
 */
export function describeConnectionError(error: unknown, target: DatabaseTarget): string {
  const at = `${target.host}:${target.port}`;
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `DATABASE_URL: cannot reach PostgreSQL at ${at} (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DATABASE_URL: host "${target.host}" not found`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return `DATABASE_URL: cannot reach PostgreSQL at ${at} (${code})`;
    case '28P01':
      return `DATABASE_URL: authentication failed for user "${target.user}" at ${at}`;
    case '28000':
      return `DATABASE_URL: user "${target.user}" may not connect to ${at}: ${errorMessage(error)}`;
    case '3D000':
      return `DATABASE_URL: database "${target.database}" does not exist at ${at}`;
    default:
      if (/timeout/i.test(errorMessage(error))) {
        return `DATABASE_URL: no answer from PostgreSQL at ${at} (connection timed out)`;
      }
      return `DATABASE_URL: cannot connect to PostgreSQL at ${at}: ${errorMessage(error)}`;
  }
}
