/**
 * The deployment files in the repository: every Kubernetes object under config/k8s validated against the
 * Kubernetes API schemas (kubernetes-models, the JSON schemas of the API), the CronJob and Deployments
 * held to what an operator relies on (no doubled runs, the token from a Secret, non-root, a grace period
 * longer than the worker's), docker-compose.yml's services, the CI examples, and Upkeep's own extract
 * finding the images these files pin (so a repository holding them keeps them current).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { CronJob } from 'kubernetes-models/batch/v1';
import { ConfigMap, PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { extractRepository } from '../../src/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const K8S = join(ROOT, 'config/k8s');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MODELS: Record<string, new (data: Obj) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/CronJob': CronJob,
};

function docs(file: string): Obj[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true }).map((d) => d.toJS() as Obj);
}

const kustomization = docs(join(K8S, 'kustomization.yaml'))[0]!;
const objects = (kustomization.resources as string[]).flatMap((file) => docs(join(K8S, file)).map((o) => ({ file, o })));
const byKind = (kind: string, name: string) => objects.find(({ o }) => o.kind === kind && o.metadata.name === name)!.o;

describe('config/k8s', () => {
  it('every object the kustomization names is valid against the Kubernetes API schema', () => {
    expect(objects.length).toBeGreaterThanOrEqual(7);
    for (const { file, o } of objects) {
      const model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(model, `${file}: ${o.apiVersion} ${o.kind} has no schema here`).toBeDefined();
      expect(() => new model!(o).validate(), `${file}: ${o.kind} ${o.metadata?.name}`).not.toThrow();
    }
    // The schemas do catch mistakes (a validator that accepts anything would prove nothing).
    const broken = structuredClone(byKind('CronJob', 'upkeep'));
    broken.spec.concurrencyPolicy = 7;
    expect(() => new CronJob(broken).validate()).toThrow();
    // Every file in the folder is either named by the kustomization or an optional extra.
    const listed = new Set(kustomization.resources as string[]);
    for (const file of readdirSync(K8S).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')) expect(listed.has(file), file).toBe(true);
  });

  it('the CronJob never doubles a run, the token always comes from the Secret, nothing runs as root', () => {
    const cron = byKind('CronJob', 'upkeep');
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const pods = [
      cron.spec.jobTemplate.spec.template.spec,
      byKind('Deployment', 'upkeep-worker').spec.template.spec,
      byKind('Deployment', 'upkeep-scheduler').spec.template.spec,
    ];
    for (const pod of pods) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      const env = pod.containers[0].env as Obj[];
      expect(env.find((e) => e.name === 'UPKEEP_TOKEN')?.valueFrom?.secretKeyRef).toEqual({ name: 'upkeep-token', key: 'UPKEEP_TOKEN' });
      expect(JSON.stringify(pod)).not.toMatch(/token["']?\s*:\s*["'][^"']{8,}/i);
    }
  });

  it("the worker's pod grace period outlasts the worker's own --grace, so SIGTERM finishes jobs before the kill", () => {
    const pod = byKind('Deployment', 'upkeep-worker').spec.template.spec;
    const args = pod.containers[0].args as string[];
    const grace = Number(args[args.indexOf('--grace') + 1]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(grace);
    expect(byKind('Deployment', 'upkeep-scheduler').spec.replicas).toBe(1);
    const serve = byKind('Deployment', 'upkeep-serve').spec.template.spec.containers[0];
    expect([serve.livenessProbe.httpGet.path, serve.readinessProbe.httpGet.path]).toEqual(['/healthz', '/readyz']);
  });

  it('the KEDA example scales the workers Deployment on the queue’s waiting list', () => {
    const [scaled] = docs(join(K8S, 'keda/scaled-object.yaml'));
    expect(scaled).toMatchObject({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', spec: { scaleTargetRef: { name: 'upkeep-worker' } } });
    expect(scaled!.spec.triggers[0]).toMatchObject({ type: 'redis', metadata: { listName: '{bull}:upkeep:wait' } });
  });
});

describe('docker-compose.yml and the CI examples', () => {
  it('compose: Redis with persistence, a scheduler, two workers and serve, configured from .env', () => {
    const [compose] = docs(join(ROOT, 'docker-compose.yml'));
    expect(Object.keys(compose!.services).sort()).toEqual(['redis', 'scheduler', 'serve', 'worker']);
    expect(compose!.services.redis.command).toContain('--appendonly');
    expect(compose!.services.worker.deploy.replicas).toBe(2);
    expect(compose!.services.worker.command[0]).toBe('worker');
    expect(compose!.services.scheduler.command[0]).toBe('schedule');
    for (const name of ['worker', 'scheduler', 'serve']) expect(compose!.services[name].env_file).toBe('.env');
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    for (const key of ['UPKEEP_PLATFORM', 'UPKEEP_ENDPOINT', 'UPKEEP_TOKEN']) expect(example).toContain(`${key}=`);
  });

  it('the CI examples run on a schedule with the token from the secrets', () => {
    for (const file of ['github-workflow.yaml', 'gitea-workflow.yaml']) {
      const [workflow] = docs(join(ROOT, 'config/ci', file));
      expect(workflow!.on.schedule[0].cron, file).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
      const step = workflow!.jobs.upkeep.steps[0];
      expect(step.run, file).toContain('main.js run --platform');
      expect(step.env.UPKEEP_TOKEN, file).toBe('${{ secrets.UPKEEP_TOKEN }}');
    }
  });

  it("Upkeep's own extract finds the images these files pin", async () => {
    const { deps } = await extractRepository(join(ROOT, 'config'));
    const images = deps.filter((d) => d.datasource === 'docker' && !d.skipReason).map((d) => `${d.file}: ${d.depName}:${d.currentValue}`);
    expect(images).toEqual(
      expect.arrayContaining([
        'k8s/cronjob.yaml: ghcr.io/upkeep/upkeep:0.1.0',
        'k8s/redis.yaml: redis:7.4.2-alpine',
        'k8s/worker.yaml: ghcr.io/upkeep/upkeep:0.1.0',
      ]),
    );
    const compose = await extractRepository(ROOT, { enabledManagers: ['docker-compose'] } as never);
    expect(compose.deps.map((d) => `${d.file}: ${d.depName}:${d.currentValue}`)).toContain('docker-compose.yml: redis:7.4.2-alpine');
  });
});
