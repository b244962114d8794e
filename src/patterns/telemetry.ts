import { Counter, Histogram, type Registry } from 'prom-client';

/** The routes whose requests count as pattern extractions. */
export const EXTRACTION_ENDPOINTS = ['/extract-patterns', '/analyze-batch'] as const;

/**
 * The pattern engine's metrics under seed 001's names (its "Key Metrics to Monitor"). The fifth
 * name of that list, `error_rate_by_endpoint`, is a rate, which Prometheus computes: it is the
 * recording rule of that name in deploy/prometheus/rules.yml, over these series.
 */
export function createPatternTelemetry(registry: Registry) {
  const registers = [registry];
  const duration = new Histogram({
    name: 'pattern_extraction_duration_seconds',
    help: 'Latency of pattern extraction requests by endpoint',
    labelNames: ['endpoint'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const requests = new Counter({
    name: 'pattern_extraction_requests_total',
    help: 'Pattern extraction requests by endpoint and HTTP status',
    labelNames: ['endpoint', 'status'] as const,
    registers,
  });
  const strength = new Histogram({
    name: 'pattern_strength_histogram',
    help: 'Pattern strength (0–1) of every post extracted through the API',
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    registers,
  });
  const batchSize = new Histogram({
    name: 'batch_processing_size_histogram',
    help: 'Posts per /analyze-batch request',
    buckets: [1, 2, 5, 10, 25, 50, 100, 200],
    registers,
  });
  for (const endpoint of EXTRACTION_ENDPOINTS) {
    duration.zero({ endpoint });
    for (const status of ['200', '500']) requests.inc({ endpoint, status }, 0);
  }
  return {
    strength,
    batchSize,
    /** one finished request of an extraction endpoint */
    request(endpoint: string, statusCode: number, seconds: number): void {
      duration.observe({ endpoint }, seconds);
      requests.inc({ endpoint, status: String(statusCode) });
    },
  };
}

export type PatternTelemetry = ReturnType<typeof createPatternTelemetry>;
