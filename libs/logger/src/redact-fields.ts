/** What a redacted value is written as. */
const CENSOR = '[redacted]';

/**
 * Names whose values are never written to a log: keys, signatures, tokens, verification codes,
 * emails, at the top level of a line (or of a child's bindings, or of an object a message formats)
 * and one level down inside any object (headers included) – but `code` only at the top level and
 * under `verification`: an error's `code` names the failure.
 */
const EVERYWHERE = [
  'key',
  'apiKey',
  'api_key',
  'secret',
  'password',
  'token',
  'signature',
  'verificationCode',
  'verification_code',
  'otp',
  'email',
  'authorization',
];
const TOP_LEVEL = new Set([...EVERYWHERE, 'code']);
const ONE_LEVEL_DOWN = new Set(EVERYWHERE);
/** Besides those, under one key: a verification's code, a request's credentials in `headers`. */
const UNDER: Readonly<Record<string, ReadonlySet<string>>> = {
  verification: new Set(['code']),
  headers: new Set(['x-signature']),
};
/** `req.headers`' credentials, two levels down. */
const REQUEST_HEADERS = new Set(['authorization', 'x-signature', 'x-api-key', 'cookie']);

/** The paths redacted, as pino's `redact` option would name them (docs and tests list them). */
export const redactedPaths: readonly string[] = [
  ...TOP_LEVEL,
  ...[...ONE_LEVEL_DOWN].map((name) => `*.${name}`),
  ...Object.entries(UNDER).flatMap(([parent, names]) => [...names].map((name) => `${parent}["${name}"]`)),
  ...[...REQUEST_HEADERS].map((name) => `req.headers["${name}"]`),
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

/** `object` with the names `redacted` picks censored (a copy), or `object` itself when none is there. */
function censored(
  object: Record<string, unknown>,
  redacted: (name: string) => boolean,
  inner?: (name: string, value: unknown) => unknown,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const name of Object.keys(object)) {
    const value = object[name];
    if (redacted(name)) {
      copy ??= { ...object };
      copy[name] = CENSOR;
      continue;
    }
    if (inner === undefined) continue;
    const replaced = inner(name, value);
    if (replaced !== value) {
      copy ??= { ...object };
      copy[name] = replaced;
    }
  }
  return copy ?? object;
}

/**
 * The fields of a log line (or bindings) with every redacted value censored: a copy where any is
 * found – the caller's object is never changed –, the same object otherwise, so a line without
 * secrets costs one look at each of its keys and at the keys of the objects it holds. Written for
 * the few paths above rather than through pino's general path matcher, which cost most of a line.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return censored(
    fields,
    (name) => TOP_LEVEL.has(name) && fields[name] !== undefined,
    (name, value) => {
      if (!isObject(value)) return value;
      const under = UNDER[name];
      return censored(
        value,
        (inner) => ONE_LEVEL_DOWN.has(inner) || under?.has(inner) === true,
        name === 'req'
          ? (inner, headers) => (inner === 'headers' && isObject(headers) ? censored(headers, (header) => REQUEST_HEADERS.has(header)) : headers)
          : undefined,
      );
    },
  );
}
