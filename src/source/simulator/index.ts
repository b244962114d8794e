/** The simulator's public surface: the engine, its fault injection, its HTTP server and the demo's accounts. */
export { DEMO_ACCOUNTS } from './demo-content.js';
export { SimulatorEngine } from './engine.js';
export { FaultInjector } from './faults.js';
export { buildSimulatorApp } from './server.js';
