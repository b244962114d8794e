/** The Threads connector's public surface: other capabilities and the app assembly import from here only. */
export { ReconnectNeededError, type TokenProvider } from './token-provider.js';
export { threadsWebhookRoutes } from './webhook-routes.js';
