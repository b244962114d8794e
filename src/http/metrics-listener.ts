import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * The seeds' second listener (`METRICS_PORT`, e.g. 9090): Prometheus text at /metrics and nothing
 * else, so a scraper can reach it on a port the public API does not expose. Resolves with its
 * address; the server is unref'd and never keeps the process alive.
 */
export async function listenMetrics(registry: Registry, port: number, host: string): Promise<string> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `METRICS_PORT=${port}: port ${port} on ${host} is already in use`
            : `METRICS_PORT=${port}: cannot listen on ${host}:${port} (${err.code ?? err.message})`,
        ),
      ),
    );
    server.listen(port, host, resolve);
  });
  server.unref();
  const { address, port: bound } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${bound}`;
}
