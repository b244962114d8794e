import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_INPUTS, bestCpuMs } from '../../test/helpers/cpu-time.js';
import { EMOTION_MODEL, type EmotionScores } from './emotions.js';
import {
  dominantEmotion,
  emotionalVariance,
  emotionRank,
  emotionTrajectory,
  segmentsTrajectory,
  valenceArc,
} from './emotion-trajectory.js';

const zero: EmotionScores = {
  anger: 0,
  disgust: 0,
  fear: 0,
  joy: 0,
  sadness: 0,
  surprise: 0,
  neutral: 0,
  excitement: 0,
};

describe(valenceArc.name, () => {
  it('is steady when the curve never moves by the swing (0.3)', () => {
    expect(valenceArc([0, 0.1, -0.1, 0.15])).toEqual({
      arc_type: 'steady',
      peaks: [],
      valleys: [],
      swings: 0,
    });
    expect(valenceArc([0.5])).toMatchObject({ arc_type: 'steady' });
    expect(valenceArc([])).toMatchObject({ arc_type: 'steady' });
  });

  it('is rising for one upward swing: the valley where it starts, the peak where it ends', () => {
    expect(valenceArc([-0.6, 0, 0.7])).toEqual({ arc_type: 'rising', peaks: [2], valleys: [0], swings: 1 });
    // a wiggle smaller than the swing does not turn it
    expect(valenceArc([-0.6, 0.5, 0.4, 0.7])).toMatchObject({ arc_type: 'rising', peaks: [3], valleys: [0] });
  });

  it('is falling for one downward swing', () => {
    expect(valenceArc([0.8, 0.2, -0.5])).toEqual({
      arc_type: 'falling',
      peaks: [0],
      valleys: [2],
      swings: 1,
    });
  });

  it('reads one reversal by where the curve ends: a dip that ends higher is a rise', () => {
    // down 0.5, up 1.2: ends 0.7 above the start (the start is the top the dip falls from)
    expect(valenceArc([0, -0.5, 0.7])).toMatchObject({
      arc_type: 'rising',
      peaks: [0, 2],
      valleys: [1],
      swings: 2,
    });
    // up then down past the start
    expect(valenceArc([0, 0.6, -0.5])).toMatchObject({ arc_type: 'falling', peaks: [1], valleys: [0, 2] });
    // there and back: a roller coaster
    expect(valenceArc([0, 0.8, 0.1])).toMatchObject({
      arc_type: 'roller_coaster',
      peaks: [1],
      valleys: [0, 2],
    });
  });

  it('is a roller coaster when the direction reverses twice or more', () => {
    expect(valenceArc([0.6, -0.7, 0.8, -0.7])).toEqual({
      arc_type: 'roller_coaster',
      peaks: [0, 2],
      valleys: [1, 3],
      swings: 3,
    });
  });

  it('keeps the first of equal extremes and treats non-finite values as 0', () => {
    expect(valenceArc([-0.5, 0.5, 0.5])).toMatchObject({ arc_type: 'rising', peaks: [1] });
    expect(valenceArc([Number.NaN, 0.9])).toMatchObject({ arc_type: 'rising', valleys: [0], peaks: [1] });
  });

  it('never reports a segment as both a peak and a valley, and lists them in order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 60 }), (vs) => {
        const sut = valenceArc(vs);
        const both = sut.peaks.filter((p) => sut.valleys.includes(p));
        expect(both).toEqual([]);
        for (const list of [sut.peaks, sut.valleys]) {
          expect([...list].sort((a, b) => a - b)).toEqual(list);
          for (const i of list) expect(i).toBeLessThan(vs.length);
        }
        const range = vs.length > 0 ? Math.max(...vs) - Math.min(...vs) : 0;
        if (range < 0.3 - 1e-9) expect(sut.arc_type).toBe('steady');
        else if (range >= 0.3 + 1e-9) expect(sut.arc_type).not.toBe('steady');
      }),
    );
  });
});

