import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_INPUTS, bestCpuMs } from '../../test/helpers/cpu-time.js';
import {
  analyzeStructure,
  lengthCategory,
  readingTimeSeconds,
  structureScore,
  type StructurePattern,
} from './structure.js';
import { contextOf } from './text-context.js';

const structureOf = (text: string): StructurePattern => analyzeStructure(contextOf(text));

describe(analyzeStructure.name, () => {
  it('keeps the seed fields for the seed example (13 words, not the 16 the seed claimed)', () => {
    const sut = structureOf(
      'Just discovered this incredible Python library that automates 90% of my data analysis!',
    );
    expect(sut).toMatchObject({
      length_category: 'short',
      has_thread_indicator: false,
      sentence_count: 1,
      reading_time_seconds: 4,
      word_count: 13,
    });
  });

  it('counts words across emoji, CJK, URLs, hashtags and mentions', () => {
    // words: I, love, 東, 京, see, <url>, #tokyo, @ana → 8; emoji: 🚀 🇯🇵 → 2
    const sut = structureOf('I love 🚀 東京 see https://example.com/a?b=1 #tokyo @ana 🇯🇵');
    expect(sut.word_count).toBe(8);
    expect(sut.emoji_count).toBe(2);
    expect(sut.emoji_density).toBe(0.25);
    expect(sut.link_count).toBe(1);
    expect(sut.hashtags).toEqual(['#tokyo']);
    expect(sut.mentions).toEqual(['@ana']);
  });

  it('counts sentences and non-empty lines', () => {
    const sut = structureOf('First line. Still first!\n\n\nSecond line?\n   \nThird');
    expect(sut.sentence_count).toBe(4);
    expect(sut.line_count).toBe(3);
  });

  it('reads at 200 wpm in whole seconds rounded up', () => {
    expect(readingTimeSeconds(0)).toBe(0);
    expect(readingTimeSeconds(1)).toBe(1);
    expect(readingTimeSeconds(16)).toBe(5);
    expect(readingTimeSeconds(200)).toBe(60);
    expect(readingTimeSeconds(201)).toBe(61);
  });

  it('buckets length at 20 and 100 words', () => {
    expect(lengthCategory(19)).toBe('short');
    expect(lengthCategory(20)).toBe('medium');
    expect(lengthCategory(99)).toBe('medium');
    expect(lengthCategory(100)).toBe('long');
  });

  describe('thread indicators', () => {
    const positives: [string, string][] = [
      ['Everything I learned about pricing 🧵', '🧵'],
      ['Everything I learned about pricing 1/', '1/'],
      ['1/ Everything I learned about pricing', '1/'],
      ['Everything I learned about pricing (1/7)', '1/'],
      ['Everything I learned about pricing 1/7 👇', '1/'],
      ['Everything I learned about pricing 1/n', '1/'],
      ['Everything I learned about pricing (thread)', '(thread)'],
      ['Thread: everything I learned about pricing', 'thread:'],
    ];
    it.each(positives)('finds %j', (text, marker) => {
      const sut = structureOf(text);
      expect(sut.has_thread_indicator).toBe(true);
      expect(sut.thread_markers).toContain(marker);
    });

    const negatives = [
      'Open 21/7, even on holidays',
      'Add 1/2 cup of flour and stir',
      'Only 1/3 of people finish',
      'Meet on 11/12 at noon',
      'Read the subthread: it explains everything',
      'This thread is long',
      'Version 2.1/ beta',
    ];
    it.each(negatives)('does not find one in %j', (text) => {
      expect(structureOf(text).has_thread_indicator).toBe(false);
    });
  });

  it('counts list items by bullet, number and keycap at line starts', () => {
    const sut = structureOf(
      'My stack:\n- Fastify\n• Kysely\n1. PGlite\n2) Redis\n3️⃣ BullMQ\n✅ Vitest\nnot - a list',
    );
    expect(sut.list_item_count).toBe(6);
    expect(sut.has_list).toBe(true);
    expect(structureOf('Just one line - with a dash').has_list).toBe(false);
  });

  it('ends with a question despite trailing emoji and hashtags', () => {
    expect(structureOf('Shipped it. What would you change? 👇 #buildinpublic').ends_with_question).toBe(true);
    expect(structureOf('Why? Because it works.').ends_with_question).toBe(false);
    expect(structureOf('See https://example.com/?q=1').ends_with_question).toBe(false);
  });

  it('returns zeros for text without words', () => {
    const sut = structureOf('🔥🔥🔥');
    expect(sut.word_count).toBe(0);
    expect(sut.emoji_count).toBe(3);
    expect(sut.emoji_density).toBe(0);
    expect(sut.reading_time_seconds).toBe(0);
  });

  it('keeps counts consistent for random Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const sut = structureOf(text);
        expect(sut.word_count).toBeGreaterThanOrEqual(sut.hashtag_count + sut.mention_count);
        expect(sut.reading_time_seconds).toBe(readingTimeSeconds(sut.word_count));
        expect(sut.line_count).toBeLessThanOrEqual(text.split('\n').length);
        expect(sut.has_thread_indicator).toBe(sut.thread_markers.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  it.each(Object.entries(ADVERSARIAL_INPUTS))('handles 100 KB of %s in under 50 ms of CPU', (_name, text) => {
    const ctx = contextOf(text);
    expect(bestCpuMs(() => analyzeStructure(ctx))).toBeLessThan(50);
  });
});

describe(structureScore.name, () => {
  it('scores a medium, multi-line thread that ends with a question and one emoji', () => {
    const base = structureOf('x');
    const sut = structureScore({
      ...base,
      length_category: 'medium',
      word_count: 40,
      line_count: 4,
      has_thread_indicator: true,
      ends_with_question: true,
      emoji_count: 1,
      emoji_density: 0.025,
      hashtag_count: 0,
    });
    // 0.3·1 + 0.25·1 + 0.15 + 0.15 + 0.1·1 + 0.05·0
    expect(sut).toBe(0.95);
  });

  it('scores a short single line of 3 words at 0.3 · 0.3 = 0.09', () => {
    expect(structureScore(structureOf('Hello there friend'))).toBe(0.09);
  });
});
