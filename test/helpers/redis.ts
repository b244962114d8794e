import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** The machine's Redis; tests isolate themselves with a random key prefix and clean it up. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix no other test uses, e.g. `ta-test-3f9a1c2b:`. */
export function randomPrefix(label = 'ta-test'): string {
  return `${label}-${randomBytes(4).toString('hex')}:`;
}

/** Delete every key under `prefix` (SCAN, not KEYS, so a shared Redis is not blocked). */
export async function deleteKeys(prefix: string, url = TEST_REDIS_URL): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** A TCP port nothing listens on right now (127.0.0.1). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

export interface RedisServer {
  port: number;
  url: string;
  /** SIGKILL the server (an outage, not a shutdown) and wait for it to exit. */
  kill(): Promise<void>;
  /** Start it again on the same port (empty, unless persistent). */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its connections but stops answering (a network black hole). */
  pause(): void;
  resume(): void;
}

/**
 * A private `redis-server` child process on a free port for fault tests that kill and restart
 * Redis: without persistence (restarts empty), or with `persist` an append-only file fsynced on
 * every write in a fresh temporary directory (restarts with its data, as a production Redis for
 * BullMQ is configured). Always `kill()` it in `afterAll`.
 */
export async function startRedisServer(opts: { persist?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const persistence = opts.persist
    ? [
        '--dir',
        mkdtempSync(join(tmpdir(), 'ta-redis-')),
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ]
    : ['--save', '', '--appendonly', 'no'];

  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', ...persistence], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 5000;
    for (;;) {
      const probe = new Redis(port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        probe.disconnect();
      }
    }
  };

  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}
