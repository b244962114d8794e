/**
 * Cues of excitement in a creator's post: the words, phrases and emoji people use when they are
 * hyped ("can't wait", "finally", "let's go", "just launched", 🔥🚀🎉), and, apart, the
 * superlatives that often go with it ("incredible", "insane").
 *
 * Each list feeds one shared feature of the emotion model (emotion-features.ts: `ec:hype`,
 * `ec:hype_weak`), whose weight is learned from GoEmotions like any other. Tying the members'
 * evidence together is the point: Reddit comments rarely use 🚀 or "just shipped", so those
 * could learn nothing alone, but "excited", "can't wait", "yay" and "omg" are frequent there,
 * and the shared weight carries what they teach to the rest of the list. In GoEmotions' train
 * split, a comment with a strong cue other than "excit…" is labelled excitement 7.7× as often
 * as the average comment (15 % vs 2 %); one with a superlative 3–4× as often.
 */

/** Words that are excitement cues unless negated ("not excited"); elongations are squashed first. */
export const HYPE_WORDS: ReadonlySet<string> = new Set([
  'excited',
  'exciting',
  'excitement',
  'thrilled',
  'thrilling',
  'stoked',
  'pumped',
  'hyped',
  'psyched',
  'ecstatic',
  'yay',
  'woohoo',
  'woo',
  'omg',
  'wow',
  'finally',
]);

/** Two-word phrases, by their first word (a hyphen may join them: "mind-blown"); never negated. */
export const HYPE_PHRASES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["can't", new Set(['wait', 'believe'])],
  ['cannot', new Set(['wait'])],
  ['cant', new Set(['wait'])],
  ["let's", new Set(['go'])],
  ['lets', new Set(['go'])],
  ['just', new Set(['launched', 'discovered', 'shipped', 'dropped', 'released'])],
  ['game', new Set(['changer'])],
  ['mind', new Set(['blown', 'blowing'])],
]);

/** Emoji of hype (without variation selectors). */
export const HYPE_EMOJI: ReadonlySet<string> = new Set([
  '🔥',
  '🚀',
  '🎉',
  '🤩',
  '🥳',
  '🙌',
  '⚡',
  '💥',
  '✨',
  '🎊',
]);

/** Superlatives: weaker cues, their own feature. */
export const HYPE_WEAK_WORDS: ReadonlySet<string> = new Set([
  'amazing',
  'incredible',
  'awesome',
  'insane',
  'epic',
  'unreal',
  'wild',
  'huge',
  'massive',
  'unbelievable',
  'fantastic',
]);

/** A feature's value counts its cues up to this many: a third "🔥" says nothing new. */
export const MAX_HYPE_COUNT = 2;
