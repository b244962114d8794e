import { describe, expect, it } from 'vitest';
import { PhraseIndex, phraseEntries } from './phrases.js';
import { tokenize } from './tokenize.js';

function matches<T>(index: PhraseIndex<T>, text: string): T[] {
  const tokens = tokenize(text);
  const out: T[] = [];
  tokens.forEach((_, i) => index.forEachAt(tokens, i, (v) => out.push(v)));
  return out;
}

describe(PhraseIndex.name, () => {
  it('matches multi-word phrases case-insensitively at every position', () => {
    const sut = new PhraseIndex([
      ['how much', 'price'],
      ['take my money', 'buy'],
      ['much', 'amount'],
    ]);
    expect(matches(sut, 'How MUCH? just take my money')).toEqual(['price', 'amount', 'buy']);
    expect(matches(sut, 'take my time')).toEqual([]);
  });

  it('does not match a phrase cut off by the end of the text', () => {
    const sut = new PhraseIndex([['where can i buy', 1]]);
    expect(matches(sut, 'where can i')).toEqual([]);
  });

  it('tokenises phrases like text, so punctuation and emoji phrases work', () => {
    const sut = new PhraseIndex([
      ['link?', 'link-question'],
      ['❤️', 'heart'],
    ]);
    expect(matches(sut, 'link ? pls')).toEqual(['link-question']);
    // with and without the variation selector U+FE0F
    expect(matches(sut, 'so good ❤️ ❤')).toEqual(['heart', 'heart']);
  });

  it('rejects an empty phrase', () => {
    expect(() => new PhraseIndex([['  ', 0]])).toThrow('empty cue phrase');
  });
});

describe(phraseEntries.name, () => {
  it('maps every phrase of a group to the group value', () => {
    expect(phraseEntries({ a: ['x', 'y'], b: ['z'] }, (cue) => cue.toUpperCase())).toEqual([
      ['x', 'A'],
      ['y', 'A'],
      ['z', 'B'],
    ]);
  });
});
