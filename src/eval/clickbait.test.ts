import { describe, expect, it } from 'vitest';
import { clickbaitEvaluator as sut } from './clickbait.js';

describe('clickbaitEvaluator', () => {
  it('parses a dataset line', () => {
    expect(sut.parseRow({ text: 'Should I Get Bings', label: 'clickbait' }, 1)).toEqual({
      text: 'Should I Get Bings',
      clickbait: true,
    });
    expect(
      sut.parseRow({ text: 'France Approves Crackdown on Internet Piracy', label: 'news' }, 2).clickbait,
    ).toBe(false);
  });

  it('names the line and field of a bad row', () => {
    expect(() => sut.parseRow({ text: 3, label: 'news' }, 7)).toThrow('line 7: field "text"');
    expect(() => sut.parseRow({ text: 'x', label: 'spam' }, 8)).toThrow('line 8: field "label"');
    expect(() => sut.parseRow(null, 9)).toThrow('line 9');
  });

  it('computes accuracy and clickbait P/R/F1 over rows (excerpts of dev.jsonl)', () => {
    const rows = [
      { text: 'Which TV Female Friend Group Do You Belong In', clickbait: true },
      { text: '17 Things Only Introverts Will Understand', clickbait: true },
      { text: 'Former US President Gerald Ford hospitalized with pneumonia', clickbait: false },
      // a hook deliberately labelled news: the one error, a false positive
      { text: "You Won't Believe What This Dog Did Next", clickbait: false },
    ];
    const figures = sut.evaluate(rows);
    expect(figures['n']).toBe(4);
    expect(figures['accuracy']).toBe(0.75);
    expect(figures['precision']).toBeCloseTo(2 / 3, 10);
    expect(figures['recall']).toBe(1);
    expect(figures['f1']).toBeCloseTo(0.8, 10);
    expect(figures['roc_auc']).toBeLessThan(1);
  });

  it('reaches ROC-AUC 1 when the headlines are unambiguous', () => {
    const figures = sut.evaluate([
      { text: '21 Pictures That Will Make You Feel Old', clickbait: true },
      { text: 'New law to help asbestos sufferers in Victoria, Australia', clickbait: false },
    ]);
    expect(figures['roc_auc']).toBe(1);
    expect(figures['accuracy']).toBe(1);
  });
});
