/** The simulator's public surface: the engine, its fault injection, its HTTP server and the demo's accounts. */
export { DEMO_ACCOUNTS } from './demo-content.js';
export { SimulatorEngine } from './engine.js';
export { FaultInjector } from './faults.js';
export { buildSimulatorApp } from './server.js';
export { GraphApi } from './graph-api.js';
export { expectedEngagementRate, seededAudience, withAudienceLift, type AudienceModel } from './audience.js';
export { engagementParams, HOUR_MS, PostEngagement } from './engagement.js';
export { hashSeed, Rng, rngFor } from './random.js';
