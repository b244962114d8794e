/** The experiments capability's public surface: the app assembly and the CLI import from here only. */
export { experimentRoutes } from './routes.js';
export { SIMULATE_DEFAULTS, simulateExperiments, type SimulationSummary } from './simulate.js';
