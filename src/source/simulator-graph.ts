/**
 * The simulator's Graph API served on 127.0.0.1 for the app in this process (SOURCE=simulator,
 * the `npm start` demo): the same simulator the in-process source reads, on a free local port,
 * so that the app reads it through the Threads connector over real HTTP, exactly as it reads
 * graph.threads.net for a connected account. Fault injection is shared with the in-process
 * control, so `control.setFault` makes the Graph API fail as well.
 */
import type { FaultInjector } from './simulator/faults.js';
import type { SimulatorEngine } from './simulator/engine.js';
import { GraphApi } from './simulator/graph-api.js';
import { buildSimulatorApp } from './simulator/server.js';

export interface SimulatorGraph {
  graph: GraphApi;
  /** e.g. http://127.0.0.1:40123 — where the connector and the accounts' OAuth client call */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startSimulatorGraph(
  simulator: SimulatorEngine,
  opts: { faults: FaultInjector; appId?: string; appSecret?: string; dailyCallBudget?: number },
): Promise<SimulatorGraph> {
  const graph = new GraphApi(simulator, {
    ...(opts.appId === undefined ? {} : { appId: opts.appId }),
    ...(opts.appSecret === undefined ? {} : { appSecret: opts.appSecret }),
    ...(opts.dailyCallBudget === undefined ? {} : { dailyCallBudget: opts.dailyCallBudget }),
  });
  const app = buildSimulatorApp(simulator, { graph, faults: opts.faults });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return { graph, baseUrl, close: () => app.close() };
}
