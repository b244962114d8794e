import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  docker,
  freePort,
  health,
  images,
  pushComments,
  sampleUsage,
  uniqueName,
  waitFor,
} from './docker.js';

/**
 * The image as a person would use it: `docker run` with nothing but a port, the embedded
 * all-in-one (PGlite in the /data volume, the demo simulator), until Docker calls it healthy.
 */
describe('the threads-agent image', () => {
  const { app: image } = images();
  const name = uniqueName('ta-image-');
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await docker(['run', '-d', '--name', name, '-p', `127.0.0.1:${port}:8080`, image]);
  });
  afterAll(async () => {
    await docker(['rm', '-f', '-v', name]).catch(() => undefined);
  });

  it('is multi-stage output: dist and production dependencies only, a non-root user, a health check and a /data volume', async () => {
    const config = JSON.parse(await docker(['image', 'inspect', '-f', '{{json .Config}}', image])) as {
      User: string;
      Healthcheck?: { Test: string[] };
      Volumes?: Record<string, unknown>;
      Env: string[];
    };
    expect(config.User).toBe('1000:1000');
    expect(config.Healthcheck?.Test.join(' ')).toContain('/health');
    expect(Object.keys(config.Volumes ?? {})).toEqual(['/data']);
    expect(config.Env).toContain('DATA_DIR=/data');
    const listing = await docker([
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      image,
      '-c',
      'ls /app; ls /app/node_modules',
    ]);
    expect(listing).not.toMatch(/^src$/m);
    // dev dependencies are pruned
    for (const dev of ['typescript', 'vitest', 'vite', 'eslint', 'tsx'])
      expect(listing).not.toMatch(new RegExp(`^${dev}$`, 'm'));
    const bytes = Number((await docker(['image', 'inspect', '-f', '{{.Size}}', image])).trim());
    console.log(`image size: ${(bytes / 1e6).toFixed(0)} MB`);
    expect(bytes).toBeLessThan(400e6);
  });

  it('becomes healthy, answers /health and serves the dashboard', async () => {
    await waitFor(
      'Docker health status "healthy"',
      async () => ((await health(name)) === 'healthy' ? true : undefined),
      240_000,
      2000,
    );
    const res = await fetch(`${base}/health`);
    expect(await res.json()).toEqual({ status: 'healthy', service: 'threads_agent' });
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="app"');
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
  });

  it('runs the process as uid 1000, not root, and keeps its data in /data', async () => {
    const status = await docker(['exec', name, 'cat', '/proc/1/status']);
    const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
    expect(uids?.[1]).toBe('1000');
    expect(uids?.[2]).toBe('1000');
    const data = await docker(['exec', name, 'ls', '/data']);
    expect(data).toContain('PG_VERSION');
  });

  it('takes the comment bench’s 10,000 comments (memory and CPU measured)', async () => {
    await new Promise((r) => setTimeout(r, 5000));
    const sampler = sampleUsage(name);
    await new Promise((r) => setTimeout(r, 3000));
    const started = Date.now();
    let rows: string[];
    try {
      await pushComments(base, 'embedded');
      console.log(
        `embedded, 10,000 comments acknowledged in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      // analysis runs in the same process: let it drain before the peak is read
      await waitFor(
        'analysis drained',
        async () => {
          const text = await (await fetch(`${base}/metrics`)).text();
          // the demo's monitors keep adding a few comments: drained = back to a handful
          const backlog = Number(/^comment_processing_queue_length (\d+)$/m.exec(text)?.[1] ?? Infinity);
          return backlog < 50 ? true : undefined;
        },
        240_000,
        2000,
      );
      console.log(`embedded, all analysed after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      rows = await sampler.stop();
    }
    console.log(`embedded container (docker stats): ${rows.join('; ')}`);
  }, 300_000);

  it('comes back with its data after a crash (kill -9 leaves the data directory lock behind)', async () => {
    await docker(['kill', '-s', 'KILL', name]);
    await docker(['start', name]);
    await waitFor(
      'healthy again after the crash',
      async () => ((await health(name)) === 'healthy' ? true : undefined),
      240_000,
      2000,
    );
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(Number(/^comment_db_rows_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(10_000);
  }, 300_000);

  it('stops cleanly on SIGTERM within the grace period', async () => {
    const started = Date.now();
    await docker(['stop', '-t', '30', name], 60_000);
    const state = JSON.parse(await docker(['inspect', '-f', '{{json .State}}', name])) as {
      ExitCode: number;
    };
    expect(state.ExitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
