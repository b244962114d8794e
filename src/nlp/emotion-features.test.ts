import { describe, expect, it } from 'vitest';
import { emotionFeatures, emotionTerm } from './emotion-features.js';
import { fnv1a, FeatureVector } from './linear.js';
import { tokenize } from './tokenize.js';

const MASK = 2 ** 20 - 1;

function vector(text: string): Map<number, number> {
  const fv = emotionFeatures(tokenize(text), MASK, new FeatureVector());
  const out = new Map<number, number>();
  for (let i = 0; i < fv.size; i++) out.set(fv.idx[i]!, (out.get(fv.idx[i]!) ?? 0) + fv.val[i]!);
  return out;
}

const unigram = (term: string): number => fnv1a(term, fnv1a('eu:')) & MASK;
const negatedUnigram = (term: string): number => fnv1a(term, fnv1a('en:')) & MASK;
const cue = (name: string): number => fnv1a(name, fnv1a('ec:')) & MASK;

describe(emotionTerm.name, () => {
  it('resolves elongations, strips emoji variants and uses placeholders', () => {
    const sut = emotionTerm;
    const terms = tokenize('Sooo #Blessed 👍🏽 ❤️ 42 @bob https://x.io !!!! ?!?').map(sut);
    expect(terms).toEqual(['so', 'blessed', '👍', '❤', '<num>', '<mention>', '<url>', '!!', '?!']);
  });

  it('prefers the dictionary spelling of an elongated word: two letters, else one', () => {
    const sut = emotionTerm;
    expect(tokenize('goooood happyyyy coooool zzzzxq').map(sut)).toEqual(['good', 'happy', 'cool', 'zzxq']);
  });
});

describe(emotionFeatures.name, () => {
  it('turns a negated word into its NOT_ feature', () => {
    const plain = vector('I am happy');
    const negated = vector('I am not happy');
    expect(plain.get(unigram('happy'))).toBe(1);
    expect(negated.has(unigram('happy'))).toBe(false);
    expect(negated.get(negatedUnigram('happy'))).toBe(1);
  });

  it('closes the negation scope at punctuation', () => {
    const v = vector('not now. happy');
    expect(v.get(unigram('happy'))).toBe(1);
  });

  it('scales the word after a booster ×1.5 and after a dampener ×0.5, with no feature for the booster', () => {
    expect(vector('so happy').get(unigram('happy'))).toBe(1.5);
    expect(vector('kinda happy').get(unigram('happy'))).toBe(0.5);
    expect(vector('so happy').has(unigram('so'))).toBe(false);
  });

  it('emphasises a lone ALL CAPS or elongated word ×1.5', () => {
    expect(vector('I am HAPPY').get(unigram('happy'))).toBe(1.5);
    expect(vector('I am happyyy').get(unigram('happy'))).toBe(1.5);
    // all-caps text is shouting (a cue), not emphasis of each word
    expect(vector('I AM HAPPY').get(unigram('happy'))).toBe(1);
  });

  it('adds the emojilib keywords of an emoji with unit total weight', () => {
    // 😡: angry, mad, hate, despise, enraged, grumpy, pout, rage (first eight plain words)
    const v = vector('😡');
    expect(v.get(unigram('😡'))).toBe(1);
    expect(v.get(unigram('angry'))).toBeCloseTo(1 / Math.sqrt(8), 6);
    expect(v.get(unigram('rage'))).toBeCloseTo(1 / Math.sqrt(8), 6);
    expect(v.has(unigram('red'))).toBe(false);
  });

  it('counts excitement cues into one shared feature, up to two: words, phrases and emoji', () => {
    const hype = cue('hype');
    expect(vector('I am excited').get(hype)).toBe(1);
    expect(vector("Can't wait!").get(hype)).toBe(1);
    expect(vector('Cannot wait, finally!').get(hype)).toBe(2);
    expect(vector('We just launched 🚀🚀🔥').get(hype)).toBe(2);
    expect(vector('my mind-blown moment').get(hype)).toBe(1);
    expect(vector('woohoooo').get(hype)).toBe(1);
    expect(vector('The bus is late.').has(hype)).toBe(false);
  });

  it('does not count a negated excitement word, and counts superlatives apart', () => {
    expect(vector('I am not excited').has(cue('hype'))).toBe(false);
    expect(vector('an incredible library').get(cue('hype_weak'))).toBe(1);
    expect(vector('an incredible library').has(cue('hype'))).toBe(false);
  });

  it('is deterministic and linear in the input', () => {
    const text = 'not so happy!!! 😡 '.repeat(1000);
    expect([...vector(text)]).toEqual([...vector(text)]);
    const fv = emotionFeatures(tokenize(text), MASK, new FeatureVector());
    // per repeat: not, so, happy, !!!, 😡 minus the booster → 4 unigrams + 4 bigrams, plus 8
    // emojilib keywords of 😡; then the end-of-text bigram and the "!" and emoji cues
    expect(fv.size).toBe(1000 * 16 + 1 + 2);
  });
});
