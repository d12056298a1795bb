import { AppError } from '@parley/contracts';

/**
 * The failures a caller is expected to meet. Each is an AppError with the code the HTTP edge maps
 * to its status (docs/api.md), so a route lets them through unchanged.
 */

/** The stream passed `maxBytes`. Thrown the moment it does, before the rest is read; nothing is kept. */
export class UploadTooLargeError extends AppError {
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super('payload_too_large', `the file is larger than ${maxBytes} bytes`, { details: { max_bytes: maxBytes } });
    this.name = 'UploadTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/** The type judged from the file's bytes is not one the caller allows (`unknown` when none was recognised). */
export class UnsupportedMediaTypeError extends AppError {
  readonly type: string;

  constructor(type: string) {
    super('unsupported_media_type', `files of type ${type} are not accepted`, { details: { type } });
    this.name = 'UnsupportedMediaTypeError';
    this.type = type;
  }
}

/** A storage key (or prefix) outside the allowed shape; the message says which rule it breaks. */
export class InvalidUploadKeyError extends AppError {
  constructor(key: string, reason: string) {
    // Keys are built by the platform from ids, never by visitors: the key is shown to find the bug.
    super('invalid', `invalid upload key ${JSON.stringify(key.slice(0, 200))}: ${reason}`);
    this.name = 'InvalidUploadKeyError';
  }
}
