import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INTENTS, INTENT_MODEL_VERSION, classifyIntent, type Intent } from './intent.js';
import { tokenize } from './tokenize.js';
import { adversarial } from '../../test/helpers/linear-time.js';

const CASES: [Intent, string[]][] = [
  [
    'purchase_intent',
    [
      'How much is this?',
      'Where can I buy one??',
      'take my money 😭',
      'LINK',
      'link please!',
      'DM me the link please',
      'Is this available in the UK?',
      'I need this in my life',
      'RECIPE',
      'GUIDE please 🙏',
      "I'd pay for this honestly",
    ],
  ],
  [
    'question',
    [
      'How did you edit this video?',
      'What app do you use for captions?',
      'Does this work for beginners?',
      // indirect, no "?"
      'wondering if this works on android',
      'is there a way to get it in size M',
      'hey, how do you edit your videos',
      'Hi! quick question, do you film this on a phone?',
      // rules.v5: requests for an answer in their indirect forms
      "I'd like to know if the recipe works without eggs",
      'we want to know how long the battery lasts',
      'someone please tell me what song this is',
      'can anyone recommend a tripod for this',
      'any recommendations for a first camera',
    ],
  ],
  [
    'praise',
    [
      'Love this so much 🔥',
      'Thank you for sharing, super helpful',
      'This is gold',
      'So true 👏',
      'you never miss',
      'FACTS',
      // praise in so many words outranks a complaint no grievance phrase backs
      'thank you so much, I hate how helpful this is',
    ],
  ],
  [
    'complaint',
    [
      'This is a scam, never received my order',
      'Worst advice ever',
      'I am so disappointed with the quality',
      'Ordered two weeks ago and still nothing. Refund please',
      // real replies to brands that rules.v3 missed (other, spam, question, purchase intent)
      'BOO!',
      'GMO corn flakes???!?! YUK!!!!!',
      'U SUCK ! I WANT MY 16.90 BACK',
      '@brand where is my order? It has been 3 weeks',
      '@brand my package never arrived https://t.co/abc',
      // rules.v5: annoyance, disagreement and insults said to the reader
      'the new layout is so annoying',
      'I disagree, this is not how it works',
      'how dare you charge for this',
      'honestly this is boring now',
    ],
  ],
  [
    'spam',
    [
      'Check out my page for free followers 🔥 link in bio',
      'Subscribe to my channel pls!!',
      'follow back? 🙏 I follow everyone back',
      'DM me for collab 💰',
      // a follower seller's "buy" is no purchase intent
      'buy followers cheap www.bit.ly/x9k2',
      'Buy likes and views here 👉 https://example.com/boost',
    ],
  ],
  [
    'other',
    [
      'I went to the beach yesterday',
      'lol',
      'LOL',
      'My cat does the same thing',
      'I need to sleep more',
      'it is raining here ❤️',
    ],
  ],
];

describe(classifyIntent.name, () => {
  for (const [intent, texts] of CASES) {
    it.each(texts)(`labels %j as ${intent}`, (text) => {
      const sut = classifyIntent(text);
      expect(sut.intent).toBe(intent);
      expect(sut.scores[intent]).toBeGreaterThanOrEqual(0.5);
    });
  }

  it('treats a creator keyword as purchase intent, matching case and hashtags', () => {
    expect(classifyIntent('blueprint').intent).toBe('other');
    expect(classifyIntent('BLUEPRINT', { keywords: ['blueprint'] }).intent).toBe('purchase_intent');
    expect(
      classifyIntent('sending #Blueprint now', { keywords: ['BLUEPRINT'] }).scores.purchase_intent,
    ).toBeGreaterThanOrEqual(0.95);
  });

  it('ranks leads: purchase above question above praise, spam at zero', () => {
    const lead = (text: string) => classifyIntent(text).lead_score;
    expect(lead('How much is this?')).toBeGreaterThan(0.8);
    expect(lead('How did you edit this video?')).toBeGreaterThan(0.3);
    expect(lead('How did you edit this video?')).toBeLessThan(lead('How much is this?'));
    expect(lead('Love this so much 🔥')).toBeLessThan(lead('How did you edit this video?'));
    expect(lead('Subscribe to my channel pls!!')).toBeLessThan(0.05);
  });

  it('does not score a complaint about an order as a purchase lead', () => {
    const lead = (text: string) => classifyIntent(text).lead_score;
    expect(lead('My order never arrived. How do I get a refund?')).toBeLessThan(0.3);
    expect(lead('@brand where is my order? It has been 3 weeks')).toBeLessThan(0.2);
    expect(lead('Is it available in blue?')).toBeGreaterThan(0.8);
  });

  it('lets a clearly stronger complaint outrank a question in a plain reply, not in a headline with a link', () => {
    expect(classifyIntent('ugh this is so annoying, who thought this was a good idea?').intent).toBe(
      'complaint',
    );
    expect(
      classifyIntent('this is so annoying, who thought this was a good idea? https://t.co/x').intent,
    ).toBe('question');
    // a milder complaint phrase does not hide a clear question
    expect(classifyIntent('I disagree. Is that really how it works?').intent).toBe('question');
  });

  it('names the evidence that decided the label', () => {
    expect(classifyIntent('I want a refund, this is broken').evidence[0]).toBe('complaint phrase “refund”');
    expect(classifyIntent('How much is this?').evidence).toEqual(['purchase phrase “how much”']);
    expect(classifyIntent('Check out my page for free followers 🔥 link in bio').evidence[0]).toMatch(
      /^spam model 1\.00 ≥ 0\.\d+$/,
    );
    expect(classifyIntent('what app is this?').evidence[0]).toMatch(
      /^question \(tweet acts\) model 0\.\d\d: “\?”, wh-opening$/,
    );
    expect(classifyIntent('I went to the beach yesterday').evidence).toEqual(['no intent scored ≥ 0.50']);
  });

  it('makes other the complement of the strongest score', () => {
    const sut = classifyIntent('My cat does the same thing');
    const { other, ...rest } = sut.scores;
    expect(other).toBeCloseTo(1 - Math.max(...Object.values(rest)), 3);
  });

  it('gives the same result from text and from its tokens', () => {
    const text = 'Where can I buy one?? 😍';
    expect(classifyIntent(text, { tokens: tokenize(text) })).toEqual(classifyIntent(text));
  });

  it('reports the versions of every model and rule set', () => {
    expect(classifyIntent('ok').model_version).toBe('intent.v3+complaint.v1+question.v1+spam.v2+rules.v5');
    expect(INTENT_MODEL_VERSION).toBe('intent.v3+complaint.v1+question.v1+spam.v2+rules.v5');
  });

  it('returns every score in [0, 1] and never throws on random Unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const sut = classifyIntent(text);
        expect(INTENTS).toContain(sut.intent);
        for (const v of [...Object.values(sut.scores), sut.lead_score]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('classifies a megabyte of adversarial text (linear: a quadratic pass would time out)', () => {
    for (const text of [
      adversarial('?'),
      adversarial('how much '),
      adversarial('\ud83d'),
      adversarial('link '),
    ]) {
      const sut = classifyIntent(text);
      expect(INTENTS).toContain(sut.intent);
      for (const v of [...Object.values(sut.scores), sut.lead_score]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });
});
