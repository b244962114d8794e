/**
 * The simulator's stand-in for "how well is this post built to spread", in 0..1. The pattern
 * engine's `pattern_strength` replaces it when the app wires one in (`virality` option of the
 * simulator); this heuristic only has to rank obviously hooked posts above flat ones, and it
 * must stay deterministic because the simulation's reproducibility depends on it.
 */
export type ViralityFn = (content: string) => number;

const HOOK_WORDS =
  /\b(?:unpopular opinion|nobody (?:tells|talks)|stop|mistakes?|secret|truth|i was|years? ago|how i|here is how|here's how|why)\b/i;
const STRONG_WORDS =
  /\b(?:love|hate|obsessed|insane|scared|ashamed|embarrassed|finally|seriously|wrong|best)\b/i;
const THREAD = /🧵|(?:^|\s)1\/|\(thread\)|\bthread:/iu;
const CTA = /\b(?:[Cc]omment|[Rr]eply|[Dd]rop)\s+["“']?[A-Z]{3,12}\b/;
const EMOJI = /\p{Extended_Pictographic}/u;
const LIST_LINE = /^\s*(?:\d+[/.)]|[-•*])\s/;

export function defaultVirality(content: string): number {
  const lines = content.split('\n');
  const first = lines[0] ?? '';
  const words = content.split(/\s+/).filter((w) => w.length > 0).length;
  let score = 0.12;
  if (first.trim().endsWith('?')) score += 0.1;
  if (/\d/.test(first)) score += 0.12;
  if (HOOK_WORDS.test(first)) score += 0.15;
  if (STRONG_WORDS.test(content)) score += 0.07;
  if (EMOJI.test(content)) score += 0.04;
  if (THREAD.test(content)) score += 0.08;
  if (CTA.test(content)) score += 0.05;
  if (lines.filter((l) => LIST_LINE.test(l)).length >= 3) score += 0.08;
  if (words >= 20 && words <= 120) score += 0.1;
  if (words < 8) score -= 0.08;
  return Math.min(0.98, Math.max(0.02, score));
}
