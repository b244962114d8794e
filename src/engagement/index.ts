/** The engagement capability's public surface: other capabilities, the app assembly and the CLI import from here only. */
export { engagementRoutes } from './routes.js';
export type { EngagementForecast, EngagementService } from './service.js';
export { engagementRateAtAge, rateToOutcome, type CounterReading } from './outcome.js';
