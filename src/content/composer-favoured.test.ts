import { describe, expect, it } from 'vitest';
import { DEFAULT_NLP } from '../patterns/nlp.js';
import type { HookType } from '../patterns/pattern-types.js';
import { PatternService } from '../patterns/service.js';
import { compose, DEFAULT_STYLE } from './composer.js';

const engine = new PatternService({ nlp: DEFAULT_NLP, cacheTtlSeconds: 60, cacheMaxEntries: 0 });
const detect = (text: string): HookType[] =>
  engine.extract({ content: text, engagement_rate: 0 }).hook_patterns.map((h) => h.type);
const base = { topics: ['deadlifts', 'mobility'], avoid: [], style: DEFAULT_STYLE, count: 4 };

describe('compose with favoured families (the experiments’ winners)', () => {
  it('opens the rotation with the favoured families, in their order', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const drafts = compose({ ...base, seed, favoured: ['contrarian', 'how_to'] }, detect);
      expect(drafts.slice(0, 2).map((d) => d.hook_family)).toEqual(['contrarian', 'how_to']);
      // the rest of the batch still rotates through other families, never repeating a favoured one
      expect(drafts.slice(2).map((d) => d.hook_family)).not.toContain('contrarian');
    }
  });

  it('writes exactly the same batch as before without favoured families', () => {
    for (const seed of [1, 2, 3]) {
      expect(compose({ ...base, seed, favoured: [] }, detect)).toEqual(compose({ ...base, seed }, detect));
    }
  });

  it('is overridden by an explicit hook family', () => {
    const drafts = compose({ ...base, seed: 9, hookFamily: 'question', favoured: ['contrarian'] }, detect);
    expect(drafts.map((d) => d.hook_family)).toEqual(['question', 'question', 'question', 'question']);
  });
});
