import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_INPUTS, bestCpuMs } from '../../test/helpers/cpu-time.js';
import { clickbaitScore } from '../nlp/clickbait.js';
import { detectHooks, HOOK_MIN_CONFIDENCE, hookScore, positionWeight, type HookPattern } from './hooks.js';
import { HOOK_TYPE_INFO, HOOK_TYPES, type HookType } from './pattern-types.js';
import { contextOf } from './text-context.js';

/** Hooks judged on cues alone (clickbait score 0), so expectations are hand-computable. */
function hooksOf(text: string, clickbait = 0): HookPattern[] {
  return detectHooks(contextOf(text), clickbait);
}

function typesOf(text: string): HookType[] {
  return hooksOf(text).map((h) => h.type);
}

function hook(text: string, type: HookType): HookPattern | undefined {
  return hooksOf(text).find((h) => h.type === type);
}

describe(detectHooks.name, () => {
  describe('positives: each hook type is found in a typical opening', () => {
    const cases: [HookType, string][] = [
      ['discovery', 'Just discovered a tool that writes my release notes.'],
      ['discovery', 'TIL: the terminal has a built-in calculator.'],
      ['statistical', 'This tweak cut our cloud bill by 40% in a month.'],
      ['statistical', 'Our new onboarding made activation 3x higher.'],
      ['transformation_story', '2 years ago I was broke. Today I run a profitable studio.'],
      ['transformation_story', 'I used to dread Mondays. Now I love them.'],
      ['curiosity_gap', "The secret recruiters don't want you to know about salaries"],
      ['curiosity_gap', 'Nobody talks about the hardest part of freelancing.'],
      ['urgency', 'BREAKING: OpenAI just changed its pricing.'],
      ['urgency', '🚨 Our payment provider is down for everyone.'],
      ['urgency', 'Just in: the conference moved online.'],
      ['question', 'Why do most side projects die in week two?'],
      ['listicle', '7 ways to write hooks people actually read'],
      ['listicle', '10 simple habits that changed my mornings'],
      ['how_to', 'How to write a cold email that gets answered'],
      ['contrarian', 'Unpopular opinion: daily posting is a waste of time.'],
      ['contrarian', 'Stop chasing followers. Chase conversations.'],
      ['personal_story', 'Story time: I got fired from my first job.'],
      ['social_proof', 'Trusted by 10,000 founders across Europe.'],
      ['social_proof', 'A Harvard study found that walking beats coffee.'],
      ['direct_address', "If you're a new creator, you need to hear this."],
      ['scarcity', 'Only 5 spots left for the spring cohort.'],
      ['scarcity', 'Last chance: doors close tonight.'],
      ['call_to_action', 'Comment "GUIDE" and I will send it to you.'],
      ['call_to_action', 'Full template: link in bio.'],
    ];
    it.each(cases)('finds %s in %j', (type, text) => {
      expect(typesOf(text)).toContain(type);
    });
  });

  describe('negatives: word boundaries and context keep look-alikes out', () => {
    const cases: [HookType, string][] = [
      ['transformation_story', 'I was there now'],
      ['transformation_story', 'Call me before noon or after five.'],
      ['transformation_story', 'It was late and now the shop is closed.'],
      ['urgency', 'Heartbreaking news from the coast today.'],
      ['urgency', 'This phone case is unbreakable.'],
      ['urgency', 'We made it just in time for dinner.'],
      ['urgency', 'Spoiler alert, the butler did it.'],
      ['curiosity_gap', 'My secretary booked the flights.'],
      ['statistical', 'I have 2 kids and a dog.'],
      ['listicle', 'I have 7 kids and a dog.'],
      ['listicle', 'We waited 24 hours for the results.'],
      ['how_to', "I don't know how this happened."],
      ['contrarian', 'The bus stop was empty this morning.'],
      ['contrarian', 'Nonstop rain all weekend.'],
      ['social_proof', 'I invited 3 people to dinner.'],
      ['social_proof', 'Back in 2019 we moved to Lisbon.'],
      ['scarcity', 'You are the only 5 people I trust.'],
      ['call_to_action', 'No comment on the merger.'],
      ['call_to_action', 'Comments are closed on the old blog.'],
      ['discovery', 'Discovery Channel reruns all night.'],
      ['question', 'We shipped it. It works.'],
    ];
    it.each(cases)('does not find %s in %j', (type, text) => {
      expect(typesOf(text)).not.toContain(type);
    });
  });

  it('finds both hooks of the seed discovery + statistical example', () => {
    const sut = hooksOf(
      'Just discovered this incredible Python library that automates 90% of my data analysis!',
      0.5,
    );
    const discovery = sut.find((h) => h.type === 'discovery');
    const statistical = sut.find((h) => h.type === 'statistical');
    expect(discovery?.template).toBe('Just discovered this incredible {tool} that {benefit}!');
    expect(discovery?.triggers).toContain('just discovered');
    expect(discovery!.confidence).toBeGreaterThan(0.7);
    expect(statistical?.template).toBe('This {tool} increased my {metric} by {percentage}%!');
    expect(statistical?.triggers).toEqual(['90%']);
  });

  it('computes confidence as the noisy-OR of one cue: 0.85 for "just discovered" alone', () => {
    expect(hook('Just discovered tea.', 'discovery')?.confidence).toBe(0.85);
  });

  it('combines two cues: "unpopular opinion" 0.9 and "overrated" at 0.75 → 1 − 0.1·0.25 = 0.975', () => {
    expect(hook('Unpopular opinion: remote work is overrated.', 'contrarian')?.confidence).toBe(0.975);
  });

  it('weights a cue by position: "how to" in the fourth sentence counts 0.8 · 0.6 = 0.48', () => {
    const sut = hook('We shipped. It rained. Nobody came.\nHow to recover is the question.', 'how_to');
    expect(sut?.confidence).toBe(0.48);
    expect(positionWeight(3, false)).toBe(0.6);
    expect(positionWeight(3, true)).toBe(0.9);
  });

  it('lifts confidence with the clickbait score: 1 − (1 − 0.85)(1 − 0.2 · 1) = 0.88', () => {
    const text = 'Just discovered tea.';
    expect(hooksOf(text, 1).find((h) => h.type === 'discovery')?.confidence).toBe(0.88);
    expect(hooksOf(text, 0).find((h) => h.type === 'discovery')?.confidence).toBe(0.85);
  });

  it('gives repeated cues halving weight and counts overlapping cues once', () => {
    // the opening "You" is the stronger sentence-initial cue (0.45) only; the next two "you" 0.3, 0.15
    const sut = hook('You know you want it, you do.', 'direct_address');
    const expected = 1 - (1 - 0.45) * (1 - 0.3) * (1 - 0.15);
    expect(sut?.confidence).toBeCloseTo(expected, 3);
  });

  it('drops hooks below HOOK_MIN_CONFIDENCE: one "you" deep in a post is not a hook', () => {
    const sut = hooksOf('We shipped. It rained. Nobody came. The launch was fine, thanks to you.');
    expect(sut.find((h) => h.type === 'direct_address')).toBeUndefined();
    expect(HOOK_MIN_CONFIDENCE).toBe(0.3);
  });

  it('keeps a closing "what do you think?" out of the question hook', () => {
    const text = 'We shipped the app.\nIt took a year.\nThe team was small.\nWhat do you think?';
    expect(typesOf(text)).not.toContain('question');
  });

  it('returns spans whose text is the content at those offsets', () => {
    const text = '🚀 Just discovered a trick: 3x faster builds.';
    for (const h of hooksOf(text)) {
      for (const s of h.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    }
    expect(hook(text, 'discovery')?.spans[0]).toEqual({ start: 3, end: 18, text: 'Just discovered' });
  });

  it('uses each type’s catalogue template and sorts by confidence', () => {
    const sut = hooksOf('How to grow: 7 ways to win. Story time: I quit. Follow for more.');
    for (const h of sut) expect(h.template).toBe(HOOK_TYPE_INFO[h.type].template);
    const confidences = sut.map((h) => h.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
  });

  it('never throws and keeps confidences and spans valid for random Unicode', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (text, cb) => {
          for (const h of detectHooks(contextOf(text), cb)) {
            expect(HOOK_TYPES).toContain(h.type);
            expect(h.confidence).toBeGreaterThanOrEqual(HOOK_MIN_CONFIDENCE);
            expect(h.confidence).toBeLessThanOrEqual(1);
            for (const s of h.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each(Object.entries(ADVERSARIAL_INPUTS))('handles 100 KB of %s in under 50 ms of CPU', (_name, text) => {
    const ctx = contextOf(text);
    expect(bestCpuMs(() => detectHooks(ctx, 0.5))).toBeLessThan(50);
  });
});

describe(hookScore.name, () => {
  it('adds a tenth of the cue evidence to the clickbait score', () => {
    const text = 'Just discovered tea.';
    const cb = clickbaitScore(text);
    // one hook: discovery 0.85 on cues alone
    expect(hookScore(text)).toBeCloseTo(1 - (1 - cb) * (1 - 0.1 * 0.85), 12);
  });

  it('equals the clickbait score when no hook is found and 0 for empty text', () => {
    const text = 'The council approved the budget on Tuesday.';
    expect(hookScore(text)).toBeCloseTo(clickbaitScore(text), 12);
    expect(hookScore('')).toBe(0);
  });

  it('ranks attention-engineered headlines above plain news', () => {
    const bait = ['You Will Not Believe What This Dog Did Next', '17 Things Only Introverts Understand'];
    const news = [
      'Parliament passes revised budget after long debate',
      'Central bank holds interest rates steady',
    ];
    const lowestBait = Math.min(...bait.map(hookScore));
    const highestNews = Math.max(...news.map(hookScore));
    expect(lowestBait).toBeGreaterThan(highestNews);
  });
});
