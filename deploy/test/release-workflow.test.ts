import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, serviceNames } from './services.js';
import { workspaceFolders } from '../../scripts/release/versions.js';

// The release workflow (docs/releasing.md), read as GitHub reads it: what it builds must be what
// the repository has – every service's image, every package that is not private – and nothing
// is published before the tests, the packages and the images have passed, nor unless asked.

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: { push?: { tags?: string[] }; workflow_dispatch?: { inputs?: Record<string, { required?: boolean; type?: string; default?: unknown }> } };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const workflow = parse(read('.github/workflows/release.yml')) as Workflow;
const jobs = workflow.jobs;
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
/** Every job a job waits for, directly or through another. */
const upstream = (name: string): Set<string> => new Set(needsOf(jobs[name] as Job).flatMap((need) => [need, ...upstream(need)]));
const runs = (job: Job) => job.steps.flatMap((step) => step.run ?? []).join('\n');
/** A GitHub Actions expression as the workflow writes it: `${{ matrix.service }}`. */
const expression = (inner: string) => `\${{ ${inner} }}`;
const builds = (job: Job) => job.steps.filter((step) => step.uses?.startsWith('docker/build-push-action@'));

/** The workspace packages a release publishes: every one that is not private. */
const published = workspaceFolders(repoRoot)
  .map((folder) => JSON.parse(read(`${folder}/package.json`)) as { name: string; private?: boolean })
  .filter((manifest) => manifest.private !== true)
  .map((manifest) => manifest.name)
  .sort();

describe('.github/workflows/release.yml', () => {
  it('runs on a tag vX.Y.Z, or by hand with a version and publish unticked by default', () => {
    expect(workflow.on.push?.tags).toEqual(['v*']);
    expect(workflow.on.workflow_dispatch?.inputs?.version).toMatchObject({ required: true, type: 'string' });
    expect(workflow.on.workflow_dispatch?.inputs?.publish).toMatchObject({ type: 'boolean', default: false });
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('sets the versions and the changelog with the repository’s own command, and a tag must be prepared already', () => {
    const prepare = jobs.prepare as Job;
    expect(runs(prepare)).toContain('npm run release -- prepare "$VERSION"');
    expect(runs(prepare)).toContain('npm install --package-lock-only --ignore-scripts');
    const check = prepare.steps.find((step) => step.run?.includes('git diff --exit-code'));
    expect(check?.if).toBe("github.event_name == 'push'");
    expect(JSON.parse(read('package.json')).scripts.release).toBe('node --import tsx scripts/release/main.ts');
  });

  it('runs the tests, on the Node major the images run', () => {
    expect(runs(jobs.test as Job)).toMatch(/^npm test$/m);
    const major = /^FROM node:(\d+)/m.exec(read('Dockerfile'))?.[1];
    expect(workflow.env?.NODE_VERSION).toBe(major);
  });

  it('packs every package that is not private – the four libraries for sites – and lints each tarball', () => {
    expect(published).toEqual(['@parley/client', '@parley/widget-embed', '@parley/widget-react', '@parley/widget-vue']);
    const pack = runs(jobs.packages as Job)
      .split('\n')
      .find((line) => line.trim().startsWith('npm pack'));
    const packed = [...(pack ?? '').matchAll(/-w (\S+)/g)].map((match) => match[1]).sort();
    expect(packed).toEqual(published);
    expect(runs(jobs.packages as Job)).toContain('publint run --strict');
    // The loader goes to the registry before the components that depend on it.
    const order =
      /for package in ([\w\s-]+); do/
        .exec(runs(jobs['publish-npm'] as Job))?.[1]
        ?.trim()
        .split(/\s+/) ?? [];
    expect(order.map((name) => `@parley/${name}`).sort()).toEqual(published);
    expect(order.indexOf('widget-embed')).toBeLessThan(Math.min(order.indexOf('widget-react'), order.indexOf('widget-vue')));
    expect(runs(jobs['publish-npm'] as Job)).toContain('--provenance');
  });

  it.each(['images', 'publish-images'])('%s: builds the image of every service, with its SBOM and provenance', (name) => {
    const job = jobs[name] as Job;
    expect(((job.strategy?.matrix?.service as string[]) ?? []).slice().sort()).toEqual(serviceNames());
    const [build] = builds(job);
    expect(builds(job)).toHaveLength(1);
    expect(build?.with).toMatchObject({ context: '.', 'build-args': `SERVICE=${expression('matrix.service')}`, sbom: true, provenance: 'mode=max' });
    expect(build?.with?.tags).toBe(`${expression('env.IMAGE_REPOSITORY')}/${expression('matrix.service')}:${expression('needs.prepare.outputs.version')}`);
  });

  it('names the images as the Kubernetes manifests do', () => {
    const production = read('deploy/k8s/overlays/production/kustomization.yaml');
    for (const service of serviceNames()) expect(production).toContain(`name: ${workflow.env?.IMAGE_REPOSITORY}/${service}`);
  });

  it('publishes nothing before the tests, the packages and the images have passed, nor unless the run publishes', () => {
    const publishing = Object.entries(jobs).filter(
      ([, job]) =>
        /npm publish|git push|gh release/.test(runs(job)) ||
        builds(job).some((step) => step.with?.push === true) ||
        Object.values(job.permissions ?? {}).includes('write'),
    );
    expect(publishing.map(([name]) => name).sort()).toEqual(['github-release', 'publish-images', 'publish-npm', 'tag']);
    for (const [name, job] of publishing) {
      expect(job.if, name).toBe("needs.prepare.outputs.publish == 'true'");
      expect([...upstream(name)], name).toEqual(expect.arrayContaining(['prepare', 'test', 'packages', 'images']));
    }
    // Before that line, nothing can write: no push of an image, no token with write access.
    const image = builds(jobs.images as Job)[0];
    expect(image?.with?.push).toBeUndefined();
    expect(image?.with?.outputs).toBe('type=local,dest=image');
  });
});
