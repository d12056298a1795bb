import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A delivery as the receiver took it: the webhook body (docs/management-api.md "Webhooks"). */
export interface Delivery {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`: a tenant's endpoint on loopback, which `allowPrivate` lets webhooks reach. */
  origin: string;
  /** Every delivery so far, in the order they came. */
  received: Delivery[];
  close(): Promise<void>;
}

function parsedDelivery(body: string): Delivery | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Delivery) : undefined;
  } catch {
    return undefined;
  }
}

/** A tenant's webhook endpoint for a test: it keeps each delivery's JSON body and answers 204. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Delivery[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      // Only a JSON object is a delivery. Anything else – a request meant for a process that had this
      // port before, such as another test's health probe (a GET, no body) – is answered 400, as a
      // real endpoint would, and never thrown inside the server.
      const delivery = parsedDelivery(body);
      if (delivery === undefined) {
        response.writeHead(400).end();
        return;
      }
      received.push(delivery);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
