import { describe, expect, it } from 'vitest';
import { draftFromRule, EMPTY_DRAFT, parseDraft } from './rule-form.js';

describe(parseDraft.name, () => {
  it('builds the API body from a valid draft', () => {
    const sut = parseDraft({
      ...EMPTY_DRAFT,
      name: ' Link sender ',
      account_id: '',
      intent: 'purchase_intent',
      threshold: '0.65',
      keywords: 'LINK, price ,,',
      match: 'all',
      template: 'Hi {author}, {code}',
      variables: 'code = SAVE10\n\n',
    });
    expect(sut).toEqual({
      ok: true,
      body: {
        name: 'Link sender',
        account_id: null,
        intent: 'purchase_intent',
        threshold: 0.65,
        keywords: ['LINK', 'price'],
        match: 'all',
        template: 'Hi {author}, {code}',
        variables: { code: 'SAVE10' },
        enabled: true,
        delivery: 'dm',
      },
    });
  });

  it('accepts keywords without an intent and drops the threshold', () => {
    const sut = parseDraft({ ...EMPTY_DRAFT, name: 'k', intent: '', threshold: '0.9', keywords: 'LINK' });
    expect(sut.ok && sut.body.threshold).toBe(null);
    expect(sut.ok && sut.body.intent).toBe(null);
  });

  it('reports every problem at once', () => {
    const sut = parseDraft({
      ...EMPTY_DRAFT,
      name: ' ',
      template: '',
      intent: '',
      keywords: '',
      variables: 'no equals sign',
    });
    expect(sut.ok).toBe(false);
    expect(!sut.ok && Object.keys(sut.errors).sort()).toEqual(['keywords', 'name', 'template', 'variables']);
  });

  it('rejects a threshold outside 0–1 or missing with an intent', () => {
    expect(parseDraft({ ...EMPTY_DRAFT, name: 'a', threshold: '1.5' }).ok).toBe(false);
    expect(parseDraft({ ...EMPTY_DRAFT, name: 'a', threshold: '' }).ok).toBe(false);
  });
});

describe(draftFromRule.name, () => {
  it('round-trips a stored rule through the form', () => {
    const rule = {
      id: 3,
      account_id: 'acct',
      name: 'r',
      intent: 'question' as const,
      threshold: 0.5,
      keywords: ['a', 'b c'],
      match: 'any' as const,
      template: 't {x}',
      variables: { x: '1' },
      enabled: false,
      delivery: 'public_reply' as const,
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
    };
    const { id: _id, created_at: _c, updated_at: _u, ...fields } = rule;
    expect(parseDraft(draftFromRule(rule))).toEqual({ ok: true, body: fields });
  });
});
