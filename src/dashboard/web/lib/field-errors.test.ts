import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { formErrors } from './field-errors.js';

const fieldOf = (path: (string | number)[]) =>
  path[0] === 'name' || path[0] === 'topics' ? (path[0] as 'name' | 'topics') : undefined;

describe(formErrors.name, () => {
  it('puts each 422 issue beside the field its location names, joining two on one field', () => {
    const err = new ApiError(422, 'x', [
      { loc: ['body', 'name'], msg: 'String should have at least 1 character' },
      { loc: ['body', 'topics', 2], msg: 'String should have at least 1 character' },
      { loc: ['body', 'topics'], msg: 'List should have at most 50 items' },
    ]);
    expect(formErrors(err, fieldOf)).toEqual({
      fields: {
        name: 'String should have at least 1 character',
        topics: 'String should have at least 1 character; List should have at most 50 items',
      },
      general: '',
    });
  });

  it('keeps what belongs to no field of the form as the general message, with its location', () => {
    const err = new ApiError(422, 'x', [
      { loc: ['body', 'seed'], msg: 'Input should be a valid integer' },
      { loc: ['body'], msg: 'Field required' },
    ]);
    expect(formErrors(err, fieldOf)).toEqual({
      fields: {},
      general: 'seed: Input should be a valid integer; Field required',
    });
  });

  it('gives any other failure as the general message', () => {
    expect(formErrors(new ApiError(409, 'Persona a is the persona of stored posts'), fieldOf)).toEqual({
      fields: {},
      general: 'Persona a is the persona of stored posts',
    });
    expect(formErrors(new Error('Cannot reach the server'), fieldOf).general).toBe('Cannot reach the server');
  });
});
