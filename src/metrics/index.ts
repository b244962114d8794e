/** The metrics capability's public surface: other capabilities, the app assembly and the CLI import from here only. */
export type { AlertSink } from './alerts.js';
export { interactions } from './kpis/counts.js';
export { metricsRoutes } from './routes.js';
