#!/usr/bin/env node
import { Command } from 'commander';
import { registerServeCommand } from './cli/serve.js';

const program = new Command()
  .name('threads-agent')
  .description('Viral-content intelligence for Threads creators')
  .version('0.1.0')
  .showHelpAfterError();

registerServeCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
