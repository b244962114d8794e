import { describe, expect, it } from 'vitest';
import { FeatureVector } from './linear.js';
import { questionFeatures } from './question-features.js';
import { QUESTION_MODEL_VERSION, questionScore } from './question.js';
import { tokenize } from './tokenize.js';

const shape = (text: string) => questionFeatures(tokenize(text), 0xffff, new FeatureVector()).shape;

describe(questionFeatures.name, () => {
  it('reads the opening of the sentence that holds the "?", after @handles and greetings', () => {
    expect(shape('@jk_rowling Hi! did you base Voldemort on anyone?')).toMatchObject({
      questionMark: true,
      opening: 'aux',
    });
    expect(shape('I loved it. What camera do you use?')).toMatchObject({ questionMark: true, opening: 'wh' });
    expect(shape('PEACEFUL PROTEST? https://t.co/x')).toMatchObject({
      questionMark: true,
      opening: 'none',
      plain: false,
    });
  });

  it('finds questions without "?" and tells them from exclamations', () => {
    expect(shape('wondering if this works on android')).toMatchObject({ indirect: true });
    expect(shape('is this beginner friendly')).toMatchObject({ clearOpening: true, plain: true });
    expect(shape('hey, how often should I do this')).toMatchObject({ clearOpening: true });
    expect(shape('@jk_rowling What a legend!').clearOpening).toBe(false);
    expect(shape('so are you').clearOpening).toBe(false);
    expect(shape('I went to the beach').opening).toBe('none');
  });
});

describe(questionScore.name, () => {
  it('puts questions above its decision point and statements below', () => {
    const score = (text: string) => questionScore(tokenize(text)).score;
    for (const q of ['@brand do you ship to Canada?', 'what app is this?', 'how did you learn this?'])
      expect(score(q)).toBeGreaterThan(0.5);
    for (const s of [
      'RT @news: mayor resigns http://t.co/x',
      'Love this so much',
      'I finished the book today.',
    ])
      expect(score(s)).toBeLessThan(0.5);
  });

  it('reports the committed model version', () => {
    expect(QUESTION_MODEL_VERSION).toBe('question.v1');
  });
});
