import { describe, expect, it } from 'vitest';
import { testConfig } from '../config.js';
import { createSource } from './create-source.js';
import { SimulatorEngine } from './simulator/engine.js';
import { HttpSimulatorSource } from './simulator/http-source.js';
import { InProcessSimulatorSource } from './simulator/in-process-source.js';

describe(createSource.name, () => {
  it('builds the seeded demo simulator in-process for SOURCE=simulator', async () => {
    const config = testConfig({ SOURCE: 'simulator', SIMULATOR_SEED: '7', SIMULATOR_SPEEDUP: '120' });
    const sut = createSource(config, { clock: () => 0 });
    expect(sut.source).toBeInstanceOf(InProcessSimulatorSource);
    expect(sut.control).toBe(sut.source);
    expect(sut.simulator?.seed).toBe(7);
    expect(sut.simulator?.speedup).toBe(120);
    expect((await sut.source.listPublished()).length).toBeGreaterThanOrEqual(24);
  });

  it('builds a simulator without demo posts for SOURCE=none, which still accepts posts', async () => {
    const sut = createSource(testConfig({ SOURCE: 'none' }));
    expect(await sut.source.listPublished()).toEqual([]);
    const post = await sut.source.publish({ content: 'first post' });
    expect(await sut.source.listPublished()).toEqual([post]);
  });

  it('uses the given simulator instead of building one', () => {
    const simulator = new SimulatorEngine({ demo: false });
    expect(createSource(testConfig(), { simulator }).simulator).toBe(simulator);
  });

  it('talks HTTP to FAKE_THREADS_URL when it is set, whatever SOURCE says', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = (input) => {
      calls.push(String(input));
      return Promise.resolve(new Response(JSON.stringify({ data: [] }), { status: 200 }));
    };
    const sut = createSource(
      testConfig({ FAKE_THREADS_URL: 'http://sim.local:9009/', SOURCE: 'simulator' }),
      {
        fetch: fakeFetch,
      },
    );
    expect(sut.source).toBeInstanceOf(HttpSimulatorSource);
    expect(sut.simulator).toBeUndefined();
    expect(await sut.source.listPublished({ limit: 5 })).toEqual([]);
    expect(calls).toEqual(['http://sim.local:9009/published?limit=5']);
  });
});
