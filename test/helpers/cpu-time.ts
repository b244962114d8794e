/**
 * CPU milliseconds `fn` takes, best of `runs` (after one warm-up run). CPU time rather than
 * wall time because the test machine is shared: a busy neighbour stretches wall time but not
 * the work this process does.
 */
export function bestCpuMs(fn: () => unknown, runs = 3): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** 100 KB adversarial inputs for linear-time checks of text functions (SPEC §8). */
export const ADVERSARIAL_INPUTS: Record<string, string> = {
  letters: 'a'.repeat(100_000),
  spaces: ' '.repeat(100_000),
  punctuation: '!?.,:;'.repeat(16_667),
  emoji: '🔥'.repeat(50_000),
  was: 'was '.repeat(25_000),
  'i was': 'i was '.repeat(16_667),
  numbers: '1 '.repeat(50_000),
  'years ago': '2 years ago '.repeat(8_000),
  slashes: '1/'.repeat(50_000),
  newlines: 'a\n'.repeat(50_000),
  questions: 'why? '.repeat(20_000),
  cues: 'Only 5 spots left! '.repeat(5_000),
  '(thread)': '(thread) '.repeat(11_000),
  you: 'you '.repeat(25_000),
  dashes: '- '.repeat(50_000),
  'numbered lines': '1. a\n'.repeat(20_000),
  hashtags: '#a '.repeat(33_000),
};
