#!/usr/bin/env node
import { Command } from 'commander';
import { registerAccountsCommand } from './cli/accounts.js';
import { registerCommentsCommand } from './cli/comments.js';
import { registerDraftsCommand } from './cli/drafts.js';
import { registerEvalCommand } from './cli/eval.js';
import { registerExperimentCommand } from './cli/experiments.js';
import { registerFakeThreadsCommand } from './cli/fake-threads.js';
import { registerMigrateCommand } from './cli/migrate.js';
import { registerPatternsCommand } from './cli/patterns.js';
import { registerServeCommand } from './cli/serve.js';

const program = new Command()
  .name('threads-agent')
  .description('Viral-content intelligence for Threads creators')
  .version('0.1.0')
  .showHelpAfterError();

registerServeCommand(program);
registerMigrateCommand(program);
registerPatternsCommand(program);
registerEvalCommand(program);
registerFakeThreadsCommand(program);
registerCommentsCommand(program);
registerAccountsCommand(program);
registerDraftsCommand(program);
registerExperimentCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
