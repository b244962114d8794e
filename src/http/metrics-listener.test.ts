import { describe, expect, it } from 'vitest';
import { Counter, Registry } from 'prom-client';
import { listenMetrics } from './metrics-listener.js';

describe(listenMetrics.name, () => {
  it('serves the registry at /metrics and nothing else', async () => {
    const registry = new Registry();
    new Counter({ name: 'sut_requests_total', help: 'test counter', registers: [registry] }).inc(3);
    const sut = await listenMetrics(registry, 0, '127.0.0.1');

    const metrics = await fetch(`${sut}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe(registry.contentType);
    expect(await metrics.text()).toContain('sut_requests_total 3');
    expect((await fetch(`${sut}/`)).status).toBe(404);
    expect((await fetch(`${sut}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('rejects with the variable named when the port is taken', async () => {
    const registry = new Registry();
    const taken = await listenMetrics(registry, 0, '127.0.0.1');
    const port = Number(new URL(taken).port);
    await expect(listenMetrics(registry, port, '127.0.0.1')).rejects.toThrow(
      `METRICS_PORT=${port}: port ${port} on 127.0.0.1 is already in use`,
    );
  });
});
