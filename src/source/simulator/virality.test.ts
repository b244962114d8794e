import { describe, expect, it } from 'vitest';
import { defaultVirality } from './virality.js';
import { adversarial } from '../../../test/helpers/linear-time.js';

describe(defaultVirality.name, () => {
  it('scores a flat one-liner at base − short penalty: 0.12 − 0.08 = 0.04', () => {
    expect(defaultVirality('Soup tonight.')).toBeCloseTo(0.04, 12);
  });

  it('adds up the cues of a hooked, listed, medium-length post with a CTA', () => {
    const post =
      '5 mistakes I see in every beginner deadlift 🧵\n\n1/ Eat protein at every meal.\n2/ Sleep 7+ hours.\n' +
      '3/ Lift 3x a week.\n4/ Walk every day.\nBoring works.\n\nComment PLAN and I will send it.';
    // base .12 + number .12 + hook word .15 + emoji .04 + thread .08 + CTA .05 + list .08 + 20–120 words .10
    expect(defaultVirality(post)).toBeCloseTo(0.74, 12);
  });

  it('ranks a question hook above the same body without it', () => {
    const body = 'Progressive overload beats any fancy program. Add one rep or a little weight every week.';
    expect(defaultVirality(`Why do you feel tired after every workout?\n\n${body}`)).toBeGreaterThan(
      defaultVirality(body),
    );
  });

  it('does not fire hook words inside other words', () => {
    expect(defaultVirality('Stopwatch ready for the whys and mistakenly labelled stuff')).toBeCloseTo(
      0.12,
      12,
    );
  });

  it('stays within 0.02..0.98 on a megabyte of adversarial text (linear: a quadratic pass would time out)', () => {
    const v = defaultVirality(adversarial('comment ', 500_000) + adversarial('1/ ', 500_000) + '?');
    expect(v).toBeGreaterThanOrEqual(0.02);
    expect(v).toBeLessThanOrEqual(0.98);
  });
});
