import { fnv1a } from '../nlp/linear.js';

/**
 * Deterministic hash split shared by the trainers (scripts/) and `eval`: an example goes to the
 * held-out part when fnv1a(salt + key) mod 10 000 < heldOutFraction·10 000. It depends only on
 * the example's key, so adding or reordering rows never moves another row between parts, and
 * `eval` can report a figure on exactly the rows a trainer never saw.
 */
export function isHeldOut(key: string, heldOutFraction: number, salt = 'split-v1:'): boolean {
  return fnv1a(salt + key) % 10_000 < heldOutFraction * 10_000;
}

/** The split key of a comment's text: trimmed and lower-cased, so duplicates stay together. */
export function textSplitKey(text: string): string {
  return text.trim().toLowerCase();
}

/** Share of youtube-spam/dev.jsonl and tweet-acts/dev.jsonl held out from training. */
export const HELD_OUT_FRACTION = 0.2;
