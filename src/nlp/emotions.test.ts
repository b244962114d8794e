import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectedEmotions,
  EMOTION_MODEL,
  EMOTION_MODEL_VERSION,
  emotions,
  EMOTIONS,
  loadEmotionModel,
} from './emotions.js';
import { trainEmotions } from '../../scripts/train-emotions.js';
import type { GoEmotionsRow } from '../eval/goemotions-row.js';
import { tokenize } from './tokenize.js';
import { emotionRank } from './emotion-trajectory.js';
import { adversarial } from '../../test/helpers/linear-time.js';

describe(emotions.name, () => {
  it('reads the obvious emotion of a plain sentence', () => {
    const sut = emotions;
    expect(sut('I am so happy for you').joy).toBeGreaterThan(0.8);
    expect(sut('I hate this so much').anger).toBeGreaterThan(0.6);
    expect(sut("I'm really scared of what comes next").fear).toBeGreaterThan(0.6);
    expect(sut('This is so sad, I miss him').sadness).toBeGreaterThan(0.5);
    expect(sut('Wow, I did not expect that at all').surprise).toBeGreaterThan(0.3);
    expect(sut('The meeting is at 3pm in room 4').neutral).toBeGreaterThan(0.5);
  });

  it('lowers an emotion when the word carrying it is negated', () => {
    const sut = emotions;
    expect(sut('I am not happy').joy).toBeLessThan(sut('I am happy').joy - 0.3);
    expect(sut("I don't hate this").anger).toBeLessThan(sut('I hate this').anger - 0.2);
    expect(sut('I am never scared').fear).toBeLessThan(sut('I am scared').fear);
  });

  it('raises an emotion after an intensifier, in ALL CAPS or elongated, and lowers it after a dampener', () => {
    const sut = emotions;
    const base = sut('I am happy').joy;
    expect(sut('I am so happy').joy).toBeGreaterThan(base);
    expect(sut('I am sooo happy').joy).toBeGreaterThan(base);
    expect(sut('I am really happy').joy).toBeGreaterThan(base);
    expect(sut('I am HAPPY today').joy).toBeGreaterThan(sut('I am happy today').joy);
    expect(sut('I am happyyyy').joy).toBeGreaterThan(base);
    expect(sut('I am slightly happy').joy).toBeLessThan(base);
    expect(sut('I am so scared').fear).toBeGreaterThan(sut('I am scared').fear);
  });

  it('counts exclamation marks and emoji as evidence of excitement', () => {
    const sut = emotions;
    expect(sut('Launch day!!!').excitement).toBeGreaterThan(sut('Launch day').excitement);
    expect(sut('Launch day 🎉🎉').excitement).toBeGreaterThan(sut('Launch day').excitement);
  });

  it('moves scores with emoji', () => {
    const sut = emotions;
    expect(sut('ok 😂').joy).toBeGreaterThan(sut('ok').joy);
    expect(sut('ok 😡').anger).toBeGreaterThan(sut('ok').anger);
    expect(sut('ok 😭').sadness).toBeGreaterThan(sut('ok').sadness);
  });

  it('gives every emotion an intensity in [0, 1], the same for text and tokens', () => {
    const sut = emotions;
    const text = "Honestly?? This is NOT bad at all, it's sooo good 😍";
    const scores = sut(text);
    expect(Object.keys(scores).sort()).toEqual([...EMOTIONS].sort());
    expect(sut(tokenize(text))).toEqual(scores);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (s) => {
        for (const v of Object.values(sut(s))) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a megabyte of text (linear: a quadratic pass would time out)', () => {
    const short = emotions('not so happy!!! 😡 '.repeat(50));
    const long = emotions(adversarial('not so happy!!! 😡 '));
    // the same sentence repeated: the same dominant emotion, however long
    const top = (scores: Record<string, number>) => Object.entries(scores).sort((a, b) => b[1] - a[1])[0]![0];
    expect(top(long)).toBe(top(short));
    expect(top(long)).toBe('anger');
  });
});

describe('excitement', () => {
  it.each([
    'Just discovered this incredible Python library that automates 90% of my data analysis!',
    "Can't wait for the launch tomorrow!! 🚀🔥",
    'Finally shipped it! 🎉',
    "Let's go!!! 🔥🔥",
    'We just launched our new app 🚀',
    "I'm so excited for this weekend!",
  ])('names excitement first where the text is excited: %s', (text) => {
    const scores = emotions(text);
    expect(scores.excitement).toBeGreaterThanOrEqual(EMOTION_MODEL.thresholds.excitement);
    expect(emotionRank(scores)[0]).toBe('excitement');
  });

  it.each([
    'I am not excited about this.',
    'The meeting is at 3pm in room 4.',
    'This is so sad, I miss him.',
  ])('does not find excitement in calm, negated or sad text: %s', (text) => {
    expect(emotions(text).excitement).toBeLessThan(EMOTION_MODEL.thresholds.excitement);
  });
});

describe(detectedEmotions.name, () => {
  it('lists the emotions at or above their thresholds, strongest first', () => {
    const sut = detectedEmotions;
    const t = EMOTION_MODEL.thresholds;
    const scores = {
      ...Object.fromEntries(EMOTIONS.map((e) => [e, 0])),
      joy: 0.9,
      anger: t.anger,
      fear: t.fear / 2,
    };
    expect(sut(scores as Record<(typeof EMOTIONS)[number], number>)).toEqual(['joy', 'anger']);
  });
});

describe(loadEmotionModel.name, () => {
  it('loads the committed model: version emotions.v3 with all eight outputs and thresholds', () => {
    expect(EMOTION_MODEL_VERSION).toBe('emotions.v3');
    expect([...EMOTION_MODEL.linear.outputs].sort()).toEqual([...EMOTIONS].sort());
    for (const e of EMOTIONS) {
      expect(EMOTION_MODEL.thresholds[e]).toBeGreaterThan(0);
      expect(EMOTION_MODEL.thresholds[e]).toBeLessThan(1);
    }
  });

  it('rejects a model that lacks an emotion', () => {
    const sut = loadEmotionModel;
    const file = {
      name: 'emotions',
      version: 'x',
      trainedOn: 'test',
      hashBits: 4,
      features: { unigrams: true, bigrams: true, charNgrams: null },
      outputs: ['joy'],
      bias: [0],
      weights: [{ d: [], w: [] }],
      thresholds: { joy: 0.5 },
    };
    expect(() => sut(file)).toThrow(/no output "anger"/);
  });
});

describe(trainEmotions.name, () => {
  const rows: GoEmotionsRow[] = [];
  const samples: [string, string[]][] = [
    ['I love this so much', ['love']],
    ['This makes me furious', ['anger']],
    ['That is disgusting', ['disgust']],
    ["I'm terrified of spiders", ['fear']],
    ['I miss her, so sad', ['sadness']],
    ['Wow I did not know that', ['surprise']],
    ['The bus leaves at noon', ['neutral']],
    ["Can't wait for tomorrow!!!", ['excitement', 'joy']],
  ];
  for (let r = 0; r < 6; r++) {
    samples.forEach(([text, labels], i) => rows.push({ id: `r${r}-${i}`, text: `${text} ${r}`, labels }));
  }
  const options = {
    hashBits: 12,
    l2Grid: [1e-3, 1e-2],
    heldOutFraction: 0.3,
    minWeight: 0.01,
    maxIterations: 60,
    excitementFolds: 2,
    excitementMinWeights: [0.01, 0.001],
    minWeightTolerance: 0.005,
  };

  it('writes byte-identical model files on reruns, loadable as an emotion model', () => {
    const sut = trainEmotions;
    const first = sut(rows, 'fixture', options);
    const second = sut(rows, 'fixture', options);
    expect(second).toBe(first);
    const model = loadEmotionModel(JSON.parse(first) as unknown);
    expect(model.version).toBe('emotions.v3');
    expect(emotions('I love this so much 9', model).joy).toBeGreaterThan(
      emotions('The bus leaves at noon 9', model).joy,
    );
  });
});
