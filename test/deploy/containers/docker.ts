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

/** Memory (MiB) and CPU (% of one core) of each running container whose name matches (`docker stats`). */
export async function usage(nameFilter: string): Promise<Map<string, { mib: number; cpu: number }>> {
  const out = await docker(['stats', '--no-stream', '--format', '{{.Name}}\t{{.MemUsage}}\t{{.CPUPerc}}']);
  const result = new Map<string, { mib: number; cpu: number }>();
  for (const line of out.trim().split('\n')) {
    const [name, mem, cpu] = line.split('\t');
    if (!name || !mem || !name.includes(nameFilter)) continue;
    const m = /^([\d.]+)\s*([KMG]i?B)/.exec(mem);
    if (!m) continue;
    const factor = m[2]!.startsWith('G') ? 1024 : m[2]!.startsWith('K') ? 1 / 1024 : 1;
    result.set(name, { mib: Number(m[1]) * factor, cpu: Number.parseFloat(cpu ?? '0') || 0 });
  }
  return result;
}

/** Samples `usage` every second until `stop()`: the idle reading at start and the peaks. */
export function sampleUsage(nameFilter: string) {
  const peak = new Map<string, { mib: number; cpu: number }>();
  let idle: Map<string, { mib: number; cpu: number }> | undefined;
  let running = true;
  const loop = (async () => {
    while (running) {
      const now = await usage(nameFilter).catch(() => new Map<string, { mib: number; cpu: number }>());
      idle ??= now;
      for (const [k, v] of now) {
        const p = peak.get(k) ?? { mib: 0, cpu: 0 };
        peak.set(k, { mib: Math.max(p.mib, v.mib), cpu: Math.max(p.cpu, v.cpu) });
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return {
    async stop(): Promise<string[]> {
      running = false;
      await loop;
      return [...(idle ?? new Map()).keys()].sort().map((k) => {
        const i = idle!.get(k)!;
        const p = peak.get(k)!;
        const role = k.replace(nameFilter, '').replace(/^[-_]|[-_]1$/g, '') || 'threads-agent';
        return `${role}: idle ${i.mib.toFixed(0)} MiB ${i.cpu.toFixed(0)} % CPU, peak ${p.mib.toFixed(0)} MiB ${p.cpu.toFixed(0)} % CPU`;
      });
    },
  };
}

/** The comment bench's workload over HTTP: 10 requests of 1,000 comments, one after the other. */
export async function pushComments(base: string, prefix: string): Promise<void> {
  for (let r = 0; r < 10; r++) {
    const comments = Array.from({ length: 1000 }, (_, i) => ({
      id: `${prefix}_${r}_${i}`,
      text: `${['LINK please! 🙏', 'how much is it?', 'saving this for later', 'mine arrived broken'][i % 4]} #${i}`,
      author: `user_${i % 300}`,
      timestamp: '2024-01-25T10:30:00Z',
    }));
    const res = await fetch(`${base}/comments/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ post_id: `${prefix}_post_${r}`, comments }),
    });
    if (res.status !== 200)
      throw new Error(`POST /comments/process answered ${res.status}: ${await res.text()}`);
  }
}
