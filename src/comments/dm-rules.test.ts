import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  keywordMatcher,
  matchesKeywords,
  parseTemplate,
  renderTemplate,
  ruleMatches,
  templateValues,
  validateRuleConditions,
  validateRuleTemplate,
  type DmRule,
  type RuleInput,
} from './dm-rules.js';
import type { Intent } from './schemas.js';
import { adversarial } from '../../test/helpers/linear-time.js';

function makeRule(overrides: Partial<DmRule> = {}): DmRule {
  return {
    id: 1,
    account_id: null,
    name: 'link',
    intent: null,
    threshold: null,
    keywords: ['LINK'],
    match: 'any',
    template: 'Hi {author}, here it is: {post_url}',
    variables: {},
    enabled: true,
    delivery: 'dm',
    ...overrides,
  };
}

function makeInput(
  text: string,
  intent: Intent = 'other',
  scores: Partial<Record<Intent, number>> = {},
): RuleInput {
  return {
    text,
    intent,
    scores: { purchase_intent: 0, question: 0, praise: 0, complaint: 0, spam: 0, other: 0, ...scores },
  };
}

describe(parseTemplate.name, () => {
  it('splits literals and placeholders and unescapes doubled braces', () => {
    expect(parseTemplate('{{x}} hi {author}!')).toEqual([
      { literal: '{x} hi ' },
      { placeholder: 'author' },
      { literal: '!' },
    ]);
  });

  it('reports an unclosed brace with its position', () => {
    expect(parseTemplate('hi {author')).toEqual({ error: 'unclosed "{" at position 3' });
  });

  it('reports a lone closing brace', () => {
    expect(parseTemplate('a } b')).toEqual({
      error: 'unmatched "}" at position 2 (write "}}" for a literal brace)',
    });
  });

  it('rejects a placeholder that is not an identifier', () => {
    expect(parseTemplate('{first name}')).toEqual({
      error: 'invalid placeholder "{first name}" at position 0',
    });
  });
});

describe(validateRuleTemplate.name, () => {
  it('accepts built-ins and declared variables', () => {
    expect(validateRuleTemplate('{author} {post_url} {code}', { code: 'X1' })).toEqual([]);
  });

  it('names an unknown placeholder and the known ones', () => {
    const sut = validateRuleTemplate('Hi {autor}', {});
    expect(sut).toEqual([
      { field: 'template', message: 'unknown placeholder {autor}; known: {author}, {post_url}' },
    ]);
  });

  it('refuses a variable that shadows a built-in', () => {
    expect(validateRuleTemplate('{author}', { author: 'x' })).toEqual([
      { field: 'variables', message: '"author" is built in and cannot be redefined' },
    ]);
  });
});

describe(validateRuleConditions.name, () => {
  it('requires an intent or keywords', () => {
    expect(validateRuleConditions({ intent: null, threshold: null, keywords: [] })).toHaveLength(1);
  });

  it('requires a threshold with an intent', () => {
    expect(validateRuleConditions({ intent: 'question', threshold: null, keywords: [] })).toEqual([
      { field: 'threshold', message: 'threshold is required with intent' },
    ]);
  });

  it('accepts keywords alone and intent with threshold', () => {
    expect(validateRuleConditions({ intent: null, threshold: null, keywords: ['link'] })).toEqual([]);
    expect(validateRuleConditions({ intent: 'praise', threshold: 0.5, keywords: [] })).toEqual([]);
  });
});

describe(renderTemplate.name, () => {
  it('fills placeholders with the given values', () => {
    const sut = renderTemplate('Hi {author}, code {code} → {post_url} {{ok}}', {
      author: 'ana',
      code: 'SAVE10',
      post_url: 'https://threads.net/p/1',
    });
    expect(sut).toBe('Hi ana, code SAVE10 → https://threads.net/p/1 {ok}');
  });

  it('does not expand placeholders inside values', () => {
    expect(renderTemplate('{author}', { author: '{post_url}' })).toBe('{post_url}');
  });

  it('throws when a value is missing', () => {
    expect(() => renderTemplate('{code}', {})).toThrow('no value for placeholder {code}');
  });
});

