import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLinearModel } from '../../src/nlp/linear.js';
import { trainQuestion } from '../../scripts/train-question.js';

const QUESTIONS = [
  '@jk_rowling did you base Voldemort on anyone?',
  'what app do you use?',
  '@brand any chance you restock this',
  'Hi! how long does shipping take?',
  'wondering if this works on android',
  'Is it vegan?',
];
const OTHER = [
  'RT @news: mayor resigns http://t.co/x2',
  'Love this so much',
  'PEACEFUL PROTEST? http://t.co/abc',
  'I finished the book today.',
  'Great match!',
  'This is the best thread',
];

describe(trainQuestion.name, () => {
  it('writes the same bytes on every run, with its threshold folded into the bias', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-question-'));
    mkdirSync(join(dir, 'tweet-acts'));
    const rows: string[] = [];
    for (let k = 0; k < 4; k++) {
      QUESTIONS.forEach((t, i) =>
        rows.push(
          JSON.stringify({
            id: `q${k}-${i}`,
            text: `${t} ${k}`,
            label: 'question',
            source_label: 'QUE',
            reply: false,
          }),
        ),
      );
      OTHER.forEach((t, i) =>
        rows.push(
          JSON.stringify({
            id: `o${k}-${i}`,
            text: `${t} ${k}`,
            label: 'not_question',
            source_label: 'EXP',
            reply: false,
          }),
        ),
      );
    }
    writeFileSync(join(dir, 'tweet-acts/dev.jsonl'), `${rows.join('\n')}\n`);
    const sut = trainQuestion(dir);
    expect(trainQuestion(dir)).toBe(sut);
    const model = loadLinearModel(JSON.parse(sut));
    expect(model.version).toBe('question.v1');
    expect(model.outputs).toEqual(['question']);
    expect(JSON.parse(sut).metrics.threshold_folded).toBeGreaterThanOrEqual(0.2);
  });
});
