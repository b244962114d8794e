import { randomUUID } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One process at a time in a PGlite data directory. PGlite runs PostgreSQL in single-user mode
 * inside the process and takes no lock of its own: two processes on one DATA_DIR (a second
 * `npm start`, or `threads-agent migrate` next to a running server) each keep their own view of
 * the files, and the writes of one are silently lost when the other writes after it (seen with
 * two processes inserting into one table).
 *
 * The lock is a file holding the owner's pid, created exclusively, as PostgreSQL's own
 * postmaster.pid: a lock whose process no longer runs (a crash, a kill -9) is taken over at
 * once, with no timeout to wait for.
 *
 * A second line names the host and this process's run: in a container the server is always the
 * same pid (1), so after a crash the restarted container would find "its own" pid in the lock
 * and refuse to start forever. The same pid on the same host with another run token is that
 * earlier run, and its lock is stale.
 */
export const LOCK_FILE = 'threads-agent.lock';

/** Tells this process from an earlier one that had the same pid on this host. */
const RUN_TOKEN = randomUUID();

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another threads-agent process${pid ? ` (pid ${pid})` : ''}: stop it, or ` +
        `point DATA_DIR at another directory. If no such process runs, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock of `dataDir` (which must exist); resolves to its release. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, LOCK_FILE);
  // Written aside and linked into place: the lock never exists without its pid in it.
  const pending = `${path}.${process.pid}`;
  await writeFile(pending, `${process.pid}\n${hostname()} ${RUN_TOKEN}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(pending, path);
        let released = false;
        return async () => {
          if (released) return;
          released = true;
          await unlink(path).catch(() => undefined);
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const [pidLine = '', runLine = ''] = (await readFile(path, 'utf8').catch(() => '')).split('\n');
      const owner = Number.parseInt(pidLine, 10);
      const [host, token] = runLine.split(' ');
      const earlierRunOfOurPid =
        owner === process.pid &&
        (host === undefined || host === '' || host === hostname()) &&
        token !== RUN_TOKEN;
      // This process counts as an owner too: a second store on one directory would lose writes.
      // Losing twice means other processes keep taking the lock between our attempts.
      if ((owner > 0 && isRunning(owner) && !earlierRunOfOurPid) || attempt > 0)
        throw new DataDirInUseError(dataDir, owner > 0 ? owner : undefined);
      // stale (its process is gone) or unreadable: remove it and try once more
      await unlink(path).catch(() => undefined);
    }
  } finally {
    await unlink(pending).catch(() => undefined);
  }
}
