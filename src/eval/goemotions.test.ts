import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultDatasetsDir } from './run.js';
import { describe, expect, it } from 'vitest';
import { parseGoEmotionsRow } from './goemotions-row.js';
import { ekmanTruth, evaluateGoEmotions, goEmotionsEvaluator } from './goemotions.js';

// The first 500 comments of the development file (never used for training or tuning).
const DEV = join(defaultDatasetsDir(), 'goemotions/dev.jsonl');
const excerpt = readFileSync(DEV, 'utf8')
  .split('\n')
  .slice(0, 500)
  .map((line) => parseGoEmotionsRow(JSON.parse(line)));

describe(ekmanTruth.name, () => {
  it('groups GoEmotions labels into Ekman classes without duplicates', () => {
    const sut = ekmanTruth;
    expect(sut({ id: 'x', text: '', labels: ['annoyance', 'anger', 'curiosity'] }).sort()).toEqual([
      'anger',
      'surprise',
    ]);
    expect(sut({ id: 'x', text: '', labels: ['excitement'] })).toEqual(['joy']);
  });
});

describe(evaluateGoEmotions.name, () => {
  it('reaches Ekman macro-F1 ≥ 0.50 on a 500-comment dev excerpt with the committed model', () => {
    const sut = evaluateGoEmotions;
    const m = sut(excerpt);
    expect(m['rows']).toBe(500);
    expect(m['ekman_macro_f1']).toBeGreaterThanOrEqual(0.5);
    expect(m['f1_joy']).toBeGreaterThan(0.6);
  });

  it('scores a perfect prediction 1 and cites the paper', () => {
    const rows = [
      { id: '1', text: 'I love you so much, thank you!', labels: ['love', 'gratitude'] },
      { id: '2', text: 'I hate this, it makes me so angry', labels: ['anger'] },
    ];
    const m = evaluateGoEmotions(rows);
    // joy and anger are predicted correctly; the five absent classes have F1 0
    expect(m['f1_joy']).toBe(1);
    expect(m['f1_anger']).toBe(1);
    expect(m['ekman_macro_f1']).toBeCloseTo(2 / 7, 9);
    expect(goEmotionsEvaluator.references[0]?.value).toBe(0.64);
  });
});
