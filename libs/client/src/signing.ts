/**
 * Text Chat API signatures (docs/text-chat-api.md, "Signing a request") with Web Crypto, so the same code
 * signs in browsers and in Node: hex HMAC-SHA256, keyed with the secret, of the timestamp as
 * sent, the method in capitals, the request target (path and query, byte for byte as sent) and
 * the hex SHA-256 of the body bytes.
 */

const encoder = new TextEncoder();

const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

const bytesOf = (body: Uint8Array | string): Uint8Array<ArrayBuffer> => (typeof body === 'string' ? encoder.encode(body) : new Uint8Array(body));

/** The hex signature of one request. */
export async function computeSignature(secret: string, timestamp: string, method: string, target: string, body: Uint8Array | string): Promise<string> {
  const bodyHash = hex(await crypto.subtle.digest('SHA-256', bytesOf(body)));
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}${method.toUpperCase()}${target}${bodyHash}`)));
}

/**
 * The two headers of a signed request. The timestamp is in seconds with milliseconds
 * (`1763811765.250`), so two identical requests a moment apart carry different signatures (a
 * message's signature is accepted once).
 */
export async function signRequest(
  secret: string,
  method: string,
  target: string,
  body: Uint8Array | string,
  now = Date.now(),
): Promise<{ 'X-Timestamp': string; 'X-Signature': string }> {
  const timestamp = (now / 1000).toFixed(3);
  return { 'X-Timestamp': timestamp, 'X-Signature': await computeSignature(secret, timestamp, method, target, body) };
}