describe(emotionalVariance.name, () => {
  it('is the population variance of the valences, within [0, 1]', () => {
    expect(emotionalVariance([])).toBe(0);
    expect(emotionalVariance([0.4, 0.4])).toBe(0);
    expect(emotionalVariance([-1, 1])).toBe(1);
    expect(emotionalVariance([0, 0.5, 1])).toBeCloseTo(1 / 6, 12);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true })), (vs) => {
        const v = emotionalVariance(vs);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe(emotionRank.name, () => {
  const t = EMOTION_MODEL.thresholds;

  it('ranks the emotions over their thresholds by margin, neutral never', () => {
    const scores = {
      ...zero,
      anger: t.anger + (1 - t.anger) * 0.5,
      fear: t.fear + (1 - t.fear) * 0.2,
      neutral: 1,
    };
    expect(emotionRank(scores)).toEqual(['anger', 'fear']);
    expect(dominantEmotion({ ...zero, neutral: 0.9 })).toBe('neutral');
  });

  it('names excitement before joy, the group it belongs to, whatever their margins', () => {
    const scores = { ...zero, joy: 0.99, excitement: t.excitement };
    expect(emotionRank(scores)).toEqual(['excitement', 'joy']);
    expect(dominantEmotion(scores)).toBe('excitement');
  });
});

describe(emotionTrajectory.name, () => {
  it('reads a comeback story as rising', () => {
    const sut = emotionTrajectory(
      'Last year I lost my job and felt hopeless. I started writing every day. Today I run my own business and I love it!',
    );
    expect(sut.arc_type).toBe('rising');
    expect(sut.segmentation).toBe('sentences');
    expect(sut.segment_count).toBe(3);
    expect(sut.valley_segments).toEqual([0]);
    expect(sut.peak_segments).toEqual([2]);
    expect(sut.emotion_progression[0]!.valence).toBeLessThan(0);
    expect(sut.emotion_progression[2]!.valence).toBeGreaterThan(0);
    expect(sut.emotion_progression[0]!.dominant_emotion).toBe('sadness');
    expect(sut.transitions).toHaveLength(2);
    expect(sut.transitions[1]).toMatchObject({
      from_segment: 1,
      to_segment: 2,
      transition_type: 'switching',
    });
  });

  it('reads a launch gone wrong as falling', () => {
    const sut = emotionTrajectory(
      "I was so excited about this launch. Then the server crashed. Everything is broken and I'm devastated.",
    );
    expect(sut.arc_type).toBe('falling');
    expect(sut.peak_segments).toEqual([0]);
    expect(sut.valley_segments).toEqual([2]);
    expect(sut.emotion_progression[2]!.dominant_emotion).toBe('sadness');
  });

  it('reads ups and downs as a roller coaster', () => {
    const sut = emotionTrajectory(
      'I love Mondays. Then my car broke down and I hate everything. But a stranger helped me, so kind! Now the rain ruined it all, awful.',
    );
    expect(sut.arc_type).toBe('roller_coaster');
    expect(sut.peak_segments).toEqual([0, 2]);
    expect(sut.valley_segments).toEqual([1, 3]);
    expect(sut.emotional_variance).toBeGreaterThan(0.3);
  });

  it('reads instructions as steady', () => {
    const sut = emotionTrajectory('Here is the plan. We meet at 9. Bring a laptop.');
    expect(sut.arc_type).toBe('steady');
    expect(sut.peak_segments).toEqual([]);
    expect(sut.valley_segments).toEqual([]);
    expect(sut.emotional_variance).toBe(0);
  });

  it('cuts a numbered thread into its parts, not its sentences', () => {
    const text =
      'Why most startups fail\n1/ They build what nobody wants. It is sad.\n2/ The fix is simple.\n3/ Talk to users! It is amazing what you learn.';
    const sut = emotionTrajectory(text);
    expect(sut.segmentation).toBe('thread_parts');
    expect(sut.emotion_progression.map((p) => p.text)).toEqual([
      'Why most startups fail\n1/ They build what nobody wants. It is sad.',
      '2/ The fix is simple.',
      '3/ Talk to users! It is amazing what you learn.',
    ]);
    expect(sut.emotion_progression.map((p) => text.slice(p.start, p.end))).toEqual(
      sut.emotion_progression.map((p) => p.text),
    );
    expect(sut.arc_type).toBe('rising');
  });

  it('gives every segment the full emotion vector, its valence and word count', () => {
    const sut = emotionTrajectory('Can’t wait for Friday! 🚀 The bus is late.');
    for (const p of sut.emotion_progression) {
      for (const e of [
        'anger',
        'disgust',
        'fear',
        'joy',
        'sadness',
        'surprise',
        'neutral',
        'excitement',
      ] as const) {
        expect(p[e]).toBeGreaterThanOrEqual(0);
        expect(p[e]).toBeLessThanOrEqual(1);
      }
      expect(p.intensity).toBe(p[p.dominant_emotion]);
    }
    expect(sut.emotion_progression.map((p) => p.word_count)).toEqual([4, 4]);
  });

  it('never throws on random Unicode, and keeps its invariants', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const sut = emotionTrajectory(text);
        expect(sut.segment_count).toBe(sut.emotion_progression.length);
        expect(sut.transitions).toHaveLength(Math.max(0, sut.segment_count - 1));
        expect(sut.emotional_variance).toBeGreaterThanOrEqual(0);
        expect(sut.emotional_variance).toBeLessThanOrEqual(1);
        for (const p of sut.emotion_progression) {
          expect(p.valence).toBeGreaterThanOrEqual(-1);
          expect(p.valence).toBeLessThanOrEqual(1);
          expect(text.slice(p.start, p.end)).toBe(p.text);
        }
        for (const t of sut.transitions) {
          expect(t.strength).toBeGreaterThanOrEqual(0);
          expect(t.strength).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('runs in linear time on 100 KB adversarial inputs, with at most 100 segments', () => {
    for (const [name, input] of Object.entries(ADVERSARIAL_INPUTS)) {
      const small = bestCpuMs(() => emotionTrajectory(input.slice(0, 10_000)));
      const large = bestCpuMs(() => emotionTrajectory(input));
      // 10× the input: linear is ~10× the time; quadratic would be ~100×
      expect(large, name).toBeLessThan(Math.max(60, small * 25));
      expect(emotionTrajectory(input).segment_count, name).toBeLessThanOrEqual(100);
    }
  });
});

describe(segmentsTrajectory.name, () => {
  it('keeps the given segments, with offsets into them joined by newlines', () => {
    const sut = segmentsTrajectory(['I failed again.', 'Then it finally worked! I love it.']);
    expect(sut.segmentation).toBe('given');
    expect(sut.emotion_progression.map((p) => [p.start, p.end])).toEqual([
      [0, 15],
      [16, 50],
    ]);
    expect(sut.arc_type).toBe('rising');
  });
});
