import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { defaultAnalyzer } from '../comments/index.js';
import { createDeps } from '../deps.js';
import { evaluateIntents, formatIntentEvaluation, simulatorCorpus } from '../eval/index.js';
import { INTENT_MODEL_VERSION } from '../nlp/intent.js';
import { DEMO_ACCOUNTS } from '../source/simulator/index.js';
import { loadConfigOrExit } from './serve.js';

/** Below this many comments a progress bar would only flash. */
const PROGRESS_MIN_COMMENTS = 2_000;

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
  comments
    .command('reanalyse')
    .description(
      `re-analyse the stored comments whose analysis came from another model than ${INTENT_MODEL_VERSION} ` +
        '(DATABASE_URL, else the embedded store in DATA_DIR; stop the server first when embedded). ' +
        'DM rules are not evaluated: nobody gets a DM for an old reply.',
    )
    .option('--dry-run', 'only count them')
    .action(async (opts: { dryRun?: boolean }) => {
      const deps = await createDeps(loadConfigOrExit({ SOURCE: 'none' }), { role: 'api' });
      const service = deps.comments.comments;
      try {
        const total = await service.countStaleAnalyses(INTENT_MODEL_VERSION);
        if (opts.dryRun || total === 0) {
          process.stdout.write(
            `${total} stored analyses come from another model than ${INTENT_MODEL_VERSION}\n`,
          );
          return;
        }
        const bar =
          process.stderr.isTTY === true && total >= PROGRESS_MIN_COMMENTS
            ? new SingleBar(
                {
                  stream: process.stderr,
                  format: 're-analysing {bar} {value}/{total} comments | {eta}s left',
                },
                Presets.shades_classic,
              )
            : null;
        bar?.start(total, 0);
        const result = await service.reanalyseStale({
          modelVersion: INTENT_MODEL_VERSION,
          onProgress: (done) => bar?.update(Math.min(done, total)),
        });
        bar?.stop();
        const moves = Object.entries(result.changed).sort((a, b) => b[1] - a[1]);
        process.stdout.write(
          `re-analysed ${result.updated} comments with ${INTENT_MODEL_VERSION}; intent changed for ` +
            `${moves.reduce((s, [, n]) => s + n, 0)}${moves.length ? ':' : ''}\n` +
            moves.map(([move, n]) => `  ${move}: ${n}\n`).join(''),
        );
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      } finally {
        await deps.close();
      }
    });
}
