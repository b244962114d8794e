import type { App } from '../http/kit/types.js';
import {
  AccountsResponse,
  AnomaliesQuery,
  AnomalyResponse,
  BatchEntry,
  BatchRequest,
  JobIdParams,
  JobResponse,
  MetricsResponse,
  OverviewResponse,
  PatternPerformanceQuery,
  PatternPerformanceResponse,
  PostDetailResponse,
  PostIdParams,
  PostsQuery,
  PostsResponse,
  ProcessingStartedResponse,
  ProcessQuery,
  ViralMetricsQuery,
} from './schemas.js';
import { Type } from 'typebox';
import type { MetricsService } from './service.js';

export interface MetricsRoutesOptions {
  service: MetricsService;
}

const tags = ['metrics'];

/** The seed's metrics endpoints plus the dashboard's read models, as one plugin. */
export async function metricsRoutes(app: App, opts: MetricsRoutesOptions): Promise<void> {
  const { service } = opts;
  app.get(
    '/viral-metrics/:post_id',
    {
      schema: {
        tags,
        summary: 'Six viral KPIs of a post (cache-aside; stale with a reason when the source fails)',
        params: PostIdParams,
        querystring: ViralMetricsQuery,
        response: { 200: MetricsResponse },
      },
    },
    (req) => service.getViralMetrics(req.params.post_id, req.query.timeframe, req.query.use_cache),
  );

  app.post(
    '/viral-metrics/batch',
    {
      schema: {
        tags,
        summary:
          'KPIs of up to 100 posts in one call, in request order; an unknown post is an entry with error "not_found"',
        body: BatchRequest,
        response: { 200: Type.Array(BatchEntry) },
      },
    },
    (req) => service.getViralMetricsBatch(req.body.post_ids, req.body.timeframe),
  );

  app.post(
    '/process-active-posts',
    {
      schema: {
        tags,
        summary: 'Start a background collection of every active post',
        querystring: ProcessQuery,
        response: { 202: ProcessingStartedResponse },
      },
    },
    async (req, reply) => reply.code(202).send(await service.startProcessing(req.query.batch_size, req.id)),
  );

  app.get(
    '/jobs/:job_id',
    {
      schema: {
        tags,
        summary: 'State, progress and result of a background job',
        params: JobIdParams,
        response: { 200: JobResponse },
      },
    },
    (req) => service.getJob(req.params.job_id),
  );

  app.get(
    '/anomalies',
    {
      schema: {
        tags,
        summary: 'Recent anomalies',
        querystring: AnomaliesQuery,
        response: { 200: Type.Array(AnomalyResponse) },
      },
    },
    async (req) =>
      (await service.anomalies(req.query.hours, req.query.severity)).map((a) => ({
        ...a,
        detected_at: a.detected_at.toISOString(),
        last_seen_at: (a.last_seen_at ?? a.detected_at).toISOString(),
        ended_at: a.ended_at?.toISOString() ?? null,
      })),
  );

  app.get('/api/overview', { schema: { tags: ['dashboard'], response: { 200: OverviewResponse } } }, () =>
    service.overview(),
  );
  app.get('/api/accounts', { schema: { tags: ['dashboard'], response: { 200: AccountsResponse } } }, () =>
    service.accounts(),
  );
  app.get(
    '/api/posts',
    { schema: { tags: ['dashboard'], querystring: PostsQuery, response: { 200: PostsResponse } } },
    (req) =>
      service.listPosts({
        limit: req.query.limit,
        ...(req.query.account_id ? { accountId: req.query.account_id } : {}),
      }),
  );
  app.get(
    '/api/posts/:post_id',
    { schema: { tags: ['dashboard'], params: PostIdParams, response: { 200: PostDetailResponse } } },
    (req) => service.postDetail(req.params.post_id),
  );
  app.get(
    '/api/patterns/performance',
    {
      schema: {
        tags: ['patterns'],
        summary:
          'Which patterns perform for an account: usage, shrunk engagement lift with 95 % intervals, fatigue',
        querystring: PatternPerformanceQuery,
        response: { 200: PatternPerformanceResponse },
      },
    },
    (req) => service.patternPerformance(req.query.account_id),
  );
}
