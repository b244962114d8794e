import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

async function listening(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  probe.listen(port, '127.0.0.1');
  const [result] = (await Promise.race([once(probe, 'listening'), once(probe, 'error')])) as [Error?];
  if (result instanceof Error) return false;
  probe.close();
  await once(probe, 'close');
  return true;
}

describe('METRICS_PORT', () => {
  it('is unset by default: no second listener on Prometheus’s own port', () => {
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
  });

  describe('when the port is taken', () => {
    const busy = createServer();
    let busyPort = 0;
    beforeAll(async () => {
      busyPort = await listening(busy);
    });
    afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

    it('stops `serve` at start-up with the variable named, before the API port is bound', async () => {
      const probe = createServer();
      const apiPort = await listening(probe);
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
        env: {
          ...process.env,
          METRICS_PORT: String(busyPort),
          PORT: String(apiPort),
          HOST: '127.0.0.1',
          DATA_DIR: 'memory://',
          SOURCE: 'none',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      expect(code).toBe(2);
      expect(stderr).toContain(`METRICS_PORT=${busyPort}: port ${busyPort} on 127.0.0.1 is already in use`);
      expect(stdout).not.toContain('listening');
      expect(await portIsFree(apiPort)).toBe(true);
    });
  });
});
