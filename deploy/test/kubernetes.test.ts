import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { workQueueConsumerName, workQueueStreamName } from '@parley/bus';
import type { Env } from '@parley/config';
import { catalog } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConfigMap,
  type Container,
  containerEnv,
  type Deployment,
  find,
  type Ingress,
  type K8sObject,
  type NetworkPolicy,
  type PodDisruptionBudget,
  preStopSeconds,
  quantity,
  resolvePort,
  type ScaledObject,
  type Secret,
  type Service,
  type ServiceMonitor,
  type StatefulSet,
  selects,
} from './kubernetes.js';
import { kustomize, parseImage } from './kustomize.js';
import { allowsConnection, egressPorts, ingressRules, type PolicyPod } from './network-policies.js';
import { validateManifest } from './schemas.js';
import { configOf, imageEnvOf, loadConfigs, problemsWithout, read, services } from './service-configs.js';
import { factsOf, repoRoot } from './services.js';

// Every overlay under deploy/k8s/overlays is rendered (deploy/test/kustomize.ts) and checked as
// the cluster would run it: each object against its Kubernetes schema, each service's
// environment against its own loadConfig, and what an operator relies on – probes, limits,
// graceful stops, disruption budgets, network policies, the autoscaler and the Ingress. So is
// production with each component of deploy/k8s/components added, as an operator adds it.

