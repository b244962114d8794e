import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NLP } from '../patterns/nlp.js';
import { HOOK_TYPES, type HookType } from '../patterns/pattern-types.js';
import { PatternService } from '../patterns/service.js';
import { compose, ComposeError, DEFAULT_STYLE, MAX_POST_CHARS, type ComposerStyle } from './composer.js';
import { linkCount } from './limits.js';

const engine = new PatternService({ nlp: DEFAULT_NLP, cacheTtlSeconds: 60, cacheMaxEntries: 0 });
const detect = (text: string): HookType[] =>
  engine.extract({ content: text, engagement_rate: 0 }).hook_patterns.map((h) => h.type);

const word = fc.stringMatching(/^[a-z]{3,10}$/);
const topic = fc.oneof(
  fc.constantFrom(
    'sourdough',
    'home workouts',
    'personal finance',
    'AI tools',
    'cold email',
    'the air fryer',
    'Stripe',
  ),
  fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
);
const style: fc.Arbitrary<ComposerStyle> = fc.record({
  lineBreaks: fc.boolean(),
  list: fc.boolean(),
  endsWithQuestion: fc.boolean(),
  emoji: fc.boolean(),
  hashtags: fc.boolean(),
  bodySentences: fc.integer({ min: 1, max: 3 }),
});
const request = fc.record({
  topics: fc.uniqueArray(topic, { minLength: 1, maxLength: 4 }),
  hookFamily: fc.option(fc.constantFrom(...HOOK_TYPES), { nil: undefined }),
  style,
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  count: fc.integer({ min: 1, max: 6 }),
});

describe(compose.name, () => {
  it('writes publishable drafts that open with the targeted hook as the pattern engine detects it', () => {
    fc.assert(
      fc.property(request, (req) => {
        const drafts = compose({ ...req, avoid: [] }, detect);
        expect(drafts).toHaveLength(req.count);
        for (const d of drafts) {
          expect(d.text).not.toMatch(/\{[A-Za-z_]*\}|\{|\}/);
          expect([...d.text].length).toBeLessThanOrEqual(MAX_POST_CHARS);
          expect(linkCount(d.text)).toBeLessThanOrEqual(5);
          if (req.hookFamily) expect(d.hook_family).toBe(req.hookFamily);
          expect(detect(d.text)).toContain(d.hook_family);
          expect(req.topics).toContain(d.topic);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(request, (req) => {
        expect(compose({ ...req, avoid: [] }, detect)).toEqual(compose({ ...req, avoid: [] }, detect));
      }),
      { numRuns: 100 },
    );
  });

  it('uses no hook, body or closing sentence frame twice in a batch of up to six', () => {
    fc.assert(
      fc.property(request, (req) => {
        const frames = compose({ ...req, avoid: [] }, detect).flatMap((d) =>
          d.frames.filter((f) => !f.startsWith('list:')),
        );
        expect(new Set(frames).size).toBe(frames.length);
      }),
      { numRuns: 300 },
    );
  });

  it('never writes an avoided word, and says so when every topic is avoided', () => {
    fc.assert(
      fc.property(request, fc.constantFrom('secret', 'simple', 'week', 'habit'), (req, avoided) => {
        let drafts;
        try {
          drafts = compose({ ...req, avoid: [avoided] }, detect);
        } catch (err) {
          // a family whose every frame needs the word cannot be written: a clear error, not a bad draft
          expect(err).toBeInstanceOf(ComposeError);
          return;
        }
        for (const d of drafts) expect(d.text.toLowerCase()).not.toMatch(new RegExp(`\\b${avoided}\\b`));
      }),
      { numRuns: 150 },
    );
    expect(() =>
      compose({ topics: ['crypto'], avoid: ['crypto'], style: DEFAULT_STYLE, seed: 1, count: 1 }, detect),
    ).toThrow(ComposeError);
  });

  it('follows the style of the account: numbered lists, line breaks, a closing question', () => {
    const [listed] = compose(
      {
        topics: ['pricing'],
        avoid: [],
        hookFamily: 'listicle',
        style: { ...DEFAULT_STYLE, lineBreaks: true },
        seed: 3,
        count: 1,
      },
      detect,
    );
    const n = Number(listed!.text.match(/^(?:Here are |The |Top )?(\d)/)?.[1]);
    // a listicle promising n items lists n items
    expect(listed!.text.match(/^\d\. /gm)).toHaveLength(n);
    const [asked] = compose(
      {
        topics: ['pricing'],
        avoid: [],
        hookFamily: 'contrarian',
        style: { ...DEFAULT_STYLE, endsWithQuestion: true },
        seed: 3,
        count: 1,
      },
      detect,
    );
    expect(asked!.text.trim().endsWith('?')).toBe(true);
    const [flat] = compose(
      {
        topics: ['pricing'],
        avoid: [],
        hookFamily: 'contrarian',
        style: { ...DEFAULT_STYLE, lineBreaks: false, endsWithQuestion: false },
        seed: 3,
        count: 1,
      },
      detect,
    );
    expect(flat!.text).not.toContain('\n');
    expect(flat!.text.trim().endsWith('?')).toBe(false);
  });
});
