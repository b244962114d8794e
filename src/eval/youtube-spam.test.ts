import { describe, expect, it } from 'vitest';
import { youtubeSpamEvaluator as sut } from './youtube-spam.js';

describe('youtubeSpamEvaluator', () => {
  it('parses a dataset line and decodes its HTML entities', () => {
    const row = sut.parseRow(
      {
        id: 'x',
        video: 'psy',
        author: 'a',
        date: '2013-11-07',
        text: 'I&#39;m only checking the views',
        label: 'ham',
      },
      1,
    );
    expect(row).toEqual({ video: 'psy', text: "I'm only checking the views", spam: false });
  });

  it('names the line and field of a bad row', () => {
    expect(() => sut.parseRow({ text: 'x', label: 'maybe' }, 4)).toThrow('line 4: field "label"');
    expect(() => sut.parseRow({ label: 'spam' }, 5)).toThrow('line 5: field "text"');
  });

  it('computes spam precision, recall and F1 over rows (excerpts of dev.jsonl)', () => {
    const rows = [
      { video: 'psy', text: 'Hey guys check out my new channel and please subscribe!!!', spam: true },
      { video: 'psy', text: 'Sub my channel!', spam: true },
      { video: 'psy', text: "I'm only checking the views", spam: false },
      { video: 'psy', text: 'Came here to check the views, goodbye.', spam: false },
      // labelled spam in the collection but reads as a fan comment: the one miss
      { video: 'lmfao', text: 'I love this song so much', spam: true },
    ];
    const figures = sut.evaluate(rows);
    expect(figures['n']).toBe(5);
    expect(figures['precision']).toBe(1);
    expect(figures['recall']).toBeCloseTo(2 / 3, 10);
    expect(figures['f1']).toBeCloseTo(0.8, 10);
    expect(figures['accuracy']).toBe(0.8);
  });
});
