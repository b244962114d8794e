import { describe, expect, it } from 'vitest';
import { goEmotionsIntentsEvaluator as sut } from './goemotions-intents.js';

describe('goEmotionsIntentsEvaluator', () => {
  it('scores question, praise and complaint through the emotion mapping (excerpts of dev.jsonl)', () => {
    const rows = [
      {
        id: 'a',
        text: 'Is this in New Orleans?? I really feel like this is New Orleans.',
        labels: ['neutral'],
      },
      { id: 'b', text: 'Thank you so much, this was really helpful!', labels: ['gratitude'] },
      {
        id: 'c',
        text: 'This is the worst customer service, I want a refund',
        labels: ['annoyance', 'anger'],
      },
      { id: 'd', text: 'Cool, Ill check it out. Thanks', labels: ['gratitude'] },
    ];
    const figures = sut.evaluate(rows);
    expect(figures['n']).toBe(4);
    expect(figures['praise_recall']).toBe(1);
    expect(figures['complaint_precision']).toBe(1);
    expect(figures['complaint_recall']).toBe(1);
    expect(figures['spam_fpr']).toBe(0); // "check it out" is no plug
    expect(figures['question_precision']).toBe(0); // the one question is labelled neutral
  });
});
