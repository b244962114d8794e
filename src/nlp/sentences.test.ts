import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';
import { adversarial } from '../../test/helpers/linear-time.js';

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

  it('splits a megabyte of terminators followed by a letter (linear: a quadratic scan would time out)', () => {
    const sut = splitSentences;
    // no terminator without a letter before it ends a sentence: one piece, up to the letter
    const bang = sut(adversarial('!') + 'a');
    expect(bang.length).toBe(1);
    expect(bang[0]!.text.endsWith('!a')).toBe(true);
    expect(sut(adversarial('. '))).toEqual([]);
    expect(sut(adversarial('\n'))).toEqual([]);
    expect(sut(adversarial('a. ')).length).toBeGreaterThan(1000);
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
