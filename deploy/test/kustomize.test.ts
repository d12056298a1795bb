import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.js';
import { idOf, kustomize, loadManifests, type Manifest } from './kustomize.js';
import { UnknownKindError, validateManifest } from './schemas.js';
import { repoRoot } from './services.js';

// The renderer the Kubernetes tests read the overlays with must render what Kustomize renders.
// Where kubectl is installed (CI machines may lack it) every kustomization of deploy/k8s and the
// fixture below are rendered by both and compared object by object.

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function kubectlKustomize(dir: string): Manifest[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir}: ${result.stderr}`);
  return loadManifests(result.stdout, `kubectl kustomize ${dir}`);
}

/** The objects by id: order of output aside, the same objects with the same fields and list orders. */
const byId = (objects: Manifest[]) => Object.fromEntries(objects.map((object) => [idOf(object), object]));

const k8sDir = join(repoRoot, 'deploy', 'k8s');
const kustomizations = [
  'base',
  ...readdirSync(join(k8sDir, 'overlays'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `overlays/${entry.name}`),
];

describe.skipIf(!kubectl)('the same output as `kubectl kustomize`', () => {
  it.each(kustomizations)('deploy/k8s/%s', (dir) => {
    expect(byId(kustomize(join(k8sDir, dir)))).toEqual(byId(kubectlKustomize(join(k8sDir, dir))));
  });
});

describe('the renderer', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-kustomize-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  write(
    'base/kustomization.yaml',
    `namespace: base-ns
labels:
  - pairs: {app.kubernetes.io/part-of: demo}
    includeTemplates: true
