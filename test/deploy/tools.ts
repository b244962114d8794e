import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Whether `cmd` runs here (`cmd args` exits 0). */
export function available(cmd: string, args: readonly string[] = ['--version']): boolean {
  return spawnSync(cmd, [...args], { stdio: 'ignore' }).status === 0;
}

/**
 * Tests that need a tool are skipped, with a line saying so, only where the tool is missing;
 * CI (CI=true) installs every tool (.ci/run), so there a missing one is a failure, not a skip.
 */
export function requireTool(cmd: string, install: string, args?: readonly string[]): boolean {
  if (available(cmd, args)) return true;
  if (process.env.CI === 'true')
    throw new Error(`${cmd} is missing in CI: .ci/run must install it (${install})`);
  process.stderr.write(`\n[skip] ${cmd} not found: its deployment tests are skipped (${install})\n`);
  return false;
}

export function runTool(cmd: string, args: readonly string[], opts: { cwd?: string } = {}): string {
  return execFileSync(cmd, [...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
}
