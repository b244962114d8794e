import { describe, expect, it } from 'vitest';
import { draftFromTemplate, EMPTY_TEMPLATE, templateBody, templateFieldOf } from './template-form.js';

describe(templateBody.name, () => {
  it('sends the variables typed, or none so that the server takes the body’s slots', () => {
    expect(templateBody({ ...EMPTY_TEMPLATE, name: ' T ', variables: 'topic, hook_family,' })).toEqual({
      name: 'T',
      hook_family: 'question',
      body: EMPTY_TEMPLATE.body,
      variables: ['topic', 'hook_family'],
    });
    expect(templateBody({ ...EMPTY_TEMPLATE, name: 'T', variables: ' ' })).not.toHaveProperty('variables');
  });

  it('round-trips a stored template', () => {
    const t = {
      id: 1,
      name: 'Q',
      version: 2,
      body: 'Ask about {topic}',
      hook_family: 'question',
      variables: ['topic'],
      performance: { drafts: 0, published: 0, measured: 0, mean_engagement: null },
      updated_at: '2026-01-01T00:00:00Z',
    };
    expect(templateBody(draftFromTemplate(t))).toEqual({
      name: 'Q',
      body: 'Ask about {topic}',
      hook_family: 'question',
      variables: ['topic'],
    });
  });
});

describe(templateFieldOf.name, () => {
  it('names the form field of a body path', () => {
    expect(templateFieldOf(['variables', 0])).toBe('variables');
    expect(templateFieldOf(['hook_family'])).toBe('hook_family');
    expect(templateFieldOf(['constructor'])).toBe(undefined);
  });
});
