import type { paths } from './openapi.js';

/** The HTTP methods the API's routes answer. */
export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head';

/** The paths with an operation for `M`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: [paths[P][M & keyof paths[P]]] extends [never | undefined] ? never : P;
}[keyof paths];

/** The operation of `M` on `P`. */
export type Operation<P extends keyof paths, M extends Method> = Exclude<paths[P][M & keyof paths[P]], undefined>;

type Params<O> = O extends { parameters: infer Parameters } ? Parameters : never;
type Field<T, K extends string> = T extends Partial<Record<K, infer V>> ? V : never;
type HasRequired<T> = [T] extends [never | undefined] ? false : Record<string, never> extends T ? false : true;

type PathOption<O> = [Exclude<Field<Params<O>, 'path'>, undefined>] extends [never] ? { path?: never } : { path: Exclude<Field<Params<O>, 'path'>, undefined> };
type QueryValue<O> = Exclude<Field<Params<O>, 'query'>, undefined>;
type QueryOption<O> = [QueryValue<O>] extends [never]
  ? { query?: never }
  : HasRequired<QueryValue<O>> extends true
    ? { query: QueryValue<O> }
    : { query?: QueryValue<O> };
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type BodyOption<O> = [JsonBody<O>] extends [never] ? { body?: never } : O extends { requestBody: unknown } ? { body: JsonBody<O> } : { body?: JsonBody<O> };

/** What a call may add: headers of its own, and a signal to abort it. */
export interface CallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A call's options: its path parameters, query and body, each as the operation declares them. */
export type RequestOptions<O> = PathOption<O> & QueryOption<O> & BodyOption<O> & CallOptions;

type SuccessStatus = 200 | 201 | 202 | 204;
type Content<R> = R extends { content: { 'application/json': infer T } } ? T : R extends { content: { 'text/event-stream': unknown } } ? string : null;

/** What a 2xx answer of the operation holds (`null` when it has no body). */
export type Success<O> = O extends { responses: infer R } ? Content<R[Extract<keyof R, SuccessStatus>]> : never;

/** `options` may be left out when the operation needs none of them. */
export type OptionalWhenEmpty<O> =
  HasRequired<PathOption<O> & QueryOption<O> & BodyOption<O>> extends true ? [options: RequestOptions<O>] : [options?: RequestOptions<O>];

/** A query as the request carries it, in the order given: arrays repeat their name, undefined is left out. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** `/api/agents/{name}` with its parameters filled in, each encoded as a path segment. */
export function fillPath(template: string, values: Record<string, unknown> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const value = values?.[name];
    if (value === undefined || value === null) throw new TypeError(`${template} needs the path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
