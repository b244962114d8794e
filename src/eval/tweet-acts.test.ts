import { describe, expect, it } from 'vitest';
import { tweetActsEvaluator as sut } from './tweet-acts.js';

describe('tweetActsEvaluator', () => {
  it('parses a dataset line', () => {
    expect(
      sut.parseRow(
        { id: 'tac-9', text: '@jk_rowling is it true?', label: 'question', source_label: 'QUE', reply: true },
        1,
      ),
    ).toEqual({ id: 'tac-9', text: '@jk_rowling is it true?', question: true, act: 'QUE' });
  });

  it('names the field of a bad row', () => {
    expect(() => sut.parseRow({ id: 'x', text: 'hi', label: 'maybe' }, 3)).toThrow('field "label"');
    expect(() => sut.parseRow({ id: 'x', label: 'question' }, 3)).toThrow('field "text"');
  });

  it('scores the question intent one-vs-rest and counts spam labels as false positives (excerpts of dev.jsonl)', () => {
    const rows = [
      { id: '1', text: '@jk_rowling does Harry still speak parseltongue?', question: true, act: 'QUE' },
      {
        id: '2',
        text: '@GreatDismal have you seen his wonderful sheep video? https://t.co/jgQl2eTq9d',
        question: true,
        act: 'QUE',
      },
      {
        id: '3',
        text: 'RT @stevesilberman: If you missed it: Sick burn. http://t.co/wFmCbB0dBl',
        question: false,
        act: 'EXP',
      },
      { id: '4', text: '@jk_rowling Look what I drew! http://t.co/cqETEziRgf', question: false, act: 'EXP' },
    ];
    const figures = sut.evaluate(rows);
    expect(figures['n']).toBe(4);
    expect(figures['questions']).toBe(2);
    expect(figures['question_precision']).toBe(1);
    expect(figures['question_recall']).toBe(1);
    // spam.v1 called the retweet and the drawing spam; neither is
    expect(figures['spam_fpr']).toBe(0);
    expect(figures['spam_model_fpr']).toBe(0);
  });
});
