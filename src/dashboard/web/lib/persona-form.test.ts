import { describe, expect, it } from 'vitest';
import { draftFromPersona, EMPTY_PERSONA, parsePersonaDraft, personaFieldOf } from './persona-form.js';

describe(parsePersonaDraft.name, () => {
  it('builds the API body: lists split on commas, numbers parsed, empty quiet hours and threshold are null', () => {
    const sut = parsePersonaDraft({
      ...EMPTY_PERSONA,
      id: ' maya ',
      account_id: 'acct_maya',
      name: 'Maya',
      topics: 'deadlifts, mobility ,,',
      avoid: '',
      posts_per_day: '4',
    });
    expect(sut).toEqual({
      ok: true,
      id: 'maya',
      body: {
        account_id: 'acct_maya',
        name: 'Maya',
        voice: '',
        topics: ['deadlifts', 'mobility'],
        avoid: [],
        language: 'en',
        posts_per_day: 4,
        quiet_hours: null,
        approval: 'review',
        auto_threshold: null,
      },
    });
  });

  it('leaves ranges to the server: 0 posts a day and hour 30 are sent as typed', () => {
    const sut = parsePersonaDraft({
      ...EMPTY_PERSONA,
      posts_per_day: '0',
      quiet_start: '22',
      quiet_end: '30',
    });
    expect(sut.ok && sut.body.posts_per_day).toBe(0);
    expect(sut.ok && sut.body.quiet_hours).toEqual({ start: 22, end: 30 });
  });

  it('reports what cannot be sent, at its field', () => {
    const sut = parsePersonaDraft({
      ...EMPTY_PERSONA,
      posts_per_day: '2.5',
      quiet_start: '22',
      quiet_end: '',
      auto_threshold: 'high',
    });
    expect(sut.ok).toBe(false);
    expect(!sut.ok && Object.keys(sut.errors).sort()).toEqual([
      'auto_threshold',
      'posts_per_day',
      'quiet_end',
    ]);
  });
});

describe(draftFromPersona.name, () => {
  it('round-trips a stored persona through the form', () => {
    const persona = {
      id: 'p1',
      account_id: 'a',
      name: 'P',
      voice: 'dry',
      topics: ['x', 'y z'],
      avoid: ['w'],
      language: 'fr',
      posts_per_day: 2,
      quiet_hours: { start: 23, end: 7 },
      approval: 'auto' as const,
      auto_threshold: 0.05,
    };
    const { id, ...body } = persona;
    expect(parsePersonaDraft(draftFromPersona(persona))).toEqual({ ok: true, id, body });
  });
});

describe(personaFieldOf.name, () => {
  it('names the form field of a body path', () => {
    expect(personaFieldOf(['posts_per_day'])).toBe('posts_per_day');
    expect(personaFieldOf(['topics', 3])).toBe('topics');
    expect(personaFieldOf(['quiet_hours', 'end'])).toBe('quiet_end');
    expect(personaFieldOf(['quiet_hours'])).toBe('quiet_start');
    expect(personaFieldOf(['toString'])).toBe(undefined);
    expect(personaFieldOf(['seed'])).toBe(undefined);
  });
});
