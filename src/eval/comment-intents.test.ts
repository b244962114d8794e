import { describe, expect, it } from 'vitest';
import {
  evaluateIntents,
  formatIntentEvaluation,
  simulatorCorpus,
  type LabelledComment,
} from './comment-intents.js';
import { createAnalyzer } from '../comments/intents.js';
import type { Intent } from '../comments/schemas.js';

const ZERO: Record<Intent, number> = {
  purchase_intent: 0,
  question: 0,
  praise: 0,
  complaint: 0,
  spam: 0,
  other: 0,
};

// Predicts question for anything with "?", praise otherwise.
const sut = createAnalyzer(
  (text) => {
    const intent: Intent = text.includes('?') ? 'question' : 'praise';
    return { intent, scores: { ...ZERO, [intent]: 1 }, lead_score: 0, model_version: 'toy' };
  },
  () => 0,
);

describe(evaluateIntents.name, () => {
  it("files the creator's own replies as other, as the pipeline does", () => {
    const rows: LabelledComment[] = [
      { text: 'thanks so much', label: 'other', creator: true },
      { text: 'thanks so much', label: 'praise' },
    ];
    const e = evaluateIntents(rows, sut);
    expect(e.accuracy).toBe(1);
    expect(e.confusion.other.other).toBe(1);
    expect(e.confusion.praise.praise).toBe(1);
  });

  it('computes per-class precision, recall and the confusion matrix', () => {
    const rows: LabelledComment[] = [
      { text: 'how?', label: 'question' },
      { text: 'where?', label: 'question' },
      { text: 'price?', label: 'purchase_intent' },
      { text: 'great', label: 'praise' },
      { text: 'meh', label: 'complaint' },
    ];
    const e = evaluateIntents(rows, sut);
    expect(e.n).toBe(5);
    expect(e.accuracy).toBeCloseTo(3 / 5, 12);
    // question: tp 2, fp 1 (price?), fn 0 → P 2/3, R 1; praise: tp 1, fp 1 (meh) → P 1/2, R 1.
    expect(e.per_class.question).toMatchObject({ precision: 2 / 3, recall: 1, support: 2 });
    expect(e.per_class.praise).toMatchObject({ precision: 1 / 2, recall: 1, support: 1 });
    expect(e.per_class.purchase_intent).toMatchObject({ precision: 0, recall: 0, support: 1 });
    expect(e.confusion.purchase_intent.question).toBe(1);
    expect(e.confusion.complaint.praise).toBe(1);
    expect(e.model_version).toBe('toy');
    expect(formatIntentEvaluation(e)).toContain('question             0.667     1.000     0.800         2');
  });
});

describe(simulatorCorpus.name, () => {
  it('is deterministic for a seed and carries every label', () => {
    const a = simulatorCorpus({ hours: 2, maxComments: 3000 });
    const b = simulatorCorpus({ hours: 2, maxComments: 3000 });
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(500);
    expect(new Set(a.map((r) => r.label))).toEqual(
      new Set(['purchase_intent', 'question', 'praise', 'complaint', 'spam', 'other']),
    );
  });
});
