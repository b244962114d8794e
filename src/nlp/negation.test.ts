import { describe, expect, it } from 'vitest';
import { boosterValue, isNegator, markNegated, resolveElongation, squashElongation } from './negation.js';
import { tokenize } from './tokenize.js';

describe(isNegator.name, () => {
  it("knows VADER's negators and any n't contraction", () => {
    const sut = isNegator;
    expect(['not', 'never', 'without', "don't", "shouldn't", "mightn't"].every(sut)).toBe(true);
    expect(['no', 'nothing', 'good', "n't"].map(sut)).toEqual([false, true, false, false]);
  });
});

describe(boosterValue.name, () => {
  it('returns +0.293 for boosters, −0.293 for dampeners, also when elongated', () => {
    const sut = boosterValue;
    expect(sut('very')).toBe(0.293);
    expect(sut('sooo')).toBe(0.293);
    expect(sut('reallyyy')).toBe(0.293);
    expect(sut('kinda')).toBe(-0.293);
    expect(sut('happy')).toBe(0);
  });
});

describe(squashElongation.name, () => {
  it('collapses runs of three or more letters to two and leaves the rest alone', () => {
    const sut = squashElongation;
    expect(sut('goooood')).toBe('good');
    expect(sut('book')).toBe('book');
  });
});

describe(resolveElongation.name, () => {
  it('picks the known spelling: two letters first, then one', () => {
    const sut = resolveElongation;
    const known = new Set(['good', 'happy', 'so']);
    expect(sut('goooood', (w) => known.has(w))).toBe('good');
    expect(sut('happyyy', (w) => known.has(w))).toBe('happy');
    expect(sut('sooo', (w) => known.has(w))).toBe('so');
    expect(sut('blahhh', (w) => known.has(w))).toBe('blahh');
  });
});

describe(markNegated.name, () => {
  it('marks up to three words after a negator, stopping at clause punctuation and "but"', () => {
    const sut = markNegated;
    const tokens = tokenize("I don't really like it at all, but fine. Not now");
    const marked = sut(tokens, new Uint8Array(tokens.length));
    const negatedWords = tokens.filter((_, i) => marked[i] === 1).map((t) => t.norm);
    expect(negatedWords).toEqual(['really', 'like', 'it', 'now']);
  });
});
