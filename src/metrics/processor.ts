import type { Logger } from '../infra/telemetry/logger.js';
import type { ThreadsSource } from '../source/index.js';
import type { MetricsCollector } from './collector.js';
import type { PostsRepository } from '../posts/index.js';
import type { AnomalyRepository } from './anomaly-repository.js';
import type { MetricsTelemetry } from './telemetry.js';
import type { TimeframeLabel } from './timeframe.js';
import { HOUR_MS } from './kpis/types.js';
import { EPISODE_STALE_MS } from './anomaly-rules.js';

export interface ProcessingSummary {
  status: 'completed';
  synced_posts: number;
  active_posts: number;
  processed: number;
  failed: number;
  anomalies: number;
  batches: number;
  batch_size: number;
  duration_ms: number;
  failures: { post_id: string; reason: string }[];
}

export interface ProcessorOptions {
  anomalies: Pick<AnomalyRepository, 'closeStaleEpisodes'>;
  posts: Pick<PostsRepository, 'listActivePosts' | 'getPosts' | 'upsertSourcePosts'>;
  collector: MetricsCollector;
  source: ThreadsSource;
  telemetry: MetricsTelemetry;
  logger: Logger;
  activeHours: number;
  defaultBatchSize: number;
  timeframe: TimeframeLabel;
  clock: () => Date;
  /** called with posts the store did not know yet (the pattern engine analyses and stores them) */
  onNewPosts?: (postIds: string[]) => Promise<void>;
}

/**
 * The seed's background processor: pick up newly published posts, then collect every active post
 * (published within METRICS_TTL_HOURS) in batches of BATCH_SIZE; inside a batch at most
 * MAX_PARALLEL_TASKS source reads are in flight (the collector's limit).
 */
export class ActivePostsProcessor {
  constructor(private readonly o: ProcessorOptions) {}

  async run(
    batchSize = this.o.defaultBatchSize,
    onProgress?: (p: Record<string, number>) => Promise<void>,
  ): Promise<ProcessingSummary> {
    const started = performance.now();
    const since = new Date(this.o.clock().getTime() - this.o.activeHours * HOUR_MS);
    const synced = await this.sync(since);
    const active = await this.o.posts.listActivePosts(since);
    const summary: ProcessingSummary = {
      status: 'completed',
      synced_posts: synced,
      active_posts: active.length,
      processed: 0,
      failed: 0,
      anomalies: 0,
      batches: 0,
      batch_size: batchSize,
      duration_ms: 0,
      failures: [],
    };
    for (let i = 0; i < active.length; i += batchSize) {
      const ids = active.slice(i, i + batchSize).map((p) => p.id);
      const posts = await this.o.posts.getPosts(ids);
      const outcome = await this.o.collector.collect(posts, this.o.timeframe);
      summary.batches += 1;
      summary.processed += outcome.results.size;
      summary.failed += outcome.failures.size;
      summary.anomalies += outcome.anomalies;
      for (const [post_id, reason] of outcome.failures) {
        if (summary.failures.length < 50) summary.failures.push({ post_id, reason });
      }
      this.o.telemetry.processed.inc({ result: 'ok' }, outcome.results.size);
      this.o.telemetry.processed.inc({ result: 'failed' }, outcome.failures.size);
      await onProgress?.({ processed: summary.processed, failed: summary.failed, total: active.length });
    }
    // Episodes of posts that went quiet or inactive end when they were last seen.
    await this.o.anomalies.closeStaleEpisodes(new Date(this.o.clock().getTime() - EPISODE_STALE_MS));
    summary.duration_ms = Math.round(performance.now() - started);
    this.o.logger.info({ ...summary, failures: summary.failures.length }, 'active posts processed');
    return summary;
  }

  /** Store posts the source published since `since`; returns how many were new. */
  private async sync(since: Date): Promise<number> {
    let published;
    try {
      published = await this.o.source.listPublished({ since, limit: 10_000 });
    } catch (err) {
      // Known posts are still collected (and go stale one by one) when listing fails.
      this.o.logger.warn({ err }, 'could not list published posts; collecting known posts only');
      return 0;
    }
    const fresh = await this.o.posts.upsertSourcePosts(published);
    if (fresh.length > 0) await this.o.onNewPosts?.(fresh);
    return fresh.length;
  }
}
