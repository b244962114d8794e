import { describe, expect, it } from 'vitest';
import { FeatureVector, cueHash } from './linear.js';
import { decodeHtmlEntities, spamFeatures, spamTokensOf } from './spam-features.js';
import { tokenize } from './tokenize.js';

const MASK = 0xffffff;
const CUES_ONLY = { unigrams: false, bigrams: false, charNgrams: null };

/** cue name → value, for the cues of `text` */
function cues(text: string): Map<number, number> {
  const fv = spamFeatures(tokenize(text), text, MASK, new FeatureVector(), CUES_ONLY);
  const out = new Map<number, number>();
  for (let i = 0; i < fv.size; i++) out.set(fv.idx[i]!, (out.get(fv.idx[i]!) ?? 0) + fv.val[i]!);
  return out;
}

const cue = (name: string) => cueHash(`spam:${name}`) & MASK;

describe(spamFeatures.name, () => {
  it('counts links and bare domains, capped at 3', () => {
    const sut = cues('see murdev.com and bit.ly/x and https://a.io https://b.io https://c.io https://d.io');
    expect(sut.get(cue('url'))).toBe(3);
    expect(sut.get(cue('domain'))).toBe(2);
  });

  it('does not take a sentence end for a domain', () => {
    expect(cues('I love it. com on').get(cue('domain'))).toBeUndefined();
  });

  it('measures the ALL CAPS ratio over letters outside URLs', () => {
    // 'WIN BIG now' → 6 upper of 9 letters
    expect(cues('WIN BIG now https://X.COM/ABC').get(cue('caps_ratio'))).toBeCloseTo(6 / 9, 6);
    expect(cues('WIN').get(cue('caps_ratio'))).toBeUndefined();
  });

  it('marks own promotion, calls to act, money and contact phrases', () => {
    const sut = cues('check out my channel, earn cash, add me');
    expect(sut.get(cue('promo_own'))).toBe(2); // "check out my", "my channel"
    expect(sut.get(cue('promo_call'))).toBe(1); // "check out"
    expect(sut.get(cue('money'))).toBe(2);
    expect(sut.get(cue('contact'))).toBe(1);
    expect(cues('I checked the views').get(cue('promo_own'))).toBeUndefined();
  });

  it('separates a customer with a link from a plug: grievance, leading @mention, link with own promotion', () => {
    const customer = cues('@brand where is my order?? refund please https://example.com/order/1');
    expect(customer.get(cue('grievance'))).toBe(2); // "my order", "refund"
    expect(customer.get(cue('lead_mention'))).toBe(1);
    expect(customer.get(cue('url_with_own_promo'))).toBeUndefined();
    const plug = cues('subscribe to my channel https://example.com/c/me');
    expect(plug.get(cue('url_with_own_promo'))).toBe(1);
    expect(plug.get(cue('lead_mention'))).toBeUndefined();
  });

  it('catches misspelt "subscribe"', () => {
    for (const w of ['subscribe', 'suscribe', 'sucscribe', 'subscribirse'])
      expect(cues(`please ${w}`).get(cue('subscribe_stem'))).toBe(1);
    expect(cues('a subtle sub').get(cue('subscribe_stem'))).toBeUndefined();
  });
});

describe(spamTokensOf.name, () => {
  it('keeps the tokens that end within the first 2,000 chars', () => {
    const tokens = tokenize(`${'ab '.repeat(666)}abcd efg`);
    const sut = spamTokensOf(tokens);
    expect(sut).toHaveLength(666);
    expect(spamTokensOf(sut)).toBe(sut);
  });
});

describe(decodeHtmlEntities.name, () => {
  it('decodes named, decimal and hex entities and leaves unknown ones', () => {
    expect(decodeHtmlEntities('a &amp; b &lt;3 it&#39;s &#x1F600; &bogus; &#0;')).toBe(
      "a & b <3 it's 😀 &bogus; &#0;",
    );
    expect(decodeHtmlEntities('no entities')).toBe('no entities');
  });
});
