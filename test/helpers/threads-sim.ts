import type { FastifyInstance } from 'fastify';
import { SimulatorEngine } from '../../src/source/simulator/engine.js';
import { GraphApi, type GraphApiOptions } from '../../src/source/simulator/graph-api.js';
import { buildSimulatorApp } from '../../src/source/simulator/server.js';
import { InMemoryTokenProvider } from '../../src/threads/token-provider.js';
import { ThreadsApiSource, type ThreadsApiSourceOptions } from '../../src/threads/source.js';

export const SIM_START = Date.UTC(2025, 5, 1, 12);

export interface ThreadsSim {
  simulator: SimulatorEngine;
  graph: GraphApi;
  app: FastifyInstance;
  baseUrl: string;
  tokens: InMemoryTokenProvider;
  /** a long-lived token for each demo account, issued by the simulator */
  tokenOf: Record<string, string>;
  connector(options?: Partial<ThreadsApiSourceOptions>): ThreadsApiSource;
  close(): Promise<void>;
}

/**
 * A simulator (frozen clock at SIM_START: time moves only with `advance`) served over real HTTP
 * on a free port, with a long-lived token per demo account in an in-memory token provider.
 */
export async function startThreadsSim(
  opts: { seed?: number; demo?: boolean; graph?: GraphApiOptions } = {},
): Promise<ThreadsSim> {
  const simulator = new SimulatorEngine({
    seed: opts.seed ?? 42,
    startAt: SIM_START,
    clock: () => 0,
    demo: opts.demo ?? true,
  });
  const graph = new GraphApi(simulator, opts.graph);
  const app = buildSimulatorApp(simulator, { graph });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const tokenOf: Record<string, string> = {};
  for (const a of simulator.accounts()) tokenOf[a.id] = graph.issueLongLived(a.id).access_token;
  const tokens = new InMemoryTokenProvider(tokenOf);
  const accounts = simulator.accounts().map((a) => ({ id: a.id, persona_id: a.persona_id }));
  return {
    simulator,
    graph,
    app,
    baseUrl,
    tokens,
    tokenOf,
    connector: (o = {}) =>
      new ThreadsApiSource({ baseUrl, tokens, accounts, retryMinMs: 1, statusPollMs: 1, ...o }),
    close: () => app.close(),
  };
}
