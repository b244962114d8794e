import type { Command } from 'commander';
import { defaultAnalyzer } from '../comments/default-analyzer.js';
import { evaluateIntents, formatIntentEvaluation, simulatorCorpus } from '../comments/eval.js';
import { DEMO_ACCOUNTS } from '../source/simulator/demo-content.js';

/** `threads-agent comments …`: offline tools of the comment pipeline. */
export function registerCommentsCommand(program: Command): void {
  const comments = program.command('comments').description('comment pipeline tools');
  comments
    .command('eval-simulator')
    .description(
      "per-class precision/recall of the intent classifier on the simulator's labelled replies, " +
        'without and with the demo creators’ trigger keywords',
    )
    .option('--seed <n>', 'simulator seed', '42')
    .option('--hours <n>', 'simulated hours of replies after the 72 h demo backlog', '24')
    .option('--json', 'print JSON instead of tables')
    .action((opts: { seed: string; hours: string; json?: boolean }) => {
      const seed = Number(opts.seed);
      const hours = Number(opts.hours);
      if (!Number.isInteger(seed) || seed < 0)
        throw new Error(`--seed must be a non-negative integer, got ${opts.seed}`);
      if (!(hours > 0 && hours <= 24 * 30)) throw new Error(`--hours must be in (0, 720], got ${opts.hours}`);
      const rows = simulatorCorpus({ seed, hours });
      const keywords = [...new Set(DEMO_ACCOUNTS.map((a) => a.keyword))];
      const results = [
        evaluateIntents(rows, defaultAnalyzer),
        evaluateIntents(rows, defaultAnalyzer, { keywords }),
      ];
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(results, null, 2)}\n`
          : `${results.map(formatIntentEvaluation).join('\n\n')}\n`,
      );
    });
}
