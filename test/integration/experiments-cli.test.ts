import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** `threads-agent experiment simulate` as a creator runs it: composer drafts on the default simulator. */
describe('threads-agent experiment simulate', { timeout: 120_000 }, () => {
  const args = ['experiment', 'simulate', '--arms', '3', '--posts', '40', '--runs', '4', '--seed', '7'];

  it('prints the summary as JSON, the same for the same seed', async () => {
    const [first, again] = await Promise.all([runCli([...args, '--json']), runCli([...args, '--json'])]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(again.stdout).toBe(first.stdout);
    const summary = JSON.parse(first.stdout) as Record<string, number> & { settings: unknown };
    expect(summary.settings).toEqual({
      arms: 3,
      posts: 40,
      runs: 4,
      seed: 7,
      reward_age_hours: 24,
      slot_hours: 8,
    });
    expect(summary.best_found_share! + summary.wrong_winner_share! + summary.inconclusive_share!).toBeCloseTo(
      1,
      12,
    );
    expect(summary.mean_posts_to_decision).toBeGreaterThanOrEqual(9); // three warm-up posts per arm
    expect(summary.mean_posts_to_decision).toBeLessThanOrEqual(40);
    // the composer's drafts differ in how well they are built to spread, so arms differ: some regret to avoid
    expect(summary.mean_uniform_regret).toBeGreaterThan(0);
    expect(summary.regret_ratio).toBeLessThan(1);
  });

  it('prints a readable summary without --json', async () => {
    const out = await runCli(args);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(
      /^4 experiments of 3 arms, max 40 posts, a slot every 8 h, reward at 24 h \(seed 7\)\n/,
    );
    expect(out.stdout).toMatch(/truly best arm declared winner +\d+\.\d %/);
    expect(out.stdout).toMatch(/regret vs uniform allocation +\d+\.\d %/);
  });

  it('refuses an experiment of one arm with the reason', async () => {
    const out = await runCli(['experiment', 'simulate', '--arms', '1', '--json']);
    expect(out.code).not.toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('--arms must be an integer in [2, 14], got "1"');
  });
});