describe(templateValues.name, () => {
  it('keeps built-ins over same-named variables', () => {
    expect(
      templateValues({ variables: { author: 'evil', code: 'c' } }, { author: 'ana', post_url: 'u' }),
    ).toEqual({
      author: 'ana',
      post_url: 'u',
      code: 'c',
    });
  });
});

describe(matchesKeywords.name, () => {
  it('matches whole words case-insensitively', () => {
    expect(matchesKeywords('please send the link!', ['LINK'])).toBe(true);
    expect(matchesKeywords('LINK', ['link'])).toBe(true);
  });

  it('does not match inside a longer word', () => {
    expect(matchesKeywords('check my linkedin', ['link'])).toBe(false);
    expect(matchesKeywords('hyperlink', ['link'])).toBe(false);
  });

  it('matches a phrase across any whitespace', () => {
    expect(matchesKeywords('can you send\n  info please', ['send info'])).toBe(true);
  });

  it('treats regex characters in a keyword literally', () => {
    expect(matchesKeywords('price in $ please', ['$'])).toBe(true);
    expect(matchesKeywords('a.b', ['a.b'])).toBe(true);
    expect(matchesKeywords('axb', ['a.b'])).toBe(false);
  });

  it('respects word boundaries of non-Latin scripts', () => {
    expect(matchesKeywords('quiero el enlace ahora', ['enlace'])).toBe(true);
    expect(matchesKeywords('ссылку пожалуйста', ['ссылку'])).toBe(true);
    expect(matchesKeywords('ссылкуй', ['ссылку'])).toBe(false);
  });

  it('is false without keywords', () => {
    expect(matchesKeywords('link', [])).toBe(false);
  });

  it('never throws on random text and keywords', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'grapheme', minLength: 1 }),
        (text, kw) => {
          expect(typeof matchesKeywords(text, [kw])).toBe('boolean');
        },
      ),
    );
  });

  it('matches against a megabyte of adversarial text (linear: a backtracking pattern would time out)', () => {
    expect(keywordMatcher('a a a a b').test(adversarial('a') + '!')).toBe(false);
    expect(matchesKeywords(adversarial(' '), ['link'])).toBe(false);
    expect(matchesKeywords(adversarial(' ') + 'link', ['link'])).toBe(true);
  });
});

describe(ruleMatches.name, () => {
  it('fires on a keyword', () => {
    expect(ruleMatches(makeRule(), makeInput('LINK please'))).toBe(true);
  });

  it('never fires on spam, even with the keyword', () => {
    expect(ruleMatches(makeRule(), makeInput('LINK in my bio', 'spam', { spam: 0.9 }))).toBe(false);
  });

  it('never fires when disabled', () => {
    expect(ruleMatches(makeRule({ enabled: false }), makeInput('LINK'))).toBe(false);
  });

  it('fires on intent at or above the threshold only', () => {
    const sut = makeRule({ keywords: [], intent: 'purchase_intent', threshold: 0.7 });
    expect(ruleMatches(sut, makeInput('where to buy', 'purchase_intent', { purchase_intent: 0.7 }))).toBe(
      true,
    );
    expect(ruleMatches(sut, makeInput('where to buy', 'purchase_intent', { purchase_intent: 0.69 }))).toBe(
      false,
    );
  });

  it('with match=all needs both the intent and a keyword', () => {
    const sut = makeRule({ intent: 'purchase_intent', threshold: 0.5, match: 'all' });
    expect(ruleMatches(sut, makeInput('LINK', 'other', { purchase_intent: 0.2 }))).toBe(false);
    expect(ruleMatches(sut, makeInput('buy it', 'purchase_intent', { purchase_intent: 0.8 }))).toBe(false);
    expect(ruleMatches(sut, makeInput('LINK to buy', 'purchase_intent', { purchase_intent: 0.8 }))).toBe(
      true,
    );
  });

  it('with match=any needs either', () => {
    const sut = makeRule({ intent: 'purchase_intent', threshold: 0.5, match: 'any' });
    expect(ruleMatches(sut, makeInput('LINK', 'other', { purchase_intent: 0.2 }))).toBe(true);
    expect(ruleMatches(sut, makeInput('buy it', 'purchase_intent', { purchase_intent: 0.8 }))).toBe(true);
    expect(ruleMatches(sut, makeInput('nice', 'praise', { purchase_intent: 0.1 }))).toBe(false);
  });
});
