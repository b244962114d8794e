import { describe, expect, it } from 'vitest';
import { fixedNlp } from '../../test/factories/posts.js';
import type { PatternResult } from './extract.js';
import { PatternExtractionError, PatternService, summarize } from './service.js';

describe(PatternService.name, () => {
  it('serves repeated content from the cache and keeps each post’s engagement score', () => {
    let calls = 0;
    const nlp = fixedNlp();
    const analyze = nlp.analyze;
    nlp.analyze = (text) => {
      calls++;
      return analyze(text);
    };
    const sut = new PatternService({ nlp, cacheTtlSeconds: 60 });
    const a = sut.extract({ content: 'How to cook rice', engagement_rate: 0.1 });
    const b = sut.extract({ content: 'How to cook rice', engagement_rate: 0.9 });
    expect(calls).toBe(1);
    expect(sut.cacheSize).toBe(1);
    expect(b.engagement_score).toBe(0.9);
    expect(b.hook_patterns).toBe(a.hook_patterns);
  });

  it('extracts every time when the cache is disabled', () => {
    let calls = 0;
    const nlp = fixedNlp();
    const analyze = nlp.analyze;
    nlp.analyze = (text) => {
      calls++;
      return analyze(text);
    };
    const sut = new PatternService({ nlp, cacheTtlSeconds: 60, cacheMaxEntries: 0 });
    sut.extract({ content: 'x', engagement_rate: 0 });
    sut.extract({ content: 'x', engagement_rate: 0 });
    expect(calls).toBe(2);
    expect(sut.cacheSize).toBe(0);
  });

  it('wraps an analysis failure in PatternExtractionError with a generic reason', () => {
    const nlp = fixedNlp();
    nlp.analyze = () => {
      throw new Error('secret internals');
    };
    const sut = new PatternService({ nlp, cacheTtlSeconds: 60 });
    expect(() => sut.extract({ content: 'x', engagement_rate: 0 })).toThrowError(PatternExtractionError);
    expect(() => sut.extract({ content: 'x', engagement_rate: 0 })).toThrowError(
      'Pattern extraction failed: unable to process content',
    );
  });

  it('lists 14 hook, 7 emotion and 9 structure types', () => {
    const sut = new PatternService({ nlp: fixedNlp(), cacheTtlSeconds: 60 }).patternTypes();
    expect([sut.hook_patterns.length, sut.emotion_patterns.length, sut.structure_patterns.length]).toEqual([
      14, 7, 9,
    ]);
  });
});

describe(summarize.name, () => {
  const result = (
    strength: number,
    engagement: number,
    hooks: string[],
    emotions: string[],
    thread: boolean,
  ) =>
    ({
      hook_patterns: hooks.map((type) => ({ type })),
      emotion_patterns: emotions.map((type) => ({ type })),
      structure_patterns: [
        { length_category: hooks.length > 1 ? 'medium' : 'short', has_thread_indicator: thread },
      ],
      pattern_strength: strength,
      engagement_score: engagement,
    }) as unknown as PatternResult;

  it('totals, counts per type and averages to 3 decimals', () => {
    const sut = summarize([
      result(0.5, 0.2, ['urgency', 'question'], ['joy'], true),
      result(0.25, 0.3, ['urgency'], [], false),
      result(0.1, 0.4, [], ['joy', 'fear'], false),
    ]);
    expect(sut).toEqual({
      total_posts: 3,
      average_pattern_strength: 0.283,
      total_hook_patterns: 3,
      total_emotion_patterns: 3,
      hook_type_counts: { urgency: 2, question: 1 },
      emotion_type_counts: { joy: 2, fear: 1 },
      length_category_counts: { short: 2, medium: 1, long: 0 },
      thread_count: 1,
      average_engagement_score: 0.3,
    });
  });

  it('returns zeros for no results', () => {
    expect(summarize([]).average_pattern_strength).toBe(0);
  });
});
