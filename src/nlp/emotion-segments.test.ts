import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_INPUTS, bestCpuMs } from '../../test/helpers/cpu-time.js';
import { groupSentences, MAX_SEGMENTS, segmentText, threadParts } from './emotion-segments.js';
import { splitSentences } from './sentences.js';

describe(threadParts.name, () => {
  it('cuts at lines opening with consecutive part markers, text before "1/" joining part 1', () => {
    const text = 'A thread 🧵\n1/ First.\n(2/3) Second.\n3/3 Third!';
    expect(threadParts(text)?.map((p) => p.text)).toEqual([
      'A thread 🧵\n1/ First.',
      '(2/3) Second.',
      '3/3 Third!',
    ]);
    expect(threadParts('1/n Start\n2/n Go on')?.map((p) => p.text)).toEqual(['1/n Start', '2/n Go on']);
  });

  it('is null for fractions, dates, out-of-order numbers and single parts', () => {
    expect(threadParts('1/2 cup flour\n1/4 cup sugar')).toBeNull();
    expect(threadParts('1/2cup\n2/3cup')).toBeNull();
    expect(threadParts('12/05/2024 was a day\n2/ no')).toBeNull();
    expect(threadParts('1/05/2024 was a day\n2/ later')).toBeNull();
    expect(threadParts('2/ Second\n3/ Third')).toBeNull();
    expect(threadParts('1/ Only one part')).toBeNull();
    expect(threadParts('No markers here. At all.')).toBeNull();
  });
});

describe(groupSentences.name, () => {
  it('keeps sentences as they are up to the maximum, then groups them evenly in order', () => {
    const text = Array.from({ length: 7 }, (_, i) => `S${i}.`).join(' ');
    const sentences = splitSentences(text);
    expect(groupSentences(text, sentences, 10)).toHaveLength(7);
    const sut = groupSentences(text, sentences, 3);
    expect(sut.map((s) => s.text)).toEqual(['S0. S1. S2.', 'S3. S4.', 'S5. S6.']);
  });
});

describe(segmentText.name, () => {
  it('uses thread parts when there are any, else sentences, and never more than MAX_SEGMENTS', () => {
    expect(segmentText('1/ a b\n2/ c d').segmentation).toBe('thread_parts');
    expect(segmentText('One. Two.').segmentation).toBe('sentences');
    expect(segmentText('x. '.repeat(1000)).segments).toHaveLength(MAX_SEGMENTS);
  });

  it('never throws on random Unicode; every segment is a slice of the text, in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const sut = segmentText(text);
        let last = 0;
        for (const s of sut.segments) {
          expect(text.slice(s.start, s.end)).toBe(s.text);
          expect(s.start).toBeGreaterThanOrEqual(last);
          last = s.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('runs in linear time on 100 KB adversarial inputs', () => {
    const inputs = {
      ...ADVERSARIAL_INPUTS,
      parts: '1/ a\n'.repeat(20_000),
      counting: '1/\n2/\n3/\n'.repeat(11_000),
    };
    for (const [name, input] of Object.entries(inputs)) {
      const small = bestCpuMs(() => segmentText(input.slice(0, 10_000)));
      const large = bestCpuMs(() => segmentText(input));
      expect(large, name).toBeLessThan(Math.max(30, small * 25));
    }
  });
});
