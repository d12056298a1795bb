import type { StartedTestContainer } from 'testcontainers';
import type { SpawnedServer } from './spawn-server.js';

export type ServerKind = 'postgres' | 'nats' | 'redis';

/** True when testcontainers finds a Docker (or compatible) engine that answers. */
export async function dockerAvailable(): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  return getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
}

function asServer(container: StartedTestContainer, url: string): SpawnedServer {
  return {
    url,
    stop: async () => {
      await container.stop();
    },
  };
}

/** One container per server, on the mapped port the engine chose. */
export async function startContainer(kind: ServerKind): Promise<SpawnedServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  switch (kind) {
    case 'postgres': {
      const container = await new GenericContainer('postgres:16-alpine')
        .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
        // Test data is thrown away, so durability is traded for speed.
        .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=300'])
        .withExposedPorts(5432)
        // The image's init script runs a temporary server first; the second "ready" is the real one.
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .withStartupTimeout(120_000)
        .start();
      return asServer(container, `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`);
    }
    case 'nats': {
      const container = await new GenericContainer('nats:2-alpine')
        .withCommand(['nats-server', '-js'])
        .withExposedPorts(4222)
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
        .withStartupTimeout(60_000)
        .start();
      return asServer(container, `nats://${container.getHost()}:${container.getMappedPort(4222)}`);
    }
    case 'redis': {
      const container = await new GenericContainer('redis:7-alpine')
        .withExposedPorts(6379)
        .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
        .withStartupTimeout(60_000)
        .start();
      return asServer(container, `redis://${container.getHost()}:${container.getMappedPort(6379)}`);
    }
  }
}
