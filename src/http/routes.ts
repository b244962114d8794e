import type { App } from './app.js';
import type { Deps } from '../deps.js';
import { registerDashboardRoutes } from '../dashboard/routes.js';
import { registerMetricsRoutes } from '../metrics/routes.js';
import { patternRoutes } from '../patterns/routes.js';
import { trajectoryRoutes } from '../patterns/trajectory-routes.js';
import { registerCommentRoutes } from '../comments/routes.js';
import { engagementRoutes } from '../engagement/routes.js';
import { accountRoutes } from '../accounts/routes.js';
import { threadsWebhookRoutes } from '../threads/webhook-routes.js';

/** Every capability's routes, registered in one place so the app factory stays small. */
export async function registerRoutes(app: App, deps: Deps): Promise<void> {
  registerMetricsRoutes(app, deps.metrics.service);
  await app.register(patternRoutes, { service: deps.patterns, maxBatchSize: deps.config.MAX_BATCH_SIZE });
  await app.register(trajectoryRoutes, { service: deps.trajectories });
  await registerCommentRoutes(app, deps.comments);
  await app.register(engagementRoutes, { service: deps.engagement.service });
  await app.register(accountRoutes, { service: deps.accounts.service });
  await app.register(threadsWebhookRoutes, {
    verifyToken: deps.config.THREADS_WEBHOOK_VERIFY_TOKEN,
    appSecret: deps.config.THREADS_APP_SECRET,
    ingest: (postId, comments) => deps.comments.comments.ingest(postId, comments),
    logger: deps.logger,
  });
  await registerDashboardRoutes(app, deps);
}
