import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { HttpSimulatorSource } from '../../src/source/simulator/http-source.js';
import { InProcessSimulatorSource } from '../../src/source/simulator/in-process-source.js';
import { buildSimulatorApp } from '../../src/source/simulator/server.js';
import { SIM_START, startThreadsSim } from '../helpers/threads-sim.js';
import { sourceContract } from './source.contract.js';

sourceContract('in-process simulator', () => {
  const simulator = new SimulatorEngine({ seed: 42, startAt: SIM_START, clock: () => 0 });
  return Promise.resolve({
    source: new InProcessSimulatorSource(simulator),
    simulator,
    close: () => Promise.resolve(),
  });
});

sourceContract('simulator over HTTP', async () => {
  const simulator = new SimulatorEngine({ seed: 42, startAt: SIM_START, clock: () => 0 });
  const app = buildSimulatorApp(simulator);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return { source: new HttpSimulatorSource(baseUrl), simulator, close: () => app.close() };
});

sourceContract('Graph API connector against the simulator', async () => {
  const sim = await startThreadsSim();
  return { source: sim.connector(), simulator: sim.simulator, close: () => sim.close() };
});
