import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type LabelValues } from 'prom-client';

/**
 * One Prometheus registry per process (per app in tests, so parallel apps never share
 * counters). Capability modules define their metrics on `registry` through `telemetry`.
 */
export interface Telemetry {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
}

export function createTelemetry(opts: { defaultMetrics?: boolean } = {}): Telemetry {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, httpDuration };
}

/**
 * `read` shared by every gauge that needs it during one scrape and reused for `maxAgeMs`: the
 * gauges of one query cost one query, and frequent scrapes (several Prometheus replicas, a
 * person reloading /metrics) do not turn into load on the database. A failed read is not kept.
 */
export function sharedRead<T>(read: () => Promise<T>, maxAgeMs = 1000): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = performance.now();
    if (last && now - last.at < maxAgeMs) return last.value;
    const value = read();
    const entry = { at: now, value };
    last = entry;
    value.catch(() => {
      if (last === entry) last = undefined;
    });
    return value;
  };
}

/** One metric as a capability declares it; its name is the first argument. */
export interface MetricDeclaration<L extends string> {
  help: string;
  /** label names (none: one unlabelled series) */
  labels?: readonly L[];
  /**
   * Label sets that exist from the start at zero, so that rate() and the alert rules see a zero
   * series instead of no series until the first event.
   */
  zero?: readonly LabelValues<L>[];
}

/**
 * The metrics of one capability, declared on `registry`: each declaration gives its name, help,
 * labels and zero series; the registry and the zeroing are done here once.
 */
export function declareMetrics(registry: Registry) {
  const registers = [registry];
  return {
    counter<L extends string = string>(name: string, d: MetricDeclaration<L>): Counter<L> {
      const metric = new Counter<L>({ name, help: d.help, labelNames: d.labels ?? [], registers });
      for (const labels of d.zero ?? []) metric.inc(labels, 0);
      return metric;
    },
    histogram<L extends string = string>(
      name: string,
      d: MetricDeclaration<L> & { buckets: number[] },
    ): Histogram<L> {
      const metric = new Histogram<L>({
        name,
        help: d.help,
        labelNames: d.labels ?? [],
        buckets: d.buckets,
        registers,
      });
      for (const labels of d.zero ?? []) metric.zero(labels);
      return metric;
    },
    /** A gauge; with `collect`, set when Prometheus scrapes. */
    gauge<L extends string = string>(
      name: string,
      d: Omit<MetricDeclaration<L>, 'zero'> & { collect?: (this: Gauge<L>) => Promise<void> },
    ): Gauge<L> {
      return new Gauge<L>({
        name,
        help: d.help,
        labelNames: d.labels ?? [],
        registers,
        ...(d.collect ? { collect: d.collect } : {}),
      });
    },
  };
}
