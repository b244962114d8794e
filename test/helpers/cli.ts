import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `threads-agent <args>` from the source as an operator would, with `stdin` piped in (empty by default). */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  stdin = '',
): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(stdin);
  const [code] = (await once(child, 'exit')) as [number];
  return { code, stdout, stderr };
}
