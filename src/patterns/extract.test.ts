import { describe, expect, it } from 'vitest';
import { fixedNlp } from '../../test/factories/posts.js';
import { extractContentPatterns, extractPatterns, withEngagement } from './extract.js';
import { DEFAULT_NLP } from './nlp.js';

describe(extractContentPatterns.name, () => {
  it('combines hooks, emotions and structure into the documented strength (hand-computed)', () => {
    const sut = extractContentPatterns('How to cook rice', fixedNlp({ joy: 0.6, neutral: 0.2 }, 0.5));
    // how_to: cue 0.8 lifted by clickbait 0.5 → 1 − 0.2·(1 − 0.2·0.5) = 0.82
    expect(sut.hook_patterns.map((h) => [h.type, h.confidence])).toEqual([['how_to', 0.82]]);
    // joy 0.6 over threshold 0.3 → confidence 0.5 + 0.5·0.3/0.7 = 0.714
    expect(sut.emotion_patterns).toEqual([{ type: 'joy', intensity: 0.6, confidence: 0.714 }]);
    // 4 words on one line: length fit 0.3 → structure 0.3·0.3 = 0.09
    expect(sut.structure_score).toBe(0.09);
    // H = 1 − (1 − 0.25·0.5)(1 − 0.82) = 0.8425; E = 0.6·0.714 = 0.4284; synergy (hooks + emotion)
    expect(sut.pattern_strength).toBe(
      Math.round((0.4 * 0.8425 + 0.3 * 0.4284 + 0.2 * 0.09 + 0.1) * 1000) / 1000,
    );
    expect(sut.clickbait_score).toBe(0.5);
    expect(sut.structure_patterns).toHaveLength(1);
  });

  it('answers the seed’s example post with excitement first, as the seed did', () => {
    const sut = extractContentPatterns(
      'Just discovered this incredible Python library that automates 90% of my data analysis!',
      DEFAULT_NLP,
    );
    expect(sut.emotion_patterns[0]?.type).toBe('excitement');
    expect(sut.emotion_trajectory).toBeUndefined();
  });

  it('adds the emotion trajectory of a post of more than one sentence', () => {
    const sut = extractContentPatterns('I failed again. Then it finally worked! I love it.', DEFAULT_NLP);
    expect(sut.emotion_trajectory?.segment_count).toBe(3);
    expect(sut.emotion_trajectory?.arc_type).toBe('rising');
  });

  it('rounds the emotion vector and sentiment to 3 decimals', () => {
    const sut = extractContentPatterns('Fine.', fixedNlp({ fear: 0.123456, neutral: 0.876543 }));
    expect(sut.emotion_vector.fear).toBe(0.123);
    expect(sut.emotion_vector.neutral).toBe(0.877);
  });

  it('handles text without tokens without asking for a clickbait score', () => {
    const nlp = fixedNlp({}, 0.9);
    nlp.clickbait = () => {
      throw new Error('must not be called');
    };
    const sut = extractContentPatterns('   ', nlp);
    expect(sut.hook_patterns).toEqual([]);
    expect(sut.clickbait_score).toBe(0);
    expect(sut.structure_patterns[0].word_count).toBe(0);
  });
});

describe(withEngagement.name, () => {
  it('adds the post’s engagement rate as engagement_score without touching the cached patterns', () => {
    const content = extractContentPatterns('How to cook rice', fixedNlp());
    const sut = withEngagement(content, 0.42);
    expect(sut.engagement_score).toBe(0.42);
    expect('engagement_score' in content).toBe(false);
    expect(extractPatterns({ content: 'How to cook rice', engagement_rate: 0.42 }, fixedNlp())).toEqual(sut);
  });
});
