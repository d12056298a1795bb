import type { NatsConnection } from '@nats-io/transport-node';
import type { BusConnectionStats } from '../types.js';

/**
 * Follows a NATS connection's status events for its metrics: connected or not, and how many
 * times it reconnected. The traffic figures are the client's own counters, read when asked.
 */
export class NatsConnectionWatch {
  private connected = true;
  private reconnects = 0;

  constructor(private readonly nc: NatsConnection) {
    // The loop ends with the connection.
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.connected = false;
        else if (status.type === 'reconnect') {
          this.connected = true;
          this.reconnects += 1;
        }
      }
    })().catch(() => {});
  }

  stats(): BusConnectionStats {
    const traffic = this.nc.stats();
    return {
      connected: this.connected && !this.nc.isClosed(),
      reconnects: this.reconnects,
      inBytes: traffic.inBytes,
      outBytes: traffic.outBytes,
      inMsgs: traffic.inMsgs,
      outMsgs: traffic.outMsgs,
    };
  }
}
