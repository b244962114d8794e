import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommentsRepository } from '../../src/comments/repository.js';
import { OWN_KPI_GAUGES, SEED_METRICS } from '../../src/infra/telemetry/seed-metrics.js';
import { createTestApp, waitForJob, type Stack, type TestApp } from '../helpers/app.js';
import { parseExposition, type Family } from './exposition.js';

const HOUR = 3_600_000;

async function scrape(t: TestApp): Promise<Map<string, Family>> {
  const res = await t.app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return parseExposition(res.body);
}

function value(families: Map<string, Family>, name: string): number {
  const samples = families.get(name)?.samples ?? [];
  expect(samples, name).toHaveLength(1);
  return samples[0]!.value;
}

describe.each<Stack>(['embedded', 'production'])('seed metric names on /metrics (%s stack)', (stack) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(stack);
    t.clock.now += 6 * HOUR;
    // One collection, so the KPI gauges have their persona series.
    const res = await t.app.inject({ method: 'POST', url: '/process-active-posts?batch_size=10' });
    expect((await waitForJob(t.app, res.json<{ job_id: string }>().job_id)).state).toBe('completed');
  });
  afterAll(() => t.close());

  it('exports every name the seeds list, with the seed’s type and at least one series', async () => {
    const families = await scrape(t);
    const missing = SEED_METRICS.filter((m) => m.provided === 'exported').filter((m) => {
      const family = families.get(m.name);
      return !family || family.type !== m.type || family.samples.length === 0;
    });
    expect(missing.map((m) => `${m.name} (seed ${m.seeds.join('/')})`)).toEqual([]);
    for (const name of OWN_KPI_GAUGES) expect(families.get(name)?.samples.length, name).toBeGreaterThan(0);
  });

  it('labels series with the names the catalogue gives, never by post or comment id', async () => {
    const families = await scrape(t);
    for (const m of SEED_METRICS.filter((s) => s.provided === 'exported')) {
      const labels = new Set(families.get(m.name)!.samples.flatMap((s) => Object.keys(s.labels)));
      labels.delete('le');
      expect([...labels].sort(), m.name).toEqual([...(m.labels ?? [])].sort());
    }
    for (const family of families.values())
      for (const sample of family.samples) {
        expect(Object.keys(sample.labels)).not.toContain('post_id');
        expect(Object.keys(sample.labels)).not.toContain('comment_id');
      }
  });

  it('gives the KPI gauges a series per persona and account', async () => {
    const families = await scrape(t);
    const personas = new Set(t.simulator.listPublished({ limit: 1000 }).map((p) => p.persona_id));
    const series = families.get('viral_coefficient')!.samples;
    expect(new Set(series.map((s) => s.labels.persona_id))).toEqual(personas);
    for (const s of series) expect(s.labels.account_id).toBeTruthy();
  });

  it('has collection latency buckets up to 120 s, so the p95 > 60 s SLA alert can fire', async () => {
    const families = await scrape(t);
    const bounds = families
      .get('viral_metrics_collection_latency_seconds')!
      .samples.filter((s) => s.name.endsWith('_bucket'))
      .map((s) => s.labels.le);
    expect(bounds).toContain('60');
    expect(bounds).toContain('120');
  });

  it('counts the comment analysis backlog only in comment_processing_queue_length', async () => {
    const repo = new CommentsRepository(t.deps.store.db);
    // Stored without an analysis job: the backlog the seeds' HPA scales on.
    const ids = await repo.insertComments('backlog-post', [
      {
        comment_id: 'backlog-1',
        text: 'where can I buy it?',
        author: 'a',
        timestamp: '2026-11-20T12:00:00Z',
        parent_id: null,
      },
      {
        comment_id: 'backlog-2',
        text: 'love it',
        author: 'b',
        timestamp: '2026-11-20T12:00:01Z',
        parent_id: null,
      },
      {
        comment_id: 'backlog-3',
        text: 'price?',
        author: 'c',
        timestamp: '2026-11-20T12:00:02Z',
        parent_id: null,
      },
    ]);
    // Other work waiting in the queue is not comment backlog.
    await t.deps.queue.add('process_active_posts', {}, { delayMs: 60_000 });
    await new Promise((r) => setTimeout(r, 1100));
    let families = await scrape(t);
    expect(value(families, 'comment_processing_queue_length')).toBe(3);
    expect(value(families, 'comment_processing_queue_depth_seconds')).toBeGreaterThanOrEqual(0);
    expect(value(families, 'comment_db_rows_total')).toBeGreaterThanOrEqual(3);
    expect(value(families, 'comment_db_size_bytes')).toBeGreaterThan(0);

    await t.deps.comments.comments.analyzeBatch(ids);
    await new Promise((r) => setTimeout(r, 1100));
    families = await scrape(t);
    expect(value(families, 'comment_processing_queue_length')).toBe(0);
    expect(value(families, 'comment_processing_queue_depth_seconds')).toBe(0);
  });

  it('counts pattern extractions by endpoint, with strength and batch size', async () => {
    const post = {
      content: 'I tried 7 tools so you don’t have to. Here is what happened.',
      account_id: 'acct',
      post_url: 'https://example.invalid/p/1',
      timestamp: '2026-11-20T12:00:00Z',
      likes: 10,
      comments: 2,
      shares: 1,
      engagement_rate: 0.1,
      performance_percentile: 50,
    };
    await t.app.inject({ method: 'POST', url: '/extract-patterns', payload: post });
    await t.app.inject({ method: 'POST', url: '/analyze-batch', payload: { posts: [post, post] } });
    const families = await scrape(t);
    const requests = families.get('pattern_extraction_requests_total')!.samples;
    const ok = (endpoint: string) =>
      requests.find((s) => s.labels.endpoint === endpoint && s.labels.status === '200')?.value;
    expect(ok('/extract-patterns')).toBeGreaterThanOrEqual(1);
    expect(ok('/analyze-batch')).toBeGreaterThanOrEqual(1);
    const count = (name: string) =>
      families.get(name)!.samples.find((s) => s.name === `${name}_count`)!.value;
    expect(count('pattern_strength_histogram')).toBeGreaterThanOrEqual(3);
    expect(count('batch_processing_size_histogram')).toBeGreaterThanOrEqual(1);
  });
});
