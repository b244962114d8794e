import { describe, expect, it } from 'vitest';
import type { Intent } from '../nlp/intent.js';
import { confusionTable } from './intent-report.js';

describe(confusionTable.name, () => {
  it('writes one Markdown row per truth class with a count per predicted intent and the row total', () => {
    const counts = new Map<string, Map<Intent, number>>([
      [
        'QUE',
        new Map<Intent, number>([
          ['question', 3],
          ['other', 1],
        ]),
      ],
    ]);
    expect(confusionTable('act', ['QUE', 'EXP'], counts).split('\n')).toEqual([
      '| act | purchase_intent | question | praise | complaint | spam | other | n |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| QUE | 0 | 3 | 0 | 0 | 0 | 1 | 4 |',
      '| EXP | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
    ]);
  });
});
