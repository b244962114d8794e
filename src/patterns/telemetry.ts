import type { Registry } from 'prom-client';
import { declareMetrics } from '../infra/telemetry/metrics.js';

/** The routes whose requests count as pattern extractions. */
export const EXTRACTION_ENDPOINTS = ['/extract-patterns', '/analyze-batch'] as const;

/**
 * The pattern engine's metrics under seed 001's names (its "Key Metrics to Monitor"). The fifth
 * name of that list, `error_rate_by_endpoint`, is a rate, which Prometheus computes: it is the
 * recording rule of that name in deploy/prometheus/rules.yml, over these series.
 */
export function createPatternTelemetry(registry: Registry) {
  const m = declareMetrics(registry);
  const duration = m.histogram('pattern_extraction_duration_seconds', {
    help: 'Latency of pattern extraction requests by endpoint',
    labels: ['endpoint'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    zero: EXTRACTION_ENDPOINTS.map((endpoint) => ({ endpoint })),
  });
  const requests = m.counter('pattern_extraction_requests_total', {
    help: 'Pattern extraction requests by endpoint and HTTP status',
    labels: ['endpoint', 'status'],
    zero: EXTRACTION_ENDPOINTS.flatMap((endpoint) => ['200', '500'].map((status) => ({ endpoint, status }))),
  });
  const strength = m.histogram('pattern_strength_histogram', {
    help: 'Pattern strength (0–1) of every post extracted through the API',
    buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
  });
  const batchSize = m.histogram('batch_processing_size_histogram', {
    help: 'Posts per /analyze-batch request',
    buckets: [1, 2, 5, 10, 25, 50, 100, 200],
  });
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
