import { describe, expect, it } from 'vitest';
import { contextOf } from './text-context.js';

describe(contextOf.name, () => {
  it('places tokens in sentences and non-empty lines, marking sentence and line starts', () => {
    const sut = contextOf('🚀 Big news. It works!\n\n\n  Next line');
    expect(sut.tokens.map((t) => t.text)).toEqual([
      '🚀',
      'Big',
      'news',
      '.',
      'It',
      'works',
      '!',
      'Next',
      'line',
    ]);
    expect(sut.sentenceOf).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2]);
    expect(sut.lineOf).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1]);
    // the emoji does not start the sentence: its first word does
    expect(sut.sentenceStart).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect(sut.lineStart).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(sut.lineCount).toBe(2);
  });

  it('has no lines for text without tokens', () => {
    expect(contextOf(' \n \n').lineCount).toBe(0);
  });
});
