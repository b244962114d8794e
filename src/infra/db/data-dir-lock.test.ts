import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from './data-dir-lock.js';

describe(lockDataDir.name, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ta-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes our pid, refuses a second taker, and can be taken again once released', async () => {
    const release = await lockDataDir(dir);
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toMatch(
      new RegExp(`^${process.pid}\n${hostname()} [0-9a-f-]{36}\n$`),
    );

    const second = lockDataDir(dir);
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(
      `DATA_DIR ${dir} is in use by another threads-agent process (pid ${process.pid})`,
    );

    await release();
    await release(); // twice is harmless
    expect(await readdir(dir)).toEqual([]);
    const again = await lockDataDir(dir);
    await again();
  });

  it('refuses a directory whose lock names a process that runs', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir, LOCK_FILE), `${other.pid}\n`);
      await expect(lockDataDir(dir)).rejects.toThrow(`(pid ${other.pid})`);
      // the refused attempt leaves the owner's lock alone and nothing of its own behind
      expect(await readdir(dir)).toEqual([LOCK_FILE]);
      expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(`${other.pid}\n`);
    } finally {
      other.kill();
    }
  });

  it('takes over the lock of a process that has exited (a crash leaves its lock behind)', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await writeFile(join(dir, LOCK_FILE), `${gone.stdout.toString()}\n`);
    const release = await lockDataDir(dir);
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toMatch(
      new RegExp(`^${process.pid}\n${hostname()} [0-9a-f-]{36}\n$`),
    );
    await release();
  });

  it('takes over the lock of an earlier run with our pid on this host (a container restarted after a crash)', async () => {
    // a container's server is PID 1 in every run: the lock of the crashed run names "our" pid
    await writeFile(
      join(dir, LOCK_FILE),
      `${process.pid}\n${hostname()} 00000000-0000-4000-8000-000000000000\n`,
    );
    const release = await lockDataDir(dir);
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).not.toContain(
      '00000000-0000-4000-8000-000000000000',
    );
    await release();
    // the old format (pid alone) written by a crashed run with our pid is stale as well
    await writeFile(join(dir, LOCK_FILE), `${process.pid}\n`);
    await (
      await lockDataDir(dir)
    )();
  });

  it('takes over an unreadable lock', async () => {
    await writeFile(join(dir, LOCK_FILE), 'garbage');
    const release = await lockDataDir(dir);
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toMatch(
      new RegExp(`^${process.pid}\n${hostname()} [0-9a-f-]{36}\n$`),
    );
    await release();
  });
});
