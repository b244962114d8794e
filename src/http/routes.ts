import type { App } from './kit/types.js';
import type { Deps } from '../deps.js';
import { dashboardRoutes } from '../dashboard/index.js';
import { metricsRoutes } from '../metrics/index.js';
import { patternRoutes, trajectoryRoutes } from '../patterns/index.js';
import { commentRoutes } from '../comments/index.js';
import { engagementRoutes } from '../engagement/index.js';
import { accountRoutes } from '../accounts/index.js';
import { threadsWebhookRoutes } from '../threads/index.js';
import { contentRoutes } from '../content/index.js';
import { experimentRoutes } from '../experiments/index.js';

/**
 * Every capability's routes plugin, registered in one place so the app factory stays small.
 * Each plugin takes typed options built here from deps (never the whole Deps).
 */
export async function registerRoutes(app: App, deps: Deps): Promise<void> {
  await app.register(metricsRoutes, { service: deps.metrics.service });
  await app.register(patternRoutes, { service: deps.patterns, maxBatchSize: deps.config.MAX_BATCH_SIZE });
  await app.register(trajectoryRoutes, { service: deps.trajectories });
  await app.register(commentRoutes, {
    comments: deps.comments.comments,
    dms: deps.comments.dms,
    autoHide: deps.comments.autoHide,
    config: deps.config,
    ...(deps.comments.redis ? { redis: deps.comments.redis } : {}),
  });
  await app.register(engagementRoutes, { service: deps.engagement.service });
  await app.register(accountRoutes, { service: deps.accounts.service });
  await app.register(threadsWebhookRoutes, {
    verifyToken: deps.config.THREADS_WEBHOOK_VERIFY_TOKEN,
    appSecret: deps.config.THREADS_APP_SECRET,
    ingest: (postId, comments) => deps.comments.comments.ingest(postId, comments),
    logger: deps.logger,
  });
  const { personas, templates, drafts, bestTimes } = deps.content;
  await app.register(contentRoutes, { personas, templates, drafts, bestTimes });
  await app.register(experimentRoutes, { service: deps.experiments.service });
  await app.register(dashboardRoutes, { logger: deps.logger });
}