const overlaysDir = join(repoRoot, 'deploy', 'k8s', 'overlays');
const componentsDir = join(repoRoot, 'deploy', 'k8s', 'components');
const overlays = readdirSync(overlaysDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const components = readdirSync(componentsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** production with one component: the overlay an operator writes, `components:` added. */
const withComponentsRoot = mkdtempSync(join(tmpdir(), 'parley-components-'));
afterAll(() => rmSync(withComponentsRoot, { recursive: true, force: true }));
function productionWith(component: string): string {
  const here = mkdtempSync(join(withComponentsRoot, `${component}-`));
  writeFileSync(
    join(here, 'kustomization.yaml'),
    `namespace: parley\nresources: [${relative(here, join(overlaysDir, 'production'))}]\ncomponents: [${relative(here, join(componentsDir, component))}]\n`,
  );
  return here;
}

const renderings = [
  ...overlays.map((name) => ({ overlay: name, dir: join(overlaysDir, name) })),
  ...components.map((component) => ({ overlay: `production with components/${component}`, dir: productionWith(component) })),
];

/** The Secret deploy/README.md tells the operator to create: the required keys, none of the optional ones. */
const SECRET_NAME = 'parley-secrets';
const operatorSecretData: Record<string, string> = {
  ADMIN_API_KEY: 'test-admin-key-0123456789abcdef',
  CHAT_API_SECRET: 'test-chat-secret-0123456789abcdef',
  AUDIT_KEY: 'test-audit-key-0123456789abcdef',
  VERIFICATION_KEY: 'test-verification-key-0123456789',
  SECRETS_KEY: 'test-secrets-key-0123456789abcdef',
  DATABASE_URL: 'postgres://parley:test-password@postgres.db.svc:5432/parley',
};

/** What a component's instructions add to that Secret. */
const COMPONENT_SECRETS: Record<string, Record<string, string>> = {
  sso: { OIDC_CLIENT_SECRET: 'test-oidc-client-secret' },
  'uploads-s3': { S3_ACCESS_KEY_ID: 'test-s3-access-key', S3_SECRET_ACCESS_KEY: 'test-s3-secret-key-0123456789' },
};

/** The ports a service may open connections to beyond its own servers, by what its config says it does. */
const DNS_PORT = 53;
const LLM_PORTS = [443];
const SMTP_PORTS = [587, 465];
const WEBHOOK_PORTS = [80, 443];
/** The services that keep visitors' files (store, delete, read them for prompts) and read knowledge documents. */
const UPLOAD_SERVICES = ['gateway', 'sessions', 'agent-runner', 'memory'];
const DEFAULT_SERVER_PORTS: Record<string, number> = {
  'nats:': 4222,
  'tls:': 4222,
  'postgres:': 5432,
  'postgresql:': 5432,
  'redis:': 6379,
  'rediss:': 6379,
  'redis-sentinel:': 26379,
};
/** Where the primary a service's sentinels name listens: Redis's port (the sentinels hand out host and port, the config has neither). */
const SENTINEL_PRIMARY_PORT = 6379;
/** The services that keep state in Redis (rate limits, replay protection, the live event logs). */
const REDIS_SERVICES = ['gateway', 'sessions', 'agent-runner'];
/** The kinds that run pods. */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** The collector's port when the service exports traces (read by the OpenTelemetry SDK, not by loadConfig). */
function otlpPorts(env: Env): number[] {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return [];
  const url = new URL(endpoint);
  return [url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80];
}

/** The bucket's port when the service keeps visitors' files in S3 (its endpoint's, else AWS S3's HTTPS). */
function s3Ports(env: Env): number[] {
  if (!env.S3_BUCKET) return [];
  if (!env.S3_ENDPOINT) return [443];
  const url = new URL(env.S3_ENDPOINT);
  return [url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

it('has the overlays dev, production and clustered', () => {
  expect(overlays).toEqual(expect.arrayContaining(['clustered', 'dev', 'production']));
});

beforeAll(loadConfigs);

describe.each(renderings)('overlay $overlay', ({ overlay, dir }) => {
  const objects = kustomize(dir);
  const ofKind = <T extends K8sObject>(kind: string) => objects.filter((object) => object.kind === kind) as T[];
  const namespace = ofKind('Namespace')[0]?.metadata.name ?? '';
  // With components/sso the operator adds the OpenID client's secret, with components/uploads-s3
  // the bucket's keys (deploy/README.md).
  const secretData = { ...operatorSecretData, ...(COMPONENT_SECRETS[overlay.replace('production with components/', '')] ?? {}) };
  const operatorSecret: Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: SECRET_NAME, namespace }, stringData: secretData };

  function deploymentOf(service: string): { deployment: Deployment; container: Container } {
    const deployment = find<Deployment>(objects, 'Deployment', service);
    if (!deployment) throw new Error(`${overlay} has no Deployment ${service}`);
    const containers = deployment.spec.template.spec.containers;
    const container = containers.find((candidate) => candidate.name === service) ?? containers[0];
    if (!container) throw new Error(`Deployment ${service} has no container`);
    return { deployment, container };
  }
  const envOf = (service: string): Env => containerEnv(deploymentOf(service).container, [...objects, operatorSecret], imageEnvOf(service));
  const configFor = (service: string) => configOf(service, envOf(service), `overlay ${overlay}`);
  const facts = (service: string) => factsOf(service, configFor(service));
  const podLabels = (service: string) => deploymentOf(service).deployment.spec.template.metadata.labels;
  const scalerOf = (service: string) =>
    ofKind<ScaledObject>('ScaledObject').find(
      (scaler) => (scaler.spec.scaleTargetRef.kind ?? 'Deployment') === 'Deployment' && scaler.spec.scaleTargetRef.name === service,
    );
  /** How many pods run at the least: the autoscaler's floor, else the Deployment's count (1 when unset). */
  const replicasOf = (service: string) => scalerOf(service)?.spec.minReplicaCount ?? deploymentOf(service).deployment.spec.replicas ?? 1;

  /** What every workload's pods are held to: a numeric non-root user, a read-only root filesystem, no privileges. */
  function expectLockedDown(pod: Deployment['spec']['template']['spec'], container: Container, where: string): void {
    const security = { ...pod.securityContext, ...container.securityContext };
    expect(security.runAsNonRoot, `${where} runAsNonRoot`).toBe(true);
    expect(typeof security.runAsUser === 'number' && security.runAsUser > 0, `${where} runAsUser ${security.runAsUser}`).toBe(true);
    expect(security.readOnlyRootFilesystem, `${where} readOnlyRootFilesystem`).toBe(true);
    expect(security.allowPrivilegeEscalation, `${where} allowPrivilegeEscalation`).toBe(false);
    expect(container.securityContext?.capabilities?.drop, `${where} drops every capability`).toEqual(['ALL']);
    expect(container.securityContext?.capabilities?.add ?? [], `${where} adds no capability`).toEqual([]);
    expect(security.seccompProfile?.type, `${where} seccompProfile`).toBe('RuntimeDefault');
  }

  function expectRequestsWithinLimits(container: Container, where: string): void {
    for (const resource of ['cpu', 'memory']) {
      const request = container.resources?.requests?.[resource];
      const limit = container.resources?.limits?.[resource];
      expect(request, `${where} requests.${resource}`).toBeDefined();
      expect(limit, `${where} limits.${resource}`).toBeDefined();
      expect(quantity(request ?? '0'), `${where} ${resource}: request ${request} ≤ limit ${limit}`).toBeLessThanOrEqual(quantity(limit ?? '0'));
    }
  }

  /** With several replicas, one PodDisruptionBudget that lets a drain take one at a time – never none, never all. */
  function expectDisruptionBudget(labels: Record<string, string>, replicas: number, where: string): void {
    const budgets = ofKind<PodDisruptionBudget>('PodDisruptionBudget').filter((budget) => selects(budget.spec.selector, labels));
    if (replicas > 1) expect(budgets.length, `${where} runs ${replicas} replicas: a PodDisruptionBudget`).toBe(1);
    for (const budget of budgets) {
      const { minAvailable, maxUnavailable } = budget.spec;
      expect(typeof minAvailable !== 'string' && typeof maxUnavailable !== 'string', `${budget.metadata.name}: whole numbers`).toBe(true);
      const allowed = maxUnavailable !== undefined ? Number(maxUnavailable) : replicas - Number(minAvailable ?? 0);
      expect(allowed, `${budget.metadata.name}: disruptions allowed of ${replicas} replicas`).toBeGreaterThanOrEqual(1);
      expect(allowed, `${budget.metadata.name}: disruptions allowed of ${replicas} replicas`).toBeLessThan(Math.max(replicas, 2));
    }
  }

  it('renders objects that each pass their Kubernetes schema (an unknown kind fails)', async () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) await validateManifest(object);
  });

  it('puts everything in its Namespace', () => {
    expect(
      ofKind('Namespace').map((object) => object.metadata.name),
      'one Namespace',
    ).toEqual([namespace]);
    const outside = objects.filter((object) => object.kind !== 'Namespace' && object.metadata.namespace !== namespace);
    expect(
      outside.map((object) => `${object.kind} ${object.metadata.name}`),
      `objects outside ${namespace}`,
    ).toEqual([]);
  });

  it('ships no Secret: every secret is a reference to the Secret the operator creates, and deploy/README.md names its keys', () => {
    expect(
      ofKind('Secret').map((secret) => secret.metadata.name),
      'Secrets in the rendered output',
    ).toEqual([]);
    const readme = read('deploy/README.md');
    for (const service of services) {
      const { container } = deploymentOf(service);
      for (const source of container.envFrom ?? []) expect(source.secretRef?.name ?? SECRET_NAME, `${service} envFrom`).toBe(SECRET_NAME);
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (!ref) continue;
        expect(ref.name, `${service} ${variable.name}`).toBe(SECRET_NAME);
        expect(readme, `deploy/README.md tells how to put ${ref.key} in ${SECRET_NAME}`).toContain(`${ref.key}=`);
        // The required keys are the ones the test's Secret has; an optional one may be left out.
        if (!ref.optional) expect(Object.keys(secretData), `${service} requires ${ref.key}`).toContain(ref.key);
      }
    }
  });

  it('has a Deployment and a Service for every service under services/', () => {
    const missing = services.flatMap((service) =>
      ['Deployment', 'Service'].filter((kind) => !find(objects, kind, service)).map((kind) => `${kind} ${service}`),
    );
    expect(missing).toEqual([]);
  });

  describe.each(services)('%s', (service) => {
    it('its environment (image ENV, ConfigMap, the operator’s Secret, container env) passes its own loadConfig', () => {
      expect(() => configFor(service)).not.toThrow();
    });

    it('refuses to start without NATS_URL (and, where live events pass, without its Redis: REDIS_URL, or REDIS_SENTINELS and REDIS_SENTINEL_NAME)', () => {
      const env = envOf(service);
      expect(problemsWithout(service, env, 'NATS_URL'), `${service} without NATS_URL`).toContain('NATS_URL');
      if (!REDIS_SERVICES.includes(service)) return;
      if (env.REDIS_SENTINELS === undefined) {
        expect(env.REDIS_URL, `${service} REDIS_URL`).toMatch(/^redis:\/\//);
        expect(problemsWithout(service, env, 'REDIS_URL'), `${service} without REDIS_URL`).toContain('REDIS_URL');
        return;
      }
      for (const variable of ['REDIS_SENTINELS', 'REDIS_SENTINEL_NAME']) {
        expect(problemsWithout(service, env, variable), `${service} without ${variable}`).toContain(variable);
      }
    });

    it('runs its own image, selected by its Deployment and by its Service on the ports it listens on', () => {
      const { deployment, container } = deploymentOf(service);
      expect(container.image, `Deployment ${service} image`).toMatch(new RegExp(`/${service}:[\\w.-]+$`));
      expect(selects(deployment.spec.selector, podLabels(service)), `Deployment ${service} selects its pods`).toBe(true);
      const serviceObject = find<Service>(objects, 'Service', service);
      if (!serviceObject) throw new Error(`no Service ${service}`);
      expect(selects({ matchLabels: serviceObject.spec.selector }, podLabels(service)), `Service ${service} selects the pods`).toBe(true);
      const targets = serviceObject.spec.ports.map((port) => resolvePort(container, port.targetPort ?? port.port));
      const { port, publicPort } = facts(service);
      expect(targets, `Service ${service} targets HEALTH_PORT`).toContain(port);
      if (publicPort !== undefined) expect(targets, `Service ${service} targets PORT`).toContain(publicPort);
      expect(
        targets.every((target) => target === port || target === publicPort),
        `Service ${service} targets: ${targets.join(', ')}`,
      ).toBe(true);
      const declared = container.ports?.map((declaredPort) => declaredPort.containerPort) ?? [];
      expect(declared.sort(), `${service} declares exactly the ports it listens on`).toEqual([port, ...(publicPort === undefined ? [] : [publicPort])].sort());
    });

    it('probes startup and liveness on /healthz and readiness on /readyz, all on HEALTH_PORT', () => {
      const { container } = deploymentOf(service);
      const { port } = facts(service);
      const probes = [
        ['startupProbe', '/healthz'],
        ['livenessProbe', '/healthz'],
        ['readinessProbe', '/readyz'],
      ] as const;
      for (const [probe, path] of probes) {
        const httpGet = container[probe]?.httpGet;
        expect(httpGet?.path, `${service} ${probe} path`).toBe(path);
        expect(resolvePort(container, httpGet?.port), `${service} ${probe} port`).toBe(port);
      }
      const annotations = deploymentOf(service).deployment.spec.template.metadata.annotations ?? {};
      expect(annotations['prometheus.io/path'], `${service} prometheus.io/path`).toBe('/metrics');
      expect(Number(annotations['prometheus.io/port']), `${service} prometheus.io/port`).toBe(port);
    });

    it('runs as a numeric non-root user on a read-only root filesystem, without privileges, capabilities or an unconfined seccomp', () => {
      const { deployment, container } = deploymentOf(service);
      expectLockedDown(deployment.spec.template.spec, container, service);
    });

    it('requests CPU and memory within its limits', () => {
      expectRequestsWithinLimits(deploymentOf(service).container, service);
    });

    it('stops gracefully: preStop sleep, then SHUTDOWN_DELAY_SECONDS and SHUTDOWN_TIMEOUT_SECONDS, all within the grace period', () => {
      const { deployment, container } = deploymentOf(service);
      const { shutdownDelaySeconds, shutdownTimeoutSeconds } = facts(service);
      const preStop = preStopSeconds(container);
      const grace = deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30;
      expect(preStop, `${service}: a preStop sleep while endpoints and the ingress controller let go of the pod`).toBeGreaterThanOrEqual(5);
      expect(shutdownDelaySeconds, `${service} SHUTDOWN_DELAY_SECONDS: serving with /readyz 503 after SIGTERM`).toBeGreaterThanOrEqual(5);
      // The grace period counts from the preStop hook; a few seconds of margin, so SIGKILL cuts
      // neither the last in-flight request nor the NATS drain.
      expect(
        grace,
        `${service}: terminationGracePeriodSeconds vs preStop ${preStop} + delay ${shutdownDelaySeconds} + timeout ${shutdownTimeoutSeconds} + 3`,
      ).toBeGreaterThanOrEqual(preStop + shutdownDelaySeconds + shutdownTimeoutSeconds + 3);
    });

    it('keeps a replica up through voluntary disruptions when it runs several, and never blocks a drain', () => {
      expectDisruptionBudget(podLabels(service), replicasOf(service), service);
    });

    it('NetworkPolicies: admits only Prometheus on HEALTH_PORT – and, for the gateway, the ingress controller on PORT', () => {
      const policies = ofKind<NetworkPolicy>('NetworkPolicy');
      const { container } = deploymentOf(service);
      const { port, publicPort } = facts(service);
      const rules = ingressRules(policies, podLabels(service), container);
      expect(rules.length, `${service} is reachable for scraping`).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(rule.from.length, `${rule.policy}: an ingress rule names its sources`).toBeGreaterThan(0);
        expect(rule.ports.length, `${rule.policy}: an ingress rule names its ports`).toBeGreaterThan(0);
        for (const peer of rule.from) expect(peer.ipBlock, `${rule.policy}: sources are pods, not addresses`).toBeUndefined();
        const allowed = service === 'gateway' ? [port, publicPort] : [port];
        for (const rulePort of rule.ports) expect(allowed, `${rule.policy} opens ${service}'s port ${rulePort}`).toContain(rulePort);
      }
      const scrapers = rules.filter((rule) => rule.ports.includes(port));
      expect(scrapers.length, `${service}: Prometheus may scrape ${port}`).toBeGreaterThan(0);
      if (service === 'gateway') {
        const front = rules.filter((rule) => rule.ports.includes(publicPort ?? -1));
        expect(front.length, 'the ingress controller reaches the gateway on PORT').toBeGreaterThan(0);
        for (const rule of front) {
          for (const peer of rule.from) expect(peer.namespaceSelector?.matchLabels, `${rule.policy}: from the ingress controller's namespace`).toBeDefined();
        }
      }
    });

    it('NetworkPolicies: lets it out only to DNS, its own servers and what its config says it calls', () => {
      const policies = ofKind<NetworkPolicy>('NetworkPolicy');
      const config = configFor(service);
      if (!isRecord(config)) throw new Error('no config');
      const { serverUrls } = facts(service);
      const egress = egressPorts(policies, podLabels(service));
      const needed = serverUrls.map((url) => (url.port ? Number(url.port) : (DEFAULT_SERVER_PORTS[url.protocol] ?? -1)));
      if (serverUrls.some((url) => url.protocol === 'redis-sentinel:')) needed.push(SENTINEL_PRIMARY_PORT);
      const mail = isRecord(config.mail) || (isRecord(config.gateway) && isRecord(config.gateway.mail));
      // The gateway's OpenID provider (console sign-in with SSO), when configured.
      const oidc = isRecord(config.oidc) ? config.oidc : isRecord(config.gateway) && isRecord(config.gateway.oidc) ? config.gateway.oidc : undefined;
      const oidcPorts = typeof oidc?.issuerUrl === 'string' ? [Number(new URL(oidc.issuerUrl).port || 443)] : [];
      const allowed = new Set([
        DNS_PORT,
        ...needed,
        ...(isRecord(config.llm) ? LLM_PORTS : []),
        ...(mail ? SMTP_PORTS : []),
        ...(isRecord(config.webhooks) ? WEBHOOK_PORTS : []),
        ...otlpPorts(envOf(service)),
        ...oidcPorts,
        ...(UPLOAD_SERVICES.includes(service) ? s3Ports(envOf(service)) : []),
      ]);
      expect(egress.unrestricted, `${service}: an egress rule without ports opens everything (${egress.unrestricted.join(', ')})`).toEqual([]);
      const bucket = UPLOAD_SERVICES.includes(service) ? s3Ports(envOf(service)) : [];
      for (const neededPort of [DNS_PORT, ...needed, ...otlpPorts(envOf(service)), ...oidcPorts, ...bucket])
        expect(egress.ports, `${service} may reach port ${neededPort}`).toContain(neededPort);
      for (const openPort of egress.ports) expect([...allowed], `${service} may reach port ${openPort}`).toContain(openPort);
    });
  });

  it('NetworkPolicies: everything not allowed is denied, in and out', () => {
    const denyAll = ofKind<NetworkPolicy>('NetworkPolicy').find(
      (policy) =>
        Object.keys(policy.spec.podSelector.matchLabels ?? {}).length === 0 &&
        (policy.spec.podSelector.matchExpressions ?? []).length === 0 &&
        policy.spec.policyTypes?.includes('Ingress') &&
        policy.spec.policyTypes?.includes('Egress') &&
        (policy.spec.ingress ?? []).length === 0 &&
        (policy.spec.egress ?? []).length === 0,
    );
    expect(denyAll, 'a NetworkPolicy selecting every pod with no rule (default deny)').toBeDefined();
  });

  it('only the gateway admits traffic other than scraping', () => {
    const policies = ofKind<NetworkPolicy>('NetworkPolicy');
    const admitting = services.filter((service) => {
      const { port } = facts(service);
      return ingressRules(policies, podLabels(service), deploymentOf(service).container).some((rule) => rule.ports.some((rulePort) => rulePort !== port));
    });
    expect(admitting).toEqual(['gateway']);
  });

  if (overlay === 'production with components/tracing') {
    it('has every service export traces to the collector, and reach it', () => {
      for (const service of services) {
        const env = envOf(service);
        expect(env.OTEL_EXPORTER_OTLP_ENDPOINT, `${service} OTEL_EXPORTER_OTLP_ENDPOINT`).toMatch(/^http:\/\/[\w.-]+:4318$/);
        expect(egressPorts(ofKind<NetworkPolicy>('NetworkPolicy'), podLabels(service)).ports, `${service} reaches the collector`).toContain(4318);
      }
    });
  }

  if (overlay === 'production with components/sso') {
    it('gives the gateway, and only the gateway, its OpenID provider: all three OIDC_* variables and HTTPS to the provider', () => {
      for (const service of services) {
        const env = envOf(service);
        const oidc = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'].filter((name) => env[name] !== undefined);
        expect(oidc, `${service} OIDC_*`).toEqual(service === 'gateway' ? ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] : []);
      }
      expect(envOf('gateway').OIDC_ISSUER_URL).toMatch(/^https:\/\//);
      expect(configFor('gateway')).toMatchObject({ gateway: { oidc: { clientId: 'parley-console', clientSecret: 'test-oidc-client-secret' } } });
      expect(egressPorts(ofKind<NetworkPolicy>('NetworkPolicy'), podLabels('gateway')).ports, 'the gateway reaches the provider').toContain(443);
    });
  }

  if (overlay === 'production with components/uploads-s3') {
    it('gives the gateway, sessions, the agent-runner and memory one bucket, its keys from the Secret, HTTPS to it, and the gateway room to spool files', () => {
      for (const service of services) {
        const env = envOf(service);
        const keys = ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].filter((name) => env[name] !== undefined);
        expect(keys, `${service} S3 keys`).toEqual(UPLOAD_SERVICES.includes(service) ? ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] : []);
        if (!UPLOAD_SERVICES.includes(service)) continue;
        expect(env.S3_BUCKET, `${service} S3_BUCKET`).toBe('parley-uploads');
        expect(configFor(service), `${service} keeps files`).toMatchObject({ uploads: expect.anything() });
        expect(egressPorts(ofKind<NetworkPolicy>('NetworkPolicy'), podLabels(service)).ports, `${service} reaches the bucket`).toContain(443);
      }
      const tmp = deploymentOf('gateway').deployment.spec.template.spec.volumes?.find((volume) => volume.name === 'tmp');
      expect(quantity(tmp?.emptyDir?.sizeLimit ?? '0'), 'the gateway’s /tmp holds 16 files of 50 MiB at once').toBeGreaterThanOrEqual(16 * 50 * 2 ** 20);
    });
  }

  if (overlay === 'production with components/uploads-volume') {
    it('mounts one ReadWriteMany claim at UPLOADS_DIR in the gateway, sessions, the agent-runner and memory, writable by their user', () => {
      const claims = ofKind<K8sObject & { spec: { accessModes: string[] } }>('PersistentVolumeClaim');
      expect(claims.map((claim) => [claim.metadata.name, claim.spec.accessModes])).toEqual([['parley-uploads', ['ReadWriteMany']]]);
      for (const service of services) {
        const env = envOf(service);
        const { deployment, container } = deploymentOf(service);
        if (!UPLOAD_SERVICES.includes(service)) {
          expect(env.UPLOADS_DIR, `${service} UPLOADS_DIR`).toBeUndefined();
          continue;
        }
        const volume = deployment.spec.template.spec.volumes?.find((candidate) => candidate.persistentVolumeClaim?.claimName === 'parley-uploads');
        const mount = container.volumeMounts?.find((candidate) => candidate.name === volume?.name);
        expect(mount?.mountPath, `${service} mounts the claim`).toBe(env.UPLOADS_DIR);
        expect(mount?.readOnly, `${service} writes to it`).not.toBe(true);
        expect(deployment.spec.template.spec.securityContext?.fsGroup, `${service} fsGroup`).toBe(
          deployment.spec.template.spec.securityContext?.runAsGroup ?? 1000,
        );
        expect(configFor(service), `${service} keeps files`).toMatchObject({ uploads: expect.anything() });
      }
    });
  }

  // Workloads beside the Parley services – the clustered overlay's NATS and Redis – are held to
  // the same rules where they apply: probes, resources, a locked-down pod, disruption budgets and
  // policies that name whom they admit.
  const backingWorkloads = objects.filter((object) => WORKLOAD_KINDS.includes(object.kind) && !services.includes(object.metadata.name)) as StatefulSet[];
  for (const workload of backingWorkloads) {
    const name = `${workload.kind} ${workload.metadata.name}`;
    const template = workload.spec.template;
    describe(name, () => {
      it('probes readiness and liveness, requests CPU and memory within its limits, and runs locked down', () => {
        expect(template.spec.automountServiceAccountToken, `${name} automountServiceAccountToken`).toBe(false);
        expect(template.spec.containers.length, `${name} containers`).toBeGreaterThan(0);
        for (const container of template.spec.containers) {
          const where = `${name} ${container.name}`;
          expect(container.readinessProbe, `${where} readinessProbe`).toBeDefined();
          expect(container.livenessProbe, `${where} livenessProbe`).toBeDefined();
          expectRequestsWithinLimits(container, where);
          expectLockedDown(template.spec, container, where);
        }
      });

      it('keeps a member up through voluntary disruptions when it runs several, and never blocks a drain', () => {
        expectDisruptionBudget(template.metadata.labels, workload.spec.replicas ?? 1, name);
      });

      it('NetworkPolicies: admits named pods on named ports only, and lets out on named ports only', () => {
        const policies = ofKind<NetworkPolicy>('NetworkPolicy');
        const container = template.spec.containers[0];
        if (!container) throw new Error(`${name} has no container`);
        for (const rule of ingressRules(policies, template.metadata.labels, container)) {
          expect(rule.from.length, `${rule.policy}: an ingress rule names its sources`).toBeGreaterThan(0);
          expect(rule.ports.length, `${rule.policy}: an ingress rule names its ports`).toBeGreaterThan(0);
          for (const peer of rule.from) expect(peer.ipBlock, `${rule.policy}: sources are pods, not addresses`).toBeUndefined();
        }
        expect(egressPorts(policies, template.metadata.labels).unrestricted, `${name}: an egress rule without ports opens everything`).toEqual([]);
      });
    });
  }

  if (overlay === 'clustered') {
    const statefulSets = ofKind<StatefulSet>('StatefulSet');
    const setNamed = (name: string): StatefulSet => {
      const set = find<StatefulSet>(objects, 'StatefulSet', name);
      if (!set) throw new Error(`clustered has no StatefulSet ${name}`);
      return set;
    };
    const containerOf = (set: StatefulSet): Container => {
      const container = set.spec.template.spec.containers[0];
      if (!container) throw new Error(`StatefulSet ${set.metadata.name} has no container`);
      return container;
    };
    const portOf = (set: StatefulSet, name: string) => containerOf(set).ports?.find((port) => port.name === name)?.containerPort;
    const podsOf = (set: StatefulSet): PolicyPod[] =>
      Array.from({ length: set.spec.replicas ?? 1 }, () => ({ labels: set.spec.template.metadata.labels, namespace, container: containerOf(set) }));
    const servicePod = (service: string): PolicyPod => ({ labels: podLabels(service), namespace, container: deploymentOf(service).container });
    /**
     * The StatefulSet whose pod a stable name addresses: `<set>-<ordinal>.<headless Service>`, as
     * the pods of the namespace resolve it (or under `.<namespace>.svc`), or undefined.
     */
    function setAddressed(host: string): StatefulSet | undefined {
      const match = /^([a-z0-9-]+)-(\d+)\.([a-z0-9-]+)(?:\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?)?$/.exec(host);
      if (!match) return undefined;
      const [, setName, ordinal, serviceName, inNamespace] = match;
      if (inNamespace !== undefined && inNamespace !== namespace) return undefined;
      const set = statefulSets.find((candidate) => candidate.metadata.name === setName && candidate.spec.serviceName === serviceName);
      if (!set || Number(ordinal) >= (set.spec.replicas ?? 1)) return undefined;
      const headless = find<Service>(objects, 'Service', serviceName ?? '');
      if (headless?.spec.clusterIP !== 'None' || !selects({ matchLabels: headless.spec.selector }, set.spec.template.metadata.labels)) return undefined;
      return set;
    }
    /** The text of a file a container reads from a mounted ConfigMap. */
    function mountedFile(set: StatefulSet, path: string): string {
      const container = containerOf(set);
      const mount = container.volumeMounts?.find((candidate) => path.startsWith(`${candidate.mountPath}/`));
      const volume = set.spec.template.spec.volumes?.find((candidate) => candidate.name === mount?.name) as { configMap?: { name: string } } | undefined;
      const configMap = find<ConfigMap>(objects, 'ConfigMap', volume?.configMap?.name ?? '');
      const text = configMap?.data?.[path.slice((mount?.mountPath.length ?? 0) + 1)];
      if (text === undefined) throw new Error(`${set.metadata.name} reads ${path}, which no mounted ConfigMap holds`);
      return text;
    }
    const argAfter = (args: string[], flag: string) => {
      const index = args.indexOf(flag);
      return index < 0 ? undefined : args[index + 1];
    };

    it('gives every service all three NATS servers, and three replicas of each stream and bucket', () => {
      const nats = setNamed('nats');
      expect(nats.spec.replicas, 'NATS servers').toBe(3);
      for (const service of services) {
        const env = envOf(service);
        const urls = (env.NATS_URL ?? '').split(',').map((value) => new URL(value.trim()));
        expect(
          urls.map((url) => setAddressed(url.hostname)?.metadata.name),
          `${service} NATS_URL ${env.NATS_URL}`,
        ).toEqual(['nats', 'nats', 'nats']);
        expect(new Set(urls.map((url) => url.hostname)).size, `${service} NATS_URL: three servers`).toBe(3);
        for (const url of urls) expect(Number(url.port || 4222), `${service} ${url.host}: the client port`).toBe(portOf(nats, 'client'));
        expect(env.NATS_REPLICAS, `${service} NATS_REPLICAS`).toBe('3');
        expect((configFor(service) as { natsReplicas?: unknown }).natsReplicas, `${service}'s config reads NATS_REPLICAS`).toBe(3);
      }
    });

    it('routes each NATS server to all three on the cluster port, names it after its pod, and keeps JetStream on a volume', () => {
      const nats = setNamed('nats');
      const container = containerOf(nats);
      const args = container.args ?? [];
      const routes = (argAfter(args, '--routes') ?? '').split(',').map((value) => new URL(value.trim()));
      expect(routes.map((route) => setAddressed(route.hostname)?.metadata.name)).toEqual(['nats', 'nats', 'nats']);
      expect(new Set(routes.map((route) => route.hostname)).size, 'a route to each of the three').toBe(3);
      for (const route of routes) expect(Number(route.port), `${route.host}: the cluster port`).toBe(portOf(nats, 'cluster'));
      expect(argAfter(args, '--name'), 'the server is named after its pod (how JetStream names leaders and KEDA finds them)').toBe('$(POD_NAME)');
      expect(container.env?.find((variable) => variable.name === 'POD_NAME')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
      const conf = mountedFile(nats, argAfter(args, '--config') ?? '');
      expect(Number(/cluster\s*\{[^}]*\bport:\s*(\d+)/.exec(conf)?.[1]), 'nats.conf: the cluster port').toBe(portOf(nats, 'cluster'));
      expect(Number(/^port:\s*(\d+)/m.exec(conf)?.[1]), 'nats.conf: the client port').toBe(portOf(nats, 'client'));
      expect(Number(/^http_port:\s*(\d+)/m.exec(conf)?.[1]), 'nats.conf: the monitoring port').toBe(portOf(nats, 'monitor'));
      const storeDir = /jetstream\s*\{[^}]*\bstore_dir:\s*(\S+)/.exec(conf)?.[1];
      expect(storeDir, 'nats.conf: JetStream with a store').toBeDefined();
      const claims = (nats.spec.volumeClaimTemplates ?? []).map((claim) => claim.metadata.name);
      const storeMount = container.volumeMounts?.find((mount) => mount.mountPath === storeDir);
      expect(claims, 'the JetStream store is a volume of its own per server').toContain(storeMount?.name);
    });

    it('runs Redis as a primary with replicas and three sentinels, which every service is given instead of REDIS_URL', () => {
      const redis = setNamed('redis');
      const sentinels = setNamed('redis-sentinel');
      expect(redis.spec.replicas ?? 1, 'a primary and at least one replica').toBeGreaterThanOrEqual(2);
      expect(sentinels.spec.replicas, 'sentinels').toBe(3);
      const sentinelName = envOf('gateway').REDIS_SENTINEL_NAME;
      expect(sentinelName, 'REDIS_SENTINEL_NAME').toMatch(/^\S+$/);
      for (const service of services) {
        const env = envOf(service);
        expect(env.REDIS_URL, `${service} REDIS_URL`).toBeUndefined();
        expect(env.REDIS_SENTINEL_NAME, `${service} REDIS_SENTINEL_NAME`).toBe(sentinelName);
        const addresses = (env.REDIS_SENTINELS ?? '').split(',').map((address) => new URL(`redis-sentinel://${address.trim()}`));
        expect(
          addresses.map((address) => setAddressed(address.hostname)?.metadata.name),
          `${service} REDIS_SENTINELS ${env.REDIS_SENTINELS}`,
        ).toEqual(['redis-sentinel', 'redis-sentinel', 'redis-sentinel']);
        expect(new Set(addresses.map((address) => address.hostname)).size, `${service} REDIS_SENTINELS: three sentinels`).toBe(3);
        for (const address of addresses) expect(Number(address.port), `${service} ${address.host}: the sentinel port`).toBe(portOf(sentinels, 'sentinel'));
        if (REDIS_SERVICES.includes(service)) {
          expect(configFor(service), `${service} follows the primary the sentinels name`).toMatchObject({
            redis: { name: sentinelName, sentinels: addresses.map((address) => ({ host: address.hostname, port: Number(address.port) })) },
          });
        }
      }
      // The Redis pods and the sentinels read the same name from parley-config.
      for (const set of [redis, sentinels]) {
        expect(containerEnv(containerOf(set), [...objects, operatorSecret], {}).REDIS_SENTINEL_NAME, `${set.metadata.name} REDIS_SENTINEL_NAME`).toBe(
          sentinelName,
        );
      }
      // The sentinels watch the Redis port, and two of the three must agree that the primary is down.
      const monitor = /sentinel monitor \S+ \S+ (\d+) (\d+)/.exec(mountedFile(sentinels, (containerOf(sentinels).command ?? []).at(-1) ?? ''));
      expect(Number(monitor?.[1]), 'the port the sentinels watch').toBe(portOf(redis, 'redis'));
      expect(portOf(redis, 'redis'), 'the port the services are let out to for the primary').toBe(SENTINEL_PRIMARY_PORT);
      expect(Number(monitor?.[2]), 'the sentinels’ quorum: a majority').toBe(Math.floor((sentinels.spec.replicas ?? 1) / 2) + 1);
    });

    it('with REDIS_PASSWORD in parley-secrets, the services send it and the Redis pods and sentinels use it', () => {
      const password = 'test-redis-password-0123456789';
      const withPassword: Secret = { ...operatorSecret, stringData: { ...secretData, REDIS_PASSWORD: password } };
      for (const service of REDIS_SERVICES) {
        const env = containerEnv(deploymentOf(service).container, [...objects, withPassword], imageEnvOf(service));
        expect(configOf(service, env, 'overlay clustered with REDIS_PASSWORD'), `${service} sends it`).toMatchObject({ redis: { password } });
      }
      const envValues = (set: string) => Object.values(containerEnv(containerOf(setNamed(set)), [...objects, withPassword], {}));
      expect(envValues('redis'), 'the Redis pods require it').toContain(password);
      expect(envValues('redis-sentinel'), 'the sentinels log in with it').toContain(password);
    });

    it('puts each NATS server, Redis pod and sentinel on a node of its own', () => {
      for (const set of statefulSets) {
        const terms = set.spec.template.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
        const spread = terms.some(
          (term) => term.topologyKey === 'kubernetes.io/hostname' && selects(term.labelSelector ?? {}, set.spec.template.metadata.labels),
        );
        expect(spread, `${set.metadata.name}: required anti-affinity on kubernetes.io/hostname`).toBe(true);
      }
    });

    it('NetworkPolicies: the services reach NATS and, where they use Redis, the sentinels and every Redis pod; the servers reach each other', () => {
      const policies = ofKind<NetworkPolicy>('NetworkPolicy');
      const nats = setNamed('nats');
      const redis = setNamed('redis');
      const sentinels = setNamed('redis-sentinel');
      const reaches = (from: PolicyPod, to: PolicyPod, port: number | undefined) => allowsConnection(policies, from, to, port ?? -1);
      for (const service of services) {
        for (const server of podsOf(nats)) expect(reaches(servicePod(service), server, portOf(nats, 'client')), `${service} → NATS`).toBe(true);
        const usesRedis = REDIS_SERVICES.includes(service);
        for (const sentinel of podsOf(sentinels)) {
          expect(reaches(servicePod(service), sentinel, portOf(sentinels, 'sentinel')), `${service} → a sentinel`).toBe(usesRedis);
        }
        for (const server of podsOf(redis)) expect(reaches(servicePod(service), server, portOf(redis, 'redis')), `${service} → a Redis pod`).toBe(usesRedis);
      }
      for (const [from, to, port] of [
        [nats, nats, 'cluster'],
        [redis, redis, 'redis'],
        [redis, sentinels, 'sentinel'],
        [sentinels, redis, 'redis'],
        [sentinels, sentinels, 'sentinel'],
      ] as const) {
        const [source] = podsOf(from);
        for (const target of podsOf(to)) {
          expect(reaches(source ?? servicePod('gateway'), target, portOf(to, port)), `${from.metadata.name} → ${to.metadata.name} on ${port}`).toBe(true);
        }
      }
      // KEDA reads each server's monitoring port, by its name under the headless Service.
      const keda: PolicyPod = { labels: { 'app.kubernetes.io/name': 'keda-operator' }, namespace: 'keda' };
      for (const server of podsOf(nats)) expect(reaches(keda, server, portOf(nats, 'monitor')), 'KEDA → NATS monitoring').toBe(true);
      const endpoint = scalerOf('agent-runner')?.spec.triggers.find((trigger) => trigger.type === 'nats-jetstream')?.metadata.natsServerMonitoringEndpoint;
      expect(endpoint, 'KEDA asks the cluster’s servers').toBe(`${nats.spec.serviceName}.${namespace}.svc:${portOf(nats, 'monitor')}`);
    });

    it('runs no PostgreSQL: every DATABASE_URL comes from parley-secrets, the operator-managed primary’s Service (deploy/README.md)', () => {
      const images = backingWorkloads.flatMap((workload) => workload.spec.template.spec.containers.map((container) => parseImage(container.image).name));
      expect([...new Set(images)].sort(), 'what the overlay runs beside the services').toEqual(['nats', 'redis']);
      for (const service of services) {
        const variable = deploymentOf(service).container.env?.find((candidate) => candidate.name === 'DATABASE_URL');
        if (variable) expect(variable.valueFrom?.secretKeyRef?.name, `${service} DATABASE_URL`).toBe(SECRET_NAME);
      }
    });
  }

  if (overlay === 'dev') {
    it('runs one replica of each service, with no autoscaler, PodDisruptionBudget, Ingress or operator resources', () => {
      for (const service of services) expect(deploymentOf(service).deployment.spec.replicas, `${service} replicas`).toBe(1);
      const kinds = new Set(objects.map((object) => object.kind));
      for (const kind of ['HorizontalPodAutoscaler', 'ScaledObject', 'PodDisruptionBudget', 'Ingress', 'ServiceMonitor']) {
        expect(kinds.has(kind), `dev has no ${kind}`).toBe(false);
      }
    });

    it('requests no more than production', () => {
      const production = kustomize(join(overlaysDir, 'production'));
      for (const service of services) {
        const prod = find<Deployment>(production, 'Deployment', service)?.spec.template.spec.containers[0]?.resources?.requests ?? {};
        const dev = deploymentOf(service).container.resources?.requests ?? {};
        for (const resource of ['cpu', 'memory']) {
          expect(quantity(dev[resource] ?? '0'), `${service} ${resource}: dev ${dev[resource]} vs production ${prod[resource]}`).toBeLessThanOrEqual(
            quantity(prod[resource] ?? '0'),
          );
        }
      }
    });
  }

  // clustered is production with its servers clustered: what production promises, it keeps.
  if (overlay === 'production' || overlay === 'clustered') {
    it('scales the agent-runner with KEDA on its turn queue: nats-jetstream on <BUS_NAMESPACE>_runner_turn, consumer agent-runner', () => {
      const scaler = scalerOf('agent-runner');
      expect(scaler, 'a ScaledObject targets Deployment agent-runner').toBeDefined();
      if (!scaler) return;
      expect(scaler.spec.scaleTargetRef.apiVersion ?? 'apps/v1').toBe('apps/v1');
      const runner = configFor('agent-runner') as { namespace: string; maxInFlight?: number };
      const turn = catalog.rpc['runner.turn'];
      const trigger = scaler.spec.triggers.find((candidate) => candidate.type === 'nats-jetstream');
      expect(trigger, 'a nats-jetstream trigger').toBeDefined();
      // The names the bus gives the runners' work queue in this BUS_NAMESPACE (parley_runner_turn, agent-runner).
      expect(trigger?.metadata.stream, 'the runner turn stream of BUS_NAMESPACE').toBe(workQueueStreamName(runner.namespace, 'runner.turn'));
      expect(trigger?.metadata.consumer, 'the runners’ durable consumer').toBe(
        workQueueConsumerName({ name: 'runner.turn', spec: turn, subject: turn.subject }),
      );
      expect(trigger?.metadata.account, 'the NATS account').toBe('$G');
      expect(trigger?.metadata.natsServerMonitoringEndpoint, 'the NATS monitoring port').toMatch(/^[\w.-]+:8222$/);
      expect(runner.maxInFlight, 'the agent-runner config says how many turns it takes at once').toBeTypeOf('number');
      expect(Number(trigger?.metadata.lagThreshold), 'lagThreshold: one runner’s worth of waiting turns (RUNNER_MAX_IN_FLIGHT)').toBe(runner.maxInFlight);
      for (const other of scaler.spec.triggers.filter((candidate) => candidate !== trigger)) {
        expect(other.type, 'other triggers').toBe('prometheus');
        expect(other.metadata.query, 'the prometheus trigger reads the turn queue depth').toMatch(/parley_turn_queue_depth/);
      }
      expect(scaler.spec.minReplicaCount, 'at least two runners').toBeGreaterThanOrEqual(2);
      expect(scaler.spec.maxReplicaCount ?? 100, 'room to scale').toBeGreaterThan(scaler.spec.minReplicaCount ?? 0);
    });

    it('leaves the agent-runner count to KEDA: no replicas in its Deployment, no other autoscaler', () => {
      expect(deploymentOf('agent-runner').deployment.spec.replicas, 'a count `kubectl apply` would reset').toBeUndefined();
      expect(ofKind('HorizontalPodAutoscaler'), 'KEDA creates the HPA itself').toEqual([]);
    });

    it('runs at least two gateways', () => {
      expect(replicasOf('gateway')).toBeGreaterThanOrEqual(2);
    });

    it('exposes the gateway’s PORT – only it – through ingress-nginx, with SSE and WebSocket timeouts', () => {
      const ingresses = ofKind<Ingress>('Ingress');
      expect(ingresses.length, 'one Ingress').toBe(1);
      const { container } = deploymentOf('gateway');
      const { publicPort } = facts('gateway');
      for (const ingress of ingresses) {
        const annotations = ingress.metadata.annotations ?? {};
        expect(ingress.spec.ingressClassName, `${ingress.metadata.name} class`).toBe('nginx');
        for (const timeout of ['proxy-read-timeout', 'proxy-send-timeout']) {
          expect(Number(annotations[`nginx.ingress.kubernetes.io/${timeout}`]), `${timeout}: SSE streams and sockets stay open`).toBeGreaterThanOrEqual(3600);
        }
        expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering'], 'events pass at once').toBe('off');
        const backends = [ingress.spec.defaultBackend, ...(ingress.spec.rules ?? []).flatMap((rule) => rule.http?.paths.map((path) => path.backend) ?? [])];
        for (const backend of backends.filter((candidate) => candidate !== undefined)) {
          expect(backend.service?.name, 'the Ingress routes to the gateway').toBe('gateway');
          const servicePort = find<Service>(objects, 'Service', 'gateway')?.spec.ports.find(
            (port) => port.name === backend.service?.port.name || port.port === backend.service?.port.number,
          );
          expect(resolvePort(container, servicePort?.targetPort ?? servicePort?.port), 'to the gateway’s public PORT').toBe(publicPort);
        }
      }
    });

    it('has Prometheus scrape /metrics on every service’s HEALTH_PORT (ServiceMonitor)', () => {
      const monitors = ofKind<ServiceMonitor>('ServiceMonitor');
      for (const service of services) {
        const serviceObject = find<Service>(objects, 'Service', service);
        const { port } = facts(service);
        const { container } = deploymentOf(service);
        const scraped = monitors.some(
          (monitor) =>
            (monitor.spec.namespaceSelector?.any || (monitor.spec.namespaceSelector?.matchNames ?? [namespace]).includes(namespace)) &&
            selects(monitor.spec.selector, serviceObject?.metadata.labels ?? {}) &&
            monitor.spec.endpoints.some((endpoint) => {
              const servicePort = serviceObject?.spec.ports.find((candidate) => candidate.name === endpoint.port);
              return endpoint.path === '/metrics' && resolvePort(container, servicePort?.targetPort ?? servicePort?.port) === port;
            }),
        );
        expect(scraped, `a ServiceMonitor scrapes ${service} on ${port}/metrics`).toBe(true);
      }
    });
  }
});
