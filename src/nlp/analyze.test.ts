import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.js';
import { emotions } from './emotions.js';
import { sentiment } from './sentiment.js';
import { splitSentences } from './sentences.js';
import { tokenize, type Token } from './tokenize.js';

describe(analyzeText.name, () => {
  it('returns the same tokens, sentences, sentiment and emotions as the separate calls', () => {
    const sut = analyzeText;
    const text = "I went from 0 to 10k in 90 days 🚀\nHere's what changed. It's sooo simple!!!";
    const r = sut(text);
    // memos aside: what stages have cached on them depends on what ran before
    const fields = ({ text, norm, kind, start, end }: Token) => ({ text, norm, kind, start, end });
    expect(r.tokens.map(fields)).toEqual(tokenize(text).map(fields));
    expect(r.sentences.map((s) => s.text)).toEqual([
      'I went from 0 to 10k in 90 days 🚀',
      "Here's what changed.",
      "It's sooo simple!!!",
    ]);
    expect(r.sentences).toEqual(splitSentences(text));
    expect(r.sentiment).toEqual(sentiment(text));
    expect(r.emotions).toEqual(emotions(text));
  });

  it('handles empty text', () => {
    const sut = analyzeText;
    const r = sut('');
    expect(r.tokens).toEqual([]);
    expect(r.sentences).toEqual([]);
    expect(r.sentiment.compound).toBe(0);
    expect(r.emotions.neutral).toBeGreaterThan(r.emotions.anger);
  });
});
