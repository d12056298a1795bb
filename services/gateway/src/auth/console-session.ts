import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@parley/auth';

/**
 * The console session cookie (docs/management-api.md, "Console sessions"): 32 random bytes, base64url. Only
 * its SHA-256 is stored; the links service resolves that to the member.
 */
export const SESSION_COOKIE = 'parley_session';

/** A new session cookie value and the hash it is stored under. */
export function newSessionCookie(): { value: string; idHash: string } {
  const value = randomBytes(32).toString('base64url');
  return { value, idHash: sha256Hex(value) };
}

/** How a session is stored and named: the cookie's hex SHA-256. */
export const sessionIdHash = (value: string): string => sha256Hex(value);

/**
 * The keys of console sign-in, derived from ADMIN_API_KEY with HKDF-SHA256 (one per purpose), so
 * every gateway replica derives the same ones and nothing new has to be configured: `csrf` makes a
 * session's CSRF token (HMAC of its cookie: stored nowhere, the same on every gateway), `signIn`
 * encrypts the short-lived cookies of a sign-in under way (AES-256-GCM: unreadable and unalterable
 * by the browser holding them).
 */
export function consoleKeys(adminApiKey: string): { csrf: Buffer; signIn: Buffer } {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', adminApiKey, 'parley console sign-in', info, 32));
  return { csrf: derive('csrf token'), signIn: derive('sign-in state') };
}

/** The CSRF token of the session with this cookie. */
export function csrfTokenOf(csrfKey: Buffer, cookieValue: string): string {
  return createHmac('sha256', csrfKey).update(cookieValue).digest('base64url');
}

/** Whether two tokens are equal, in time that does not depend on where they differ. */
export function sameToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A cookie's value from a Cookie header; undefined when absent. The first wins if it is sent twice. */
export function readCookie(header: unknown, name: string): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const value = part.slice(at + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}

export interface CookieOptions {
  path: string;
  sameSite: 'Strict' | 'Lax';
  secure: boolean;
  /** Seconds; absent: until the browser closes. 0 removes the cookie. */
  maxAge?: number;
}

/** A Set-Cookie value: always HttpOnly (no script reads a session or sign-in cookie). */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${options.path}`, 'HttpOnly', `SameSite=${options.sameSite}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Encrypts a value for a cookie (AES-256-GCM): `<nonce>.<ciphertext>.<tag>`, each base64url. */
export function sealCookie(key: Buffer, value: unknown): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [nonce, sealed, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
}

/** The value sealCookie encrypted; undefined when absent, altered, or sealed under another key. */
export function openCookie(key: Buffer, sealed: string | undefined): unknown {
  const parts = sealed?.split('.');
  if (parts?.length !== 3) return undefined;
  const [nonce, body, tag] = parts.map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
  if (nonce.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}
