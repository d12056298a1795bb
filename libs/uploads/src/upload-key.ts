import { InvalidUploadKeyError } from './errors.js';

/**
 * Upload keys name a stored file in every store: a path of segments joined by `/`
 * (`<tenant>/<session>/<upload id>`), the same on a filesystem and in a bucket. Only these
 * characters, so a key is never a path outside the store, never an encoding puzzle, and never
 * collides with a store's own temporary names (which use `~`).
 */
const KEY_CHARACTERS = /^[A-Za-z0-9/_.-]*$/;

/** S3's limit on a key, in bytes (the characters are ASCII, so also in characters). */
const MAX_KEY_LENGTH = 1024;

/** A filesystem's limit on one name. */
const MAX_SEGMENT_LENGTH = 255;

function checkCommon(value: string): void {
  if (value === '') throw new InvalidUploadKeyError(value, 'it is empty');
  if (value.length > MAX_KEY_LENGTH) throw new InvalidUploadKeyError(value, `it is longer than ${MAX_KEY_LENGTH} characters`);
  if (!KEY_CHARACTERS.test(value)) throw new InvalidUploadKeyError(value, 'only letters, digits, /, _, . and - are allowed');
  if (value.startsWith('/')) throw new InvalidUploadKeyError(value, 'it starts with /');
  if (value.includes('..')) throw new InvalidUploadKeyError(value, 'it contains ..');
  if (value.includes('//')) throw new InvalidUploadKeyError(value, 'it has an empty segment (//)');
}

/**
 * Throws InvalidUploadKeyError unless `key` names a file: besides the characters, no segment is
 * empty or `.` (a filesystem would fold `a/./b` and `a//b` into `a/b`, a bucket would not) and
 * none is longer than a filesystem allows.
 */
export function assertUploadKey(key: string): void {
  checkCommon(key);
  if (key.endsWith('/')) throw new InvalidUploadKeyError(key, 'it ends with /');
  for (const segment of key.split('/')) {
    if (segment === '.') throw new InvalidUploadKeyError(key, 'it has a . segment');
    if (segment.length > MAX_SEGMENT_LENGTH) throw new InvalidUploadKeyError(key, `a segment is longer than ${MAX_SEGMENT_LENGTH} characters`);
  }
}

/**
 * Throws InvalidUploadKeyError unless `prefix` may select keys for deletion: the same characters
 * and rules as a key, except that it may end with `/`. Never empty: nothing deletes a whole store.
 */
export function assertUploadKeyPrefix(prefix: string): void {
  checkCommon(prefix);
  const segments = prefix.split('/');
  if (segments.some((segment) => segment === '.')) throw new InvalidUploadKeyError(prefix, 'it has a . segment');
}
