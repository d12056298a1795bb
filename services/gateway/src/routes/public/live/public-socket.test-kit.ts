import { openWebSocket, type WsClientOptions } from '@parley/testing';

/** The WebSocket URL of a listening gateway's `http://…` base. */
export function socketUrl(baseUrl: string, token: string, session?: string, lastEventId?: string): string {
  const query = new URLSearchParams({ ...(session === undefined ? {} : { session }), ...(lastEventId === undefined ? {} : { last_event_id: lastEventId }) });
  return `${baseUrl.replace(/^http/, 'ws')}/api/public/ws/${token}${query.size > 0 ? `?${query}` : ''}`;
}

/** A visitor's WebSocket on a listening gateway, recording every frame; closed by `closeAll`. */
export function socketOpener() {
  const opened: Array<ReturnType<typeof openWebSocket>> = [];
  return {
    open(baseUrl: string, token: string, session?: string, lastEventId?: string, options: WsClientOptions = {}) {
      const socket = openWebSocket(socketUrl(baseUrl, token, session, lastEventId), options);
      opened.push(socket);
      return socket;
    },
    closeAll(): void {
      for (const socket of opened) socket.socket.terminate();
    },
  };
}
