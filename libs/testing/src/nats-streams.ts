import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/**
 * Deletes every JetStream stream of a namespace: the bus names its streams after the namespace,
 * and KV buckets / object stores named after it live in `KV_…` / `OBJ_…` streams. Returns the
 * names deleted.
 */
export async function deleteNamespaceStreams(natsUrl: string, namespace: string): Promise<string[]> {
  const prefixes = [namespace, `KV_${namespace}`, `OBJ_${namespace}`];
  const nc = await connect({ servers: natsUrl, name: 'parley-test-harness' });
  try {
    const jsm = await jetstreamManager(nc);
    const doomed: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (prefixes.some((prefix) => name.startsWith(prefix))) doomed.push(name);
    }
    for (const name of doomed) await jsm.streams.delete(name);
    return doomed;
  } finally {
    await nc.close();
  }
}
