import type { Command } from 'commander';
import { compose, DEFAULT_STYLE } from '../content/index.js';
import { SIMULATE_DEFAULTS, simulateExperiments, type SimulationSummary } from '../experiments/index.js';
import { loadDefaultNlp, PatternService, type HookType } from '../patterns/index.js';
import { DEMO_ACCOUNTS, seededAudience } from '../source/simulator/index.js';
import { terminalProgress } from './eval.js';

interface SimulateFlags {
  arms: string;
  posts: string;
  runs: string;
  seed: string;
  rewardAgeHours: string;
  slotHours: string;
  json?: boolean;
}

/** `threads-agent experiment …`: what an experiment of a given size can tell, on the simulator. */
export function registerExperimentCommand(program: Command): void {
  const experiment = program
    .command('experiment')
    .description('A/B experiments of hooks (Thompson sampling)');
  experiment
    .command('simulate')
    .description(
      "run R seeded experiments against the simulator's hidden audience preferences (in process, " +
        'simulated clock) and report how often the truly best arm won, posts to a decision and regret',
    )
    .option('--arms <n>', 'variants per experiment (distinct hook families)', '4')
    .option('--posts <n>', 'max_posts of each experiment', '200')
    .option('--runs <n>', 'experiments to run', '100')
    .option('--seed <n>', 'seed of the simulator and the bandit', '1')
    .option(
      '--reward-age-hours <n>',
      'age at which a post’s reward is read',
      String(SIMULATE_DEFAULTS.rewardAgeHours),
    )
    .option('--slot-hours <n>', 'hours between publishing slots', String(SIMULATE_DEFAULTS.slotHours))
    .option('--json', 'print JSON (no progress bar)')
    .action(async (flags: SimulateFlags) => {
      const int = (value: string, name: string, min: number, max: number): number => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < min || n > max) {
          throw new Error(`--${name} must be an integer in [${min}, ${max}], got "${value}"`);
        }
        return n;
      };
      const positive = (value: string, name: string): number => {
        const n = Number(value);
        if (!(Number.isFinite(n) && n > 0))
          throw new Error(`--${name} must be a positive number, got "${value}"`);
        return n;
      };
      const runs = int(flags.runs, 'runs', 1, 100_000);
      const seed = int(flags.seed, 'seed', 0, 2 ** 32 - 1);
      const progress = flags.json ? undefined : terminalProgress();
      progress?.start(runs, 'experiments');
      const { summary } = simulateExperiments({
        arms: int(flags.arms, 'arms', 2, 14),
        posts: int(flags.posts, 'posts', 2, 100_000),
        runs,
        seed,
        rewardAgeHours: positive(flags.rewardAgeHours, 'reward-age-hours'),
        slotHours: positive(flags.slotHours, 'slot-hours'),
        audience: seededAudience(seed),
        viralities: await composerViralities(),
        onRun: (done) => progress?.update(done),
      });
      progress?.stop();
      process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    });
}

/** Drafts per persona and hook family whose pattern strength an arm's posts draw from. */
const DRAFTS_PER_ARM = 64;

/**
 * The virality of the posts an experiment arm publishes, as the default simulator sees them: it
 * responds to the pattern engine's pattern strength of a post (the app wires it so), and an
 * experiment's posts are the composer's drafts of the arm's hook family on the persona's topics.
 * Written and scored once per persona and family (seeds 0–63), then reused by every run.
 */
async function composerViralities(): Promise<(personaId: string, family: HookType) => readonly number[]> {
  const patterns = new PatternService({
    nlp: await loadDefaultNlp(),
    cacheTtlSeconds: 0,
    cacheMaxEntries: 0,
  });
  const extract = (content: string) => patterns.extract({ content, engagement_rate: 0 });
  const detect = (text: string) => extract(text).hook_patterns.map((h) => h.type);
  const pools = new Map<string, readonly number[]>();
  return (personaId, family) => {
    const key = `${personaId}\u0000${family}`;
    let pool = pools.get(key);
    if (pool === undefined) {
      const topics = DEMO_ACCOUNTS.find((a) => a.persona_id === personaId)?.topics ?? ['this'];
      pool = Array.from({ length: DRAFTS_PER_ARM }, (_, seed) => {
        const [draft] = compose(
          { topics, avoid: [], hookFamily: family, style: DEFAULT_STYLE, seed, count: 1 },
          detect,
        );
        return extract(draft!.text).pattern_strength;
      });
      pools.set(key, pool);
    }
    return pool;
  };
}

function formatSummary(s: SimulationSummary): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const { settings: o } = s;
  return [
    `${o.runs} experiments of ${o.arms} arms, max ${o.posts} posts, a slot every ${o.slot_hours} h, ` +
      `reward at ${o.reward_age_hours} h (seed ${o.seed})`,
    `  truly best arm declared winner  ${pct(s.best_found_share)}`,
    `  … when it leads by ≥ 5 %        ${pct(s.best_found_share_separable)} of ${pct(s.separable_share)} of runs`,
    `  another arm declared winner     ${pct(s.wrong_winner_share)}`,
    `  inconclusive at max_posts       ${pct(s.inconclusive_share)}`,
    `  mean posts to a decision        ${s.mean_posts_to_decision.toFixed(1)}`,
    `  regret vs uniform allocation    ${pct(s.regret_ratio)} (${s.mean_regret.toFixed(4)} vs ${s.mean_uniform_regret.toFixed(4)} rate × posts)`,
    '',
  ].join('\n');
}
