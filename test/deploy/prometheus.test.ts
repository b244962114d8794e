import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEED_METRICS } from '../../src/infra/telemetry/seed-metrics.js';
import { createTestApp, waitForJob, type TestApp } from '../helpers/app.js';
import { metricNames, withBool } from './promql.js';
import { requireTool, ROOT, runTool } from './tools.js';

const hasPromtool = requireTool('promtool', 'apt-get install prometheus');
const hasPrometheus = requireTool('prometheus', 'apt-get install prometheus');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
const RULES_FILE = join(ROOT, 'deploy/prometheus/rules.yml');
const rules = async () =>
  (parse(await readFile(RULES_FILE, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
    (g) => g.rules,
  );

describe.skipIf(!hasPromtool)('alert rules with promtool', () => {
  it('pass `promtool check rules`', () => {
    expect(runTool('promtool', ['check', 'rules', RULES_FILE])).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('pass their unit tests (`promtool test rules`)', () => {
    expect(
      runTool('promtool', ['test', 'rules', 'rules.test.yml'], { cwd: join(ROOT, 'deploy/prometheus') }),
    ).toContain('SUCCESS');
  });

  it('have, for every alert, a test case where it fires and one where it stays silent', async () => {
    const tests = parse(await readFile(join(ROOT, 'deploy/prometheus/rules.test.yml'), 'utf8')) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const rule of (await rules()).filter((r) => r.alert)) {
      const mine = cases.filter((c) => c.alertname === rule.alert);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${rule.alert} fires`,
      ).toBe(true);
      expect(
        mine.some((c) => c.exp_alerts.length === 0),
        `${rule.alert} stays silent`,
      ).toBe(true);
    }
  });

  it('cover every alert the seeds name', async () => {
    const names = new Set((await rules()).map((r) => r.alert ?? r.record));
    const seedAlerts = [
      // seed 000
      'ViralMetricsServiceDown',
      'ViralMetricsSLABreach',
      'HighViralCoefficientDrop',
      'LowCacheHitRate',
      'ViralPerformanceDecline',
      'PatternFatigueHigh',
      // seed 002 and 004
      'CommentProcessingErrors',
      'CommentProcessingHighLatency',
      'CommentDuplicateRate',
      'CommentQueueBacklog',
      'CommentDatabaseSlowQueries',
    ];
    for (const alert of seedAlerts) expect(names, alert).toContain(alert);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real Prometheus (Debian's package) scraping a running threads-agent every second, with the
 * rules file loaded: every expression of the alert rules, the recording rule, the worker HPA's
 * custom metric query and every Grafana panel must return at least one series. A panel or an
 * alert on a metric the app does not export would return none.
 */
describe.skipIf(!hasPrometheus)('a real Prometheus scraping threads-agent', () => {
  let t: TestApp;
  let prometheus: ChildProcess;
  let dir: string;
  let api: string;
  let log = '';

  async function query(expr: string): Promise<unknown[]> {
    const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data!.result;
  }

  async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    // the production stack: PostgreSQL pool gauges and the Redis cache's stats are real
    t = await createTestApp('production');
    const appAddress = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // traffic for every family: a collection, extractions, comments with duplicates
    t.clock.now += 6 * 3_600_000;
    const job = await t.app.inject({ method: 'POST', url: '/process-active-posts?batch_size=10' });
    await waitForJob(t.app, job.json<{ job_id: string }>().job_id);
    const post = {
      content: 'Just discovered this incredible tool that automates 90% of my work!',
      account_id: 'acct',
      post_url: 'https://example.invalid/p/1',
      timestamp: '2026-11-20T12:00:00Z',
      likes: 1,
      comments: 1,
      shares: 1,
      engagement_rate: 0.1,
      performance_percentile: 50,
    };
    await t.app.inject({ method: 'POST', url: '/extract-patterns', payload: post });
    await t.app.inject({ method: 'POST', url: '/analyze-batch', payload: { posts: [post, post] } });
    const comments = ['where can I buy it?', 'love it', 'love it'].map((text, i) => ({
      id: `prom_${i % 2}`,
      text,
      author: `u${i}`,
      timestamp: '2026-11-20T12:00:00Z',
    }));
    await t.app.inject({
      method: 'POST',
      url: '/comments/process',
      payload: { post_id: 'prom_post', comments },
    });

    dir = await mkdtemp(join(tmpdir(), 'ta-prometheus-'));
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const target = new URL(appAddress).host;
    await writeFile(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: [${JSON.stringify(RULES_FILE)}]`,
        'scrape_configs:',
        '  - job_name: threads-agent',
        `    static_configs: [{ targets: [${JSON.stringify(target)}] }]`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    prometheus.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await until('Prometheus ready', async () => (await fetch(`${api}/-/ready`)).ok);
    // rate() needs two scrapes in its window, rules a few evaluations
    await until('five scrapes of threads-agent', async () => {
      const r = (await query('count_over_time(up{job="threads-agent"}[1m])')) as {
        value: [number, string];
      }[];
      return Number(r[0]?.value[1] ?? 0) >= 5;
    });
  }, 120_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scrapes the app: up is 1', async () => {
    const r = (await query('up{job="threads-agent"}')) as { value: [number, string] }[];
    expect(r.map((s) => s.value[1])).toEqual(['1']);
  });

  it('holds a series for every name of the seed catalogue (exported, or recorded by the rules)', async () => {
    const missing: string[] = [];
    for (const m of SEED_METRICS) {
      const name = m.type === 'histogram' ? `${m.name}_count` : m.name;
      if ((await query(name)).length === 0) missing.push(m.name);
    }
    expect(missing).toEqual([]);
  });

  it('returns a series for the expression of every alert and recording rule', async () => {
    const empty: string[] = [];
    for (const rule of await rules()) {
      const expr = withBool(rule.expr.trim());
      if ((await query(expr)).length === 0) empty.push(`${rule.alert ?? rule.record}: ${expr}`);
    }
    expect(empty).toEqual([]);
  });

  it('returns a series for the worker HPA’s custom metric as prometheus-adapter queries it', async () => {
    const adapter = parse(await readFile(join(ROOT, 'deploy/prometheus/adapter-rules.yaml'), 'utf8')) as {
      rules: { seriesQuery: string; metricsQuery: string; name: { as: string } }[];
    };
    const rule = adapter.rules.find((r) => r.name.as === 'comment_processing_queue_length')!;
    const series = rule.seriesQuery.split('{')[0]!;
    // outside Kubernetes there is no `service` label: group by the job instead
    const expr = rule.metricsQuery
      .replace('<<.GroupBy>>', 'job')
      .replace('<<.Series>>', series)
      .replace('<<.LabelMatchers>>', 'job="threads-agent"');
    expect(await query(expr)).toHaveLength(1);
  });

  it('returns a series for every panel query of every Grafana dashboard', async () => {
    const dashboards = join(ROOT, 'deploy/grafana/dashboards');
    const empty: string[] = [];
    let count = 0;
    for (const file of await readdir(dashboards)) {
      const dashboard = JSON.parse(await readFile(join(dashboards, file), 'utf8')) as {
        panels: { title: string; targets?: { expr: string }[] }[];
      };
      for (const panel of dashboard.panels)
        for (const target of panel.targets ?? []) {
          count++;
          const expr = target.expr
            .replaceAll('$__rate_interval', '1m')
            .replaceAll('$__interval', '15s')
            .replaceAll('$persona', '.*');
          for (const name of metricNames(expr))
            if ((await query(name)).length === 0) empty.push(`${file} › ${panel.title}: no series ${name}`);
          if ((await query(expr)).length === 0) empty.push(`${file} › ${panel.title}: ${expr}`);
        }
    }
    expect(count).toBeGreaterThan(40);
    expect(empty).toEqual([]);
  });
});
