import { describe, expect, it } from 'vitest';
import { describeError, validationIssues, withQuery } from './api.js';

describe(withQuery.name, () => {
  it('drops empty values and encodes the rest', () => {
    expect(
      withQuery('/api/comments', { intent: 'question', q: 'a&b', post_id: undefined, x: null, y: '' }),
    ).toBe('/api/comments?intent=question&q=a%26b');
    expect(withQuery('/api/posts', {})).toBe('/api/posts');
    expect(withQuery('/api/comments', { handled: false, offset: 0 })).toBe(
      '/api/comments?handled=false&offset=0',
    );
  });
});

describe(describeError.name, () => {
  it('joins FastAPI validation details with their field', () => {
    const body = {
      detail: [{ loc: ['body', 'threshold'], msg: 'Input should be less than or equal to 1', type: 'x' }],
    };
    expect(describeError(422, body)).toBe('threshold: Input should be less than or equal to 1');
  });

  it('uses a string detail as is and falls back on the status', () => {
    expect(describeError(404, { detail: 'Post not found' })).toBe('Post not found');
    expect(describeError(503, null)).toBe('The server failed (HTTP 503)');
    expect(describeError(404, 'html')).toBe('Not found');
  });
});

describe(validationIssues.name, () => {
  it('reads the location and message of each FastAPI issue', () => {
    const body = {
      detail: [
        { type: 'greater_than_equal', loc: ['body', 'posts_per_day'], msg: 'Input should be ≥ 1', input: 0 },
        { type: 'x', loc: ['body', 'topics', 0] },
        { type: 'x', msg: 'no location' },
      ],
    };
    expect(validationIssues(body)).toEqual([
      { loc: ['body', 'posts_per_day'], msg: 'Input should be ≥ 1' },
      { loc: ['body', 'topics', 0], msg: 'invalid' },
    ]);
    expect(validationIssues({ detail: 'Not found' })).toEqual([]);
    expect(validationIssues(null)).toEqual([]);
  });
});
