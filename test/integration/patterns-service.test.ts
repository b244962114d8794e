import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { testConfig } from '../../src/config.js';
import { buildPatternsApp, type App } from '../../src/http/app.js';
import { createTelemetry } from '../../src/infra/telemetry/metrics.js';
import { DEFAULT_NLP } from '../../src/patterns/nlp.js';
import { PatternService } from '../../src/patterns/service.js';

/** `threads-agent serve --service patterns`: the seeds' stand-alone pattern engine. */
describe(buildPatternsApp.name, () => {
  let sut: App;

  beforeAll(async () => {
    sut = await buildPatternsApp({
      config: testConfig(),
      logger: pino({ level: 'silent' }),
      telemetry: createTelemetry({ defaultMetrics: false }),
      patterns: new PatternService({ nlp: DEFAULT_NLP, cacheTtlSeconds: 60 }),
    });
  });
  afterAll(() => sut.close());

  it('answers the seed health check as the pattern service', async () => {
    const res = await sut.inject({ url: '/health' });
    expect(res.json()).toEqual({ status: 'healthy', service: 'viral_pattern_engine' });
  });

  it('serves only the pattern routes, with their latency on /metrics', async () => {
    const types = await sut.inject({ url: '/pattern-types' });
    expect(types.statusCode).toBe(200);
    expect((await sut.inject({ url: '/viral-metrics/p1' })).statusCode).toBe(404);
    const metrics = await sut.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/pattern-types",status_code="200"\} 1/,
    );
  });
});
