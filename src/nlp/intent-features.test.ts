import { describe, expect, it } from 'vitest';
import { FeatureVector, cueHash } from './linear.js';
import { INTENT_MAX_TOKENS, intentFeatures, intentTokens } from './intent-features.js';
import { tokenize } from './tokenize.js';

const MASK = 0xffffff;

function cueValues(text: string): Map<number, number> {
  const fv = intentFeatures(tokenize(text), MASK, new FeatureVector());
  const out = new Map<number, number>();
  for (let i = 0; i < fv.size; i++) out.set(fv.idx[i]!, (out.get(fv.idx[i]!) ?? 0) + fv.val[i]!);
  return out;
}

const cue = (name: string) => cueHash(`intent:${name}`) & MASK;

describe(intentFeatures.name, () => {
  it('marks a question by its mark, its end and its opening word', () => {
    const sut = cueValues('How much? asking for a friend');
    expect(sut.get(cue('question_mark'))).toBe(1);
    expect(sut.get(cue('question_end'))).toBeUndefined();
    expect(sut.get(cue('question_open'))).toBe(1);
    expect(cueValues('you did this?').get(cue('question_end'))).toBe(1);
  });

  it('reads the opening word from the shared question-opener list', () => {
    expect(cueValues('have you tried the blue one').get(cue('question_open'))).toBe(1);
    expect(cueValues('were the seats comfy').get(cue('question_open'))).toBe(1);
    expect(cueValues('anyone tried the blue one').get(cue('question_open'))).toBeUndefined();
    expect(cueValues('great video').get(cue('question_open'))).toBeUndefined();
  });

  it('counts emoji up to 3 and notes exclamations', () => {
    const sut = cueValues('wow!! 🔥🔥🔥🔥');
    expect(sut.get(cue('emoji'))).toBe(3);
    expect(sut.get(cue('exclamation'))).toBe(1);
  });

  it('emits nothing for empty input', () => {
    expect(intentFeatures([], MASK, new FeatureVector()).size).toBe(0);
  });
});

describe(intentTokens.name, () => {
  it('keeps the first INTENT_MAX_TOKENS tokens', () => {
    expect(intentTokens(tokenize('a '.repeat(200)))).toHaveLength(INTENT_MAX_TOKENS);
    const short = tokenize('a b');
    expect(intentTokens(short)).toBe(short);
  });
});
