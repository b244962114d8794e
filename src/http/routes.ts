import type { App } from './kit/types.js';
import type { Deps } from '../deps.js';
import { dashboardRoutes } from '../dashboard/routes.js';
import { metricsRoutes } from '../metrics/routes.js';
import { patternRoutes } from '../patterns/routes.js';
import { trajectoryRoutes } from '../patterns/trajectory-routes.js';
import { commentRoutes } from '../comments/routes.js';
import { engagementRoutes } from '../engagement/routes.js';

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
    config: deps.config,
    ...(deps.comments.redis ? { redis: deps.comments.redis } : {}),
  });
  await app.register(engagementRoutes, { service: deps.engagement.service });
  await app.register(dashboardRoutes, { logger: deps.logger });
}
