import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe(splitSentences.name, () => {
  it('splits on terminator runs and line breaks, keeping offsets', () => {
    const sut = splitSentences;
    const text = 'Stop. Read this twice!!\nWhy?! Because…  it works';
    const sentences = sut(text);
    expect(sentences.map((s) => s.text)).toEqual([
      'Stop.',
      'Read this twice!!',
      'Why?!',
      'Because…',
      'it works',
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('does not split after abbreviations, initials or inside decimals', () => {
    const sut = splitSentences;
    expect(sut('Dr. Smith met J. K. Rowling at 3.5 pm. It went well.').map((s) => s.text)).toEqual([
      'Dr. Smith met J. K. Rowling at 3.5 pm.',
      'It went well.',
    ]);
  });

  it('splits after CJK full stops without a space and drops punctuation-only pieces', () => {
    const sut = splitSentences;
    expect(sut('東京です。大阪です！\n...\n😍').map((s) => s.text)).toEqual([
      '東京です。',
      '大阪です！',
      '😍',
    ]);
  });

  it('keeps a closing quote with its sentence', () => {
    const sut = splitSentences;
    expect(sut('He said "stop." Then left.').map((s) => s.text)).toEqual(['He said "stop."', 'Then left.']);
  });

  it('runs in linear time on 100 KB of terminators followed by a letter', () => {
    const sut = splitSentences;
    for (let i = 0; i < 20; i++) sut('a. !\n'.repeat(200));
    for (const input of [
      '!'.repeat(100_000) + 'a',
      '. '.repeat(50_000),
      '\n'.repeat(100_000),
      'a. '.repeat(33_000),
    ]) {
      let ms = Infinity;
      for (let run = 0; run < 3; run++) {
        const t0 = performance.now();
        sut(input);
        ms = Math.min(ms, performance.now() - t0);
      }
      expect(ms).toBeLessThan(50);
    }
  });

  it('never throws and returns trimmed in-order slices (property)', () => {
    const sut = splitSentences;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        let last = 0;
        for (const sentence of sut(s)) {
          expect(sentence.start).toBeGreaterThanOrEqual(last);
          expect(s.slice(sentence.start, sentence.end)).toBe(sentence.text);
          expect(sentence.text).toBe(sentence.text.trim());
          last = sentence.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});
