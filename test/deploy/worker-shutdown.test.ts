import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { startRedisServer, type RedisServer } from '../helpers/redis.js';
import { ROOT } from './tools.js';

/**
 * `serve --role worker` as Kubernetes and Compose stop it: SIGTERM while a job is running. The
 * worker must stop taking jobs, let the running one finish (here: a collection waiting on a slow
 * source), answer its probes until then, and exit 0 — inside its grace period.
 */
describe('the worker process on SIGTERM', () => {
  let db: TestDatabase;
  let redis: RedisServer;
  let source: Server;
  let sourceUrl: string;
  let worker: ChildProcess | undefined;
  let output = '';
  /** when the slow source call arrived and when it was answered */
  const calls: { arrived: number; answered?: number }[] = [];
  /** how long the source takes to list posts */
  let sourceDelayMs = 3000;

  beforeAll(async () => {
    [db, redis] = await Promise.all([createTestDatabase(), startRedisServer()]);
    // A stand-in for fake-threads whose post listing takes 3 s: the collection job is in flight.
    source = createServer((req, res) => {
      if (req.url?.startsWith('/published')) {
        const call: (typeof calls)[number] = { arrived: Date.now() };
        calls.push(call);
        setTimeout(() => {
          call.answered = Date.now();
          if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}');
        }, sourceDelayMs);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
    source.listen(0, '127.0.0.1');
    await once(source, 'listening');
    sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  });

  function startWorker(shutdownTimeoutSeconds: number): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--role', 'worker'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        FAKE_THREADS_URL: sourceUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_SECONDS: String(shutdownTimeoutSeconds),
        COMMENT_MONITOR_NEW_POSTS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    return child;
  }

  async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  afterAll(async () => {
    worker?.kill('SIGKILL');
    source?.close();
    await redis?.kill();
    await db?.drop();
  });

  it('finishes the job it is running, then exits 0 and says so', async () => {
    worker = startWorker(20);
    const exited = once(worker, 'exit') as Promise<[number | null, string | null]>;

    // the schedule runs the first collection at start: wait until it is waiting on the source
    // and the worker listens
    const listening = () => /health, readiness and metrics on (http:\/\/\S+)\)/.exec(output)?.[1];
    const deadline = Date.now() + 60_000;
    while (calls.length === 0 || !listening()) {
      if (Date.now() > deadline)
        throw new Error(`the worker never called the source or listened:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(calls[0]!.answered, 'the job is still running').toBeUndefined();
    // its probes answer (the worker's HTTP surface: /health, /ready, /metrics)
    const address = listening()!;
    expect((await fetch(`${address}/health`)).status).toBe(200);
    expect((await fetch(`${address}/ready`)).status).toBe(200);
    expect(await (await fetch(`${address}/metrics`)).text()).toContain('comment_processing_queue_length');

    const signalled = Date.now();
    worker.kill('SIGTERM');
    const [code] = await exited;
    const stopped = Date.now();

    expect(code, output).toBe(0);
    expect(output).toContain('shutting down');
    expect(output).toContain('shut down cleanly');
    // it waited for the source's answer, i.e. for the running job, and not much longer
    expect(calls[0]!.answered).toBeDefined();
    expect(stopped).toBeGreaterThanOrEqual(calls[0]!.answered!);
    expect(stopped - signalled).toBeLessThan(20_000);

    // the job is recorded as completed, not left active for another worker to redo
    const client = new Redis(redis.url);
    try {
      expect(await client.zcard('threads-agent:process_active_posts:completed')).toBe(1);
      expect(await client.llen('threads-agent:process_active_posts:active')).toBe(0);
    } finally {
      client.disconnect();
    }
  }, 90_000);

  it('returns a job it could not finish in time: another worker runs it once its lock lapses', async () => {
    const client = new Redis(redis.url);
    const jobs = (state: string) => `threads-agent:process_active_posts:${state}`;
    try {
      await client.flushall();
      calls.length = 0;
      output = '';
      sourceDelayMs = 4000;
      const first = startWorker(1);
      const exited = once(first, 'exit') as Promise<[number | null, string | null]>;
      await waitUntil('the first collection waiting on the source', () => calls.length > 0, 60_000);
      const [running] = await client.lrange(jobs('active'), 0, -1);
      expect(running).toBeDefined();

      first.kill('SIGTERM');
      const [code] = await exited;
      // one second was not enough: the process gave up and left the job active, locked
      expect(code).toBe(1);
      expect(output).toContain('did not finish within 1 s');
      expect(await client.lrange(jobs('active'), 0, -1)).toContain(running);

      // a second worker finds it stalled once the lock (30 s) lapses, and runs it to completion
      sourceDelayMs = 0;
      worker = startWorker(20);
      await waitUntil(
        'the returned job completed',
        async () => (await client.zscore(jobs('completed'), running!)) !== null,
        130_000,
      );
      const job = await client.hgetall(`threads-agent:process_active_posts:${running}`);
      expect(job.finishedOn).toBeDefined();
    } finally {
      client.disconnect();
      worker?.kill('SIGTERM');
    }
  }, 200_000);
});