resources: [namespace.yaml, app.yaml]
`,
  );
  write('base/namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: placeholder}\n');
  write(
    'base/app.yaml',
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {tier: front}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: registry.example:5000/demo/web:1.0
          args: [--one]
          env: [{name: A, value: "1"}, {name: B, value: "2"}, {name: GONE, value: "x"}]
          ports: [{name: http, containerPort: 8080}]
          resources: {limits: {cpu: "1"}}
        - name: sidecar
          image: demo/sidecar@sha256:0123
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers:
        - name: worker
          image: demo/worker
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker}
spec:
  scaleTargetRef: {name: worker}
  triggers: [{type: cpu, metadata: {value: "50"}}, {type: memory, metadata: {value: "50"}}]
`,
  );
  write(
    'overlay/kustomization.yaml',
    `namespace: overlay-ns
resources: [../base, extra.yaml]
labels:
  - pairs: {env: test}
replicas:
  - {name: worker, count: 4}
images:
  - {name: registry.example:5000/demo/web, newTag: "2.0"}
  - {name: demo/worker, newName: mirror.example/worker, newTag: v9}
  - {name: demo/sidecar, digest: "sha256:abcd"}
patches:
  - path: web-patch.yaml
  - target: {kind: Deployment, labelSelector: "tier=front"}
    patch: |-
      - {op: add, path: /spec/template/spec/containers/0/args/-, value: --two}
      - {op: replace, path: /spec/template/spec/containers/0/resources/limits/cpu, value: 500m}
      - {op: remove, path: /spec/template/spec/containers/1}
  - target: {kind: ScaledObject, name: "work.*"}
    patch: |-
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata: {name: ignored}
      spec:
        triggers: [{type: cpu, metadata: {value: "70"}}]
`,
  );
  write('overlay/extra.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\ndata: {KEY: value}\n');
  write(
    'overlay/web-patch.yaml',
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: null
  template:
    spec:
      containers:
        - name: web
          env:
            - {name: C, value: "3"}
            - {name: A, value: "9"}
            - {name: GONE, $patch: delete}
          ports: [{name: metrics, containerPort: 9090}]
`,
  );

  const rendered = () => byId(kustomize(join(root, 'overlay')));
  const web = () => rendered()['apps/v1 Deployment overlay-ns/web'] as Manifest & { spec: any };

  it('loads resources from files and folders, and moves every object into the namespace (renaming a Namespace)', () => {
    expect(Object.keys(rendered()).sort()).toEqual([
      'apps/v1 Deployment overlay-ns/web',
      'apps/v1 Deployment overlay-ns/worker',
      'keda.sh/v1alpha1 ScaledObject overlay-ns/worker',
      'v1 ConfigMap overlay-ns/extra',
      'v1 Namespace ~/overlay-ns',
      'v1 Service overlay-ns/web',
    ]);
  });

  it('adds labels to every object, and to pod templates only where asked, never to selectors', () => {
    expect(web().metadata.labels).toEqual({ tier: 'front', 'app.kubernetes.io/part-of': 'demo', env: 'test' });
    expect(web().spec.template.metadata.labels).toEqual({ app: 'web', 'app.kubernetes.io/part-of': 'demo' });
    expect(web().spec.selector).toEqual({ matchLabels: { app: 'web' } });
  });

  it('merges strategic patches by merge key (patch items first), deletes with null and $patch: delete', () => {
    const container = web().spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'C', value: '3' },
      { name: 'A', value: '9' },
      { name: 'B', value: '2' },
    ]);
    expect(container.ports).toEqual([
      { name: 'metrics', containerPort: 9090 },
      { name: 'http', containerPort: 8080 },
    ]);
    expect(web().spec.replicas).toBeUndefined();
  });

  it('applies JSON 6902 operations to the targets a label selector picks, and replaces the lists of custom resources', () => {
    const containers = web().spec.template.spec.containers;
    expect(containers.map((container: { name: string }) => container.name)).toEqual(['web']);
    expect(containers[0].args).toEqual(['--one', '--two']);
    expect(containers[0].resources).toEqual({ limits: { cpu: '500m' } });
    expect((rendered()['keda.sh/v1alpha1 ScaledObject overlay-ns/worker'] as any).spec.triggers).toEqual([{ type: 'cpu', metadata: { value: '70' } }]);
  });

  it('sets replicas and images by name (tag, new name, digest)', () => {
    const worker = rendered()['apps/v1 Deployment overlay-ns/worker'] as any;
    expect(worker.spec.replicas).toBe(4);
    expect(worker.spec.template.spec.containers[0].image).toBe('mirror.example/worker:v9');
    expect(web().spec.template.spec.containers[0].image).toBe('registry.example:5000/demo/web:2.0');
  });

  it.skipIf(!kubectl)('renders the fixture as kubectl does', () => {
    expect(rendered()).toEqual(byId(kubectlKustomize(join(root, 'overlay'))));
  });

  it('adds a component: its resources join, its patches reach what came before it, the parent transforms both', () => {
    write(
      'component/kustomization.yaml',
      `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources: [policy.yaml]
patches:
  - patch: "{apiVersion: v1, kind: ConfigMap, metadata: {name: extra}, data: {TRACED: 'yes'}}"
`,
    );
    write('component/policy.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: extra-egress}\nspec: {podSelector: {}}\n');
    write('with-component/kustomization.yaml', 'namespace: comp-ns\nresources: [../overlay]\ncomponents: [../component]\n');
    const objects = byId(kustomize(join(root, 'with-component')));
    expect(objects['v1 ConfigMap comp-ns/extra']).toMatchObject({ data: { KEY: 'value', TRACED: 'yes' } });
    expect(objects['networking.k8s.io/v1 NetworkPolicy comp-ns/extra-egress']).toBeDefined();
    if (kubectl) expect(objects).toEqual(byId(kubectlKustomize(join(root, 'with-component'))));
    // A component is not a kustomization, nor the other way round.
    write('not-a-component/kustomization.yaml', 'resources: []\n');
    write('wrong-kind/kustomization.yaml', 'resources: [../overlay]\ncomponents: [../not-a-component]\n');
    expect(() => kustomize(join(root, 'wrong-kind'))).toThrow(/Component/);
    expect(() => kustomize(join(root, 'component'))).toThrow(/Kustomization/);
  });

  it('refuses a kustomization field it does not implement, rather than leave it out', () => {
    write('unsupported/kustomization.yaml', 'commonLabels: {a: b}\nresources: []\n');
    expect(() => kustomize(join(root, 'unsupported'))).toThrow(/commonLabels/);
  });

  it('refuses a patch that matches nothing and an object defined twice', () => {
    write('nomatch/kustomization.yaml', 'resources: [../base]\npatches:\n  - patch: "{apiVersion: v1, kind: Service, metadata: {name: nope}}"\n');
    expect(() => kustomize(join(root, 'nomatch'))).toThrow(/matches nothing/);
    write('twice/kustomization.yaml', 'resources: [../base/app.yaml, ../base/app.yaml]\n');
    expect(() => kustomize(join(root, 'twice'))).toThrow(/defined twice/);
  });

  it('JSON patch: add, copy, move, test and remove as RFC 6902 says', () => {
    const result = applyJsonPatch({ a: [1, 2], b: { c: 'x' } }, [
      { op: 'add', path: '/a/1', value: 9 },
      { op: 'copy', from: '/b/c', path: '/d' },
      { op: 'move', from: '/a/0', path: '/e~1f' },
      { op: 'test', path: '/d', value: 'x' },
      { op: 'remove', path: '/b' },
    ]);
    expect(result).toEqual({ a: [9, 2], d: 'x', 'e/f': 1 });
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test/);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toThrow(/does not exist/);
  });
});

describe('schema validation', () => {
  it('refuses a kind no models package knows, instead of skipping it', async () => {
    await expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).rejects.toBeInstanceOf(UnknownKindError);
    await expect(validateManifest({ apiVersion: 'apps/v1', kind: 'Deploymentt', metadata: { name: 'w' } })).rejects.toBeInstanceOf(UnknownKindError);
    await expect(validateManifest({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledThing', metadata: { name: 'w' } })).rejects.toBeInstanceOf(UnknownKindError);
  });

  it('refuses an object its schema does not allow', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'c', resources: { limits: { cpu: 'lots' } } }] } } },
    };
    await expect(validateManifest(deployment)).rejects.toThrow(/cpu/);
    const scaler = {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 's' },
      spec: { scaleTargetRef: { name: 'd' }, triggers: [{ type: 'nats-jetstream', metadata: { lagThreshold: 32 } }] },
    };
    await expect(validateManifest(scaler)).rejects.toThrow(/lagThreshold/);
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'm' },
      spec: { selector: {}, endpoints: [{ port: 8081 }] },
    };
    await expect(validateManifest(monitor)).rejects.toThrow(/port/);
  });
});
