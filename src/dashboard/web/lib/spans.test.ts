import { describe, expect, it } from 'vitest';
import { segmentText } from './spans.js';

const marked = (text: string, spans: Parameters<typeof segmentText>[1]) =>
  segmentText(text, spans)
    .map((s) => (s.marked ? `[${s.text}]` : s.text))
    .join('');

describe(segmentText.name, () => {
  it('marks spans and keeps the rest', () => {
    expect(marked('I discovered a secret', [{ start: 2, end: 12 }])).toBe('I [discovered] a secret');
  });

  it('merges overlapping and touching spans and accepts any order', () => {
    expect(
      marked('abcdefgh', [
        { start: 4, end: 6 },
        { start: 0, end: 2 },
        { start: 1, end: 3 },
        { start: 6, end: 7 },
      ]),
    ).toBe('[abc]d[efg]h');
  });

  it('clamps spans past the end and drops empty ones', () => {
    expect(
      marked('abc', [
        { start: 1, end: 99 },
        { start: 2, end: 2 },
      ]),
    ).toBe('a[bc]');
  });

  it('relocates a span whose offsets disagree with its text (code points vs UTF-16)', () => {
    // The server counted the emoji as one character: offsets 2–5 in code points are 3–6 in UTF-16.
    expect(marked('😀 how to win', [{ start: 2, end: 5, text: 'how' }])).toBe('😀 [how] to win');
  });

  it('picks the occurrence nearest the given offset', () => {
    expect(marked('stop. stop now', [{ start: 5, end: 9, text: 'stop' }])).toBe('stop. [stop] now');
  });

  it('drops a span whose text is not in the post', () => {
    expect(marked('hello', [{ start: 0, end: 3, text: 'xyz' }])).toBe('hello');
  });

  it('returns no segment for empty text', () => {
    expect(segmentText('', [{ start: 0, end: 1 }])).toEqual([]);
  });
});
