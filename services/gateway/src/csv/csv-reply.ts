import { Readable } from 'node:stream';
import negotiate from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Whether a route that answers JSON or CSV answers CSV (docs/management-api.md "Analytics"): `?format=`
 * decides when given; otherwise `Accept`, when it prefers `text/csv` to JSON. Any other `Accept`
 * (none, `*\/*`, an unknown or malformed one) keeps JSON, as these routes always answered.
 */
export function wantsCsv(request: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  const accept = request.headers.accept;
  if (typeof accept !== 'string' || accept.length === 0 || accept.length > 1_000) return false;
  // Media types are case-insensitive; wildcards (`*/*`, `text/*`) name no preference, so JSON stays.
  return negotiate(accept.toLowerCase(), ['application/json', 'text/csv']) === 'text/csv';
}

/** A file name safe in a header whatever an agent or link is called. */
export function csvFileName(...parts: string[]): string {
  const name = parts
    .map((part) => part.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((part) => part.length > 0)
    .join('-')
    .slice(0, 120);
  return `${name || 'export'}.csv`;
}

/**
 * Sends a CSV stream as a download. Fastify sends a stream chunked, piece by piece as it is read,
 * and reads the next piece only when the client took the last: the file is never held whole. An
 * error after the first byte can only cut the stream short (the status is sent), so routes ask for
 * their first page before they call this, and a service down is a 503 rather than a short file.
 */
export function sendCsv(request: FastifyRequest, reply: FastifyReply, fileName: string, text: AsyncIterable<string>) {
  const stream = Readable.from(text, { objectMode: false });
  stream.on('error', (error) => request.log.error({ err: error }, 'csv export cut short'));
  return (
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      // A stream is sent as it is (fastify serialises only objects); the route's schema documents the JSON form.
      .send(stream as never)
  );
}
