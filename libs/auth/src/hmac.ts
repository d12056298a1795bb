import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The Text Chat API signature: hex HMAC-SHA256 over
 * timestamp + METHOD + request target + hex SHA-256 of the raw body bytes. The target is the
 * path plus `?` and the query string when there is one, byte for byte as it is sent (never
 * re-encoded or sorted), so nobody who saw a signed request can change its query
 * (docs/text-chat-api.md, "Signing a request").
 */
export function computeSignature(secret: string, timestamp: string, method: string, target: string, body: Uint8Array | string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update(`${timestamp}${method.toUpperCase()}${target}${bodyHash}`).digest('hex');
}

/**
 * Headers for a signed request, as a client builds them. The reference sends whole seconds;
 * `fractional` sends milliseconds as decimal seconds (`1732212345.123`), so two identical
 * requests within one second still carry different signatures (each is accepted once).
 * `target` is the path with its query string exactly as the request will carry it.
 */
export function signRequest(
  secret: string,
  method: string,
  target: string,
  body: Uint8Array | string,
  now = Date.now(),
  options: { fractional?: boolean } = {},
): { 'X-Timestamp': string; 'X-Signature': string } {
  const timestamp = options.fractional ? (now / 1000).toFixed(3) : String(Math.floor(now / 1000));
  return { 'X-Timestamp': timestamp, 'X-Signature': computeSignature(secret, timestamp, method, target, body) };
}

/** Constant-time comparison of two hex signatures; false for any malformed input. */
export function signaturesEqual(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) return false;
  const expected = Buffer.from(expectedHex, 'hex');
  const given = Buffer.from(givenHex.toLowerCase(), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
