export { type ClientAuth, createParleyClient, type LiveStreamPath, type ParleyClient, type ParleyClientOptions, type RawOptions } from './client.js';
export { type ErrorBody, ParleyApiError, ParleyNetworkError } from './errors.js';
export { type FollowOptions, type LiveEvent, readEventStream } from './events.js';
export type { components, operations, paths } from './openapi.js';
export { openSocket, type PageContext, type SocketAck, type SocketMessageOptions, type SocketOptions, type WidgetSocket } from './socket.js';
export { computeSignature, signRequest } from './signing.js';
export type { Method, Operation, PathsWith, RequestOptions, Success } from './typed.js';
