import { describe, expect, it } from 'vitest';
import { describePatterns } from './pattern-catalog.js';

describe(describePatterns.name, () => {
  it('keys each description by the leaderboard’s family:type', () => {
    const map = describePatterns({
      hook_patterns: [
        { type: 'question', template: 'Have you ever…?', description: 'Opens with a question.' },
      ],
      emotion_patterns: [{ type: 'joy', template: 'So grateful', description: 'Joy.' }],
      structure_patterns: [{ type: 'list', template: '1. …', description: 'A list.' }],
    });
    expect([...map]).toEqual([
      ['hook:question', 'Opens with a question.'],
      ['emotion:joy', 'Joy.'],
      ['structure:list', 'A list.'],
    ]);
  });

  it('is empty before the catalogue arrives', () => {
    expect(describePatterns(undefined).size).toBe(0);
  });
});
