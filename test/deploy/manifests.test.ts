import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { requireTool, ROOT, runTool } from './tools.js';

/** A rendered Kubernetes object (only the fields the checks read are typed). */
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  securityContext?: Record<string, unknown>;
  ports?: { name?: string; containerPort: number }[];
}

interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: Record<string, unknown>;
}

const hasKubectl = requireTool('kubectl', 'kubectl with kustomize', ['version', '--client']);

function render(overlay: string): K8sObject[] {
  const out = runTool('kubectl', ['kustomize', `deploy/kubernetes/overlays/${overlay}`]);
  return parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
}

/** The model class of kubernetes-models (or its Prometheus Operator kinds) for an object. */
async function modelOf(obj: K8sObject): Promise<new (data: unknown) => { validate(): void }> {
  const pkg = obj.apiVersion.startsWith('monitoring.coreos.com/')
    ? `@kubernetes-models/prometheus-operator/${obj.apiVersion}`
    : `kubernetes-models/${obj.apiVersion}`;
  const mod = (await import(pkg)) as Record<string, new (data: unknown) => { validate(): void }>;
  const model = mod[obj.kind];
  if (!model) throw new Error(`no schema for ${obj.apiVersion} ${obj.kind}`);
  return model;
}

const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} is not rendered`);
  return found;
};
const podSpec = (o: K8sObject) => (o.spec as { template: { spec: PodSpec } }).template.spec;
const appContainer = (o: K8sObject) => podSpec(o).containers[0]!;
const envValue = (c: Container, name: string) => c.env?.find((e) => e.name === name)?.value;

describe.skipIf(!hasKubectl).each(['dev', 'prod'])('Kubernetes overlay %s', (overlay) => {
  const objects = hasKubectl ? render(overlay) : [];

  it('renders, and every object validates against the Kubernetes and Prometheus Operator schemas', async () => {
    expect(objects.length).toBeGreaterThan(15);
    const invalid: string[] = [];
    for (const obj of objects) {
      const Model = await modelOf(obj);
      try {
        new Model(obj).validate();
      } catch (err) {
        invalid.push(`${obj.kind}/${obj.metadata.name}: ${(err as Error).message}`);
      }
    }
    expect(invalid).toEqual([]);
    const namespaced = objects.filter((o) => o.kind !== 'Namespace');
    const namespace = overlay === 'prod' ? 'threads-agent' : 'threads-agent-dev';
    for (const o of namespaced) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(namespace);
  });

  it('runs the API and the worker with resources, /health liveness, /ready readiness and a long enough grace period', () => {
    for (const role of ['api', 'worker']) {
      const deployment = find(objects, 'Deployment', `threads-agent-${role}`);
      const c = appContainer(deployment);
      expect(c.args).toEqual(['serve', '--role', role]);
      expect(c.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources?.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
      expect(c.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      // the process gets SIGTERM, drains for SHUTDOWN_TIMEOUT_SECONDS, and must be done before SIGKILL
      const drain = Number(envValue(c, 'SHUTDOWN_TIMEOUT_SECONDS'));
      expect(podSpec(deployment).terminationGracePeriodSeconds).toBeGreaterThanOrEqual(drain + 10);
      expect(podSpec(deployment).serviceAccountName).toBe('threads-agent');
      expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
      expect(podSpec(deployment).securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
    // a worker job may take long: its grace period is the longer one
    const worker = podSpec(find(objects, 'Deployment', 'threads-agent-worker'));
    expect(worker.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
    const migrate = find(objects, 'Job', 'threads-agent-migrate');
    expect(appContainer(migrate).args).toEqual(['migrate']);
  });

  it('references Secrets and never carries a secret value', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const secretNames = /PASSWORD|SECRET|TOKEN|API_KEY|DATABASE_URL|REDIS_URL/;
    for (const o of objects.filter((x) => ['Deployment', 'StatefulSet', 'Job'].includes(x.kind))) {
      for (const c of podSpec(o).containers) {
        for (const e of c.env ?? [])
          expect(e.value === undefined || !secretNames.test(e.name), `${o.metadata.name} ${e.name}`).toBe(
            true,
          );
      }
    }
    for (const role of ['api', 'worker']) {
      const c = appContainer(find(objects, 'Deployment', `threads-agent-${role}`));
      expect(c.envFrom).toContainEqual({ secretRef: { name: 'threads-agent' } });
    }
    const config = objects.find((o) => o.kind === 'ConfigMap')!;
    for (const key of Object.keys(config.data as Record<string, string>))
      expect(key).not.toMatch(secretNames);
  });

  it('autoscales as seed 004 says: not in dev; in prod on CPU, memory and, for workers, the comment backlog', () => {
    const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    if (overlay === 'dev') {
      expect(hpas).toEqual([]);
      return;
    }
    expect(hpas.map((h) => h.metadata.name).sort()).toEqual(['threads-agent-api', 'threads-agent-worker']);
    for (const hpa of hpas) {
      const spec = hpa.spec as {
        minReplicas: number;
        maxReplicas: number;
        metrics: {
          type: string;
          resource?: { name: string };
          object?: { metric: { name: string }; describedObject: { kind: string; name: string } };
        }[];
      };
      expect([spec.minReplicas, spec.maxReplicas]).toEqual([2, 10]);
      const resources = spec.metrics.filter((m) => m.type === 'Resource').map((m) => m.resource!.name);
      expect(resources.sort()).toEqual(['cpu', 'memory']);
    }
    const worker = find(objects, 'HorizontalPodAutoscaler', 'threads-agent-worker').spec as {
      metrics: {
        type: string;
        object?: { metric: { name: string }; describedObject: { kind: string; name: string } };
      }[];
    };
    const backlog = worker.metrics.find((m) => m.type === 'Object')!.object!;
    expect(backlog.metric.name).toBe('comment_processing_queue_length');
    // the Service the adapter reads it from exists
    expect(find(objects, backlog.describedObject.kind, backlog.describedObject.name)).toBeTruthy();
  });

  it('has a PodDisruptionBudget, NetworkPolicies, least-privilege RBAC, a ServiceMonitor matching both Services and the PrometheusRule', () => {
    expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(2);
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').length).toBeGreaterThanOrEqual(3);
    const sa = find(objects, 'ServiceAccount', 'threads-agent');
    expect(sa.automountServiceAccountToken).toBe(false);
    // the app's own account is bound to nothing; the one Role is Prometheus's read-only discovery
    const bindings = objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
    for (const b of bindings)
      for (const s of b.subjects as { name: string }[]) expect(s.name).not.toBe('threads-agent');
    for (const role of objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole'))
      for (const rule of role.rules as { verbs: string[] }[])
        expect(rule.verbs.sort()).toEqual(['get', 'list', 'watch']);
    expect(objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);

    const monitor = find(objects, 'ServiceMonitor', 'threads-agent').spec as {
      selector: { matchLabels: Record<string, string> };
      endpoints: { port: string; path: string }[];
      jobLabel: string;
    };
    const services = objects.filter(
      (o) =>
        o.kind === 'Service' &&
        Object.entries(monitor.selector.matchLabels).every(([k, v]) => o.metadata.labels?.[k] === v),
    );
    expect(services.map((s) => s.metadata.name).sort()).toEqual([
      'threads-agent-api',
      'threads-agent-worker',
    ]);
    for (const s of services) {
      expect((s.spec as { ports: { name: string }[] }).ports.map((p) => p.name)).toContain(
        monitor.endpoints[0]!.port,
      );
      expect(s.metadata.labels?.[monitor.jobLabel]).toBe('threads-agent');
    }
    expect(monitor.endpoints[0]!.path).toBe('/metrics');
    find(objects, 'PrometheusRule', 'threads-agent');
  });
});

describe('the PrometheusRule', () => {
  it('is generated from deploy/prometheus/rules.yml and up to date', () => {
    const check = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/deploy/render-prometheusrule.ts', '--check'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('the Grafana dashboards', () => {
  const dir = join(ROOT, 'deploy/grafana/dashboards');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('cover the three engines, each with a unique uid, and are provisioned from one folder', () => {
    expect(files.sort()).toEqual(['comment-pipeline.json', 'patterns-http.json', 'viral-metrics.json']);
    const uids = files.map((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { uid: string }).uid);
    expect(new Set(uids).size).toBe(files.length);
    const provider = parse(
      readFileSync(join(ROOT, 'deploy/grafana/provisioning/dashboards/threads-agent.yaml'), 'utf8'),
    ) as {
      providers: { type: string; options: { path: string } }[];
    };
    expect(provider.providers[0]).toMatchObject({ type: 'file', options: { path: expect.any(String) } });
    const datasources = parse(
      readFileSync(join(ROOT, 'deploy/grafana/provisioning/datasources/prometheus.yaml'), 'utf8'),
    ) as {
      datasources: { type: string }[];
    };
    expect(datasources.datasources[0]!.type).toBe('prometheus');
  });

  it.each(files)(
    '%s: panels on the 24-column grid, without overlaps, each query on the chosen data source',
    (file) => {
      const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        title: string;
        templating: { list: { name: string; type: string }[] };
        panels: {
          id: number;
          type: string;
          title: string;
          gridPos: { x: number; y: number; w: number; h: number };
          datasource?: { uid: string };
          targets?: { expr: string; datasource?: { uid: string } }[];
        }[];
      };
      expect(dashboard.title).toMatch(/^threads-agent · /);
      expect(dashboard.templating.list.find((v) => v.name === 'datasource')?.type).toBe('datasource');
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      const cells = new Set<string>();
      for (const panel of dashboard.panels) {
        const { x, y, w, h } = panel.gridPos;
        expect(x + w, panel.title).toBeLessThanOrEqual(24);
        for (let i = x; i < x + w; i++)
          for (let j = y; j < y + h; j++) {
            expect(cells.has(`${i},${j}`), `${panel.title} overlaps at ${i},${j}`).toBe(false);
            cells.add(`${i},${j}`);
          }
        if (panel.type === 'row') continue;
        expect(panel.datasource?.uid, panel.title).toBe('${datasource}');
        expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
        for (const t of panel.targets ?? []) expect(t.datasource?.uid).toBe('${datasource}');
      }
    },
  );
});
