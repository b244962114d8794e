import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The docker CLI the container tests drive (Debian's docker.io: its built-in BuildKit builds). */
export const DOCKER = process.env.DOCKER ?? 'docker';
export const COMPOSE = process.env.COMPOSE ?? 'docker-compose';

/** Images made by test/deploy/containers.sh: the app, and PostgreSQL and Redis from Debian's packages. */
export function images(): { app: string; postgres: string; redis: string } {
  const app = process.env.THREADS_AGENT_IMAGE;
  const postgres = process.env.POSTGRES_IMAGE;
  const redis = process.env.REDIS_IMAGE;
  if (!app || !postgres || !redis)
    throw new Error(
      'run through test/deploy/containers.sh (THREADS_AGENT_IMAGE, POSTGRES_IMAGE, REDIS_IMAGE)',
    );
  return { app, postgres, redis };
}

/** Run a command, bounded in time; resolves with stdout, rejects with its stderr. */
export async function run(
  cmd: string,
  args: readonly string[],
  opts: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<string> {
  try {
    const { stdout } = await exec(cmd, [...args], {
      timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...opts.env },
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
  }
}

export const docker = (args: readonly string[], timeoutMs?: number) =>
  run(DOCKER, args, timeoutMs === undefined ? {} : { timeoutMs });

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Poll `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Docker's health status of a container: starting | healthy | unhealthy. */
export async function health(container: string): Promise<string> {
  return (await docker(['inspect', '-f', '{{.State.Health.Status}}', container])).trim();
}

/** Memory in use by each running container whose name matches, in MiB (`docker stats`). */
export async function memoryMiB(nameFilter: string): Promise<Map<string, number>> {
  const out = await docker(['stats', '--no-stream', '--format', '{{.Name}}\t{{.MemUsage}}']);
  const result = new Map<string, number>();
  for (const line of out.trim().split('\n')) {
    const [name, usage] = line.split('\t');
    if (!name || !usage || !name.includes(nameFilter)) continue;
    const m = /^([\d.]+)\s*([KMG]i?B)/.exec(usage);
    if (!m) continue;
    const factor = m[2]!.startsWith('G') ? 1024 : m[2]!.startsWith('K') ? 1 / 1024 : 1;
    result.set(name, Number(m[1]) * factor);
  }
  return result;
}
