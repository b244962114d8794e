import type { App } from './app.js';
import type { Deps } from '../deps.js';
import { registerDashboardRoutes } from '../dashboard/routes.js';
import { registerMetricsRoutes } from '../metrics/routes.js';
import { patternRoutes } from '../patterns/routes.js';
import { trajectoryRoutes } from '../patterns/trajectory-routes.js';
import { registerCommentRoutes } from '../comments/routes.js';
import { engagementRoutes } from '../engagement/routes.js';
import { contentRoutes } from '../content/routes.js';
import { experimentRoutes } from '../experiments/routes.js';

/** Every capability's routes, registered in one place so the app factory stays small. */
export async function registerRoutes(app: App, deps: Deps): Promise<void> {
  registerMetricsRoutes(app, deps.metrics.service);
  await app.register(patternRoutes, { service: deps.patterns, maxBatchSize: deps.config.MAX_BATCH_SIZE });
  await app.register(trajectoryRoutes, { service: deps.trajectories });
  await registerCommentRoutes(app, deps.comments);
  await app.register(engagementRoutes, { service: deps.engagement.service });
  const { personas, templates, drafts, bestTimes } = deps.content;
  await app.register(contentRoutes, { personas, templates, drafts, bestTimes });
  await app.register(experimentRoutes, { service: deps.experiments.service });
  await registerDashboardRoutes(app, deps);
}
