import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { laxBool, laxDatetime, laxFloat, laxInt, laxStr, validateBody } from './pydantic-lax.js';

/**
 * Pydantic v2's lax-mode conversion table, one row per case we follow
 * (docs.pydantic.dev/latest/concepts/conversion_table, "Python & JSON" rows; FastAPI validates
 * the `json.loads` result in Python mode). `value` is what the field holds after conversion,
 * `error` the Pydantic error type.
 */
type Row = [field: string, input: unknown, expected: { value: unknown } | { error: string }];

const CONVERTERS = { int: laxInt, float: laxFloat, str: laxStr, bool: laxBool, datetime: laxDatetime };

const ROWS: Row[] = [
  // int
  ['int', 1500, { value: 1500 }],
  ['int', -3, { value: -3 }],
  ['int', 1500.0, { value: 1500 }],
  ['int', 1500.5, { error: 'int_from_float' }],
  ['int', '1500', { value: 1500 }],
  ['int', ' 1500 ', { value: 1500 }],
  ['int', '+7', { value: 7 }],
  ['int', '-7', { value: -7 }],
  ['int', '1500.0', { value: 1500 }],
  ['int', '1500.5', { error: 'int_parsing' }],
  ['int', 'abc', { error: 'int_parsing' }],
  ['int', '', { error: 'int_parsing' }],
  ['int', '1e3', { error: 'int_parsing' }],
  ['int', '0x10', { error: 'int_parsing' }],
  ['int', '99999999999999999999', { error: 'int_parsing_size' }],
  ['int', true, { value: 1 }],
  ['int', false, { value: 0 }],
  ['int', null, { error: 'int_type' }],
  ['int', {}, { error: 'int_type' }],
  ['int', [1], { error: 'int_type' }],
  // float
  ['float', 0.85, { value: 0.85 }],
  ['float', 1, { value: 1 }],
  ['float', '0.85', { value: 0.85 }],
  ['float', ' 95 ', { value: 95 }],
  ['float', '1e-3', { value: 0.001 }],
  ['float', '.5', { value: 0.5 }],
  ['float', '1_000.5', { value: 1000.5 }],
  ['float', 'abc', { error: 'float_parsing' }],
  ['float', '', { error: 'float_parsing' }],
  ['float', 'inf', { error: 'finite_number' }],
  ['float', 'NaN', { error: 'finite_number' }],
  ['float', true, { value: 1 }],
  ['float', null, { error: 'float_type' }],
  ['float', [0.5], { error: 'float_type' }],
  // str: never from numbers or booleans
  ['str', 'hello', { value: 'hello' }],
  ['str', '', { value: '' }],
  ['str', 123, { error: 'string_type' }],
  ['str', 1.5, { error: 'string_type' }],
  ['str', true, { error: 'string_type' }],
  ['str', null, { error: 'string_type' }],
  ['str', ['a'], { error: 'string_type' }],
  // bool
  ['bool', true, { value: true }],
  ['bool', false, { value: false }],
  ['bool', 1, { value: true }],
  ['bool', 0, { value: false }],
  ['bool', 1.0, { value: true }],
  ['bool', 2, { error: 'bool_parsing' }],
  ['bool', 0.5, { error: 'bool_parsing' }],
  ...(['1', 'on', 't', 'true', 'True', 'TRUE', 'y', 'yes', 'Yes'] as const).map((w): Row => [
    'bool',
    w,
    { value: true },
  ]),
  ...(['0', 'off', 'f', 'false', 'False', 'n', 'no', 'NO'] as const).map((w): Row => [
    'bool',
    w,
    { value: false },
  ]),
  ['bool', 'maybe', { error: 'bool_parsing' }],
  ['bool', '', { error: 'bool_parsing' }],
  ['bool', null, { error: 'bool_type' }],
  ['bool', [], { error: 'bool_type' }],
  // datetime: ISO 8601 with offset
  ['datetime', '2025-08-03T20:11:51.000Z', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '2025-08-03T20:11:51z', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '2025-08-03T22:11:51+02:00', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '2025-08-03T22:11:51+0200', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '2025-08-03T15:11:51-05:00', { value: '2025-08-03T20:11:51.000Z' }],
  // naive (Python's datetime.now().isoformat()): read as UTC, SPEC §2.1
  ['datetime', '2025-08-03T20:11:51.123456', { value: '2025-08-03T20:11:51.123Z' }],
  ['datetime', '2025-08-03T20:11:51', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '2025-08-03T20:11', { value: '2025-08-03T20:11:00.000Z' }],
  // separators speedate accepts: T, t, space, underscore
  ['datetime', '2025-08-03 20:11:51', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '2025-08-03t20:11:51', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '2025-08-03_20:11:51', { value: '2025-08-03T20:11:51.000Z' }],
  // date only: midnight (lax mode)
  ['datetime', '2025-08-03', { value: '2025-08-03T00:00:00.000Z' }],
  // Unix time: seconds up to 2e10, milliseconds above; numbers and numeric strings
  ['datetime', 1754251911, { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', 1754251911.5, { value: '2025-08-03T20:11:51.500Z' }],
  ['datetime', 1754251911000, { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '1754251911', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', '1754251911000', { value: '2025-08-03T20:11:51.000Z' }],
  ['datetime', 0, { value: '1970-01-01T00:00:00.000Z' }],
  // errors
  ['datetime', 'yesterday', { error: 'datetime_from_date_parsing' }],
  ['datetime', '2025-13-03T20:11:51', { error: 'datetime_from_date_parsing' }],
  ['datetime', '2025-02-30', { error: 'datetime_from_date_parsing' }],
  ['datetime', '2025-08-03T25:11:51', { error: 'datetime_from_date_parsing' }],
  ['datetime', '2025-08-03T', { error: 'datetime_from_date_parsing' }],
  ['datetime', '', { error: 'datetime_from_date_parsing' }],
  ['datetime', 1e20, { error: 'datetime_parsing' }],
  ['datetime', true, { error: 'datetime_type' }],
  ['datetime', null, { error: 'datetime_type' }],
  ['datetime', {}, { error: 'datetime_type' }],
];

describe('Pydantic v2 lax conversion table', () => {
  it.each(ROWS)('%s ← %j', (field, input, expected) => {
    const out = CONVERTERS[field as keyof typeof CONVERTERS](input);
    if ('value' in expected) expect(out).toEqual({ ok: true, value: expected.value });
    else expect(out).toMatchObject({ ok: false, issue: { type: expected.error, input } });
  });

  it("words the datetime errors as pydantic-core does, with speedate's reason in ctx", () => {
    expect(laxDatetime('yesterday')).toEqual({
      ok: false,
      issue: {
        type: 'datetime_from_date_parsing',
        msg: 'Input should be a valid datetime or date, input is too short',
        input: 'yesterday',
        ctx: { error: 'input is too short' },
      },
    });
    expect(laxDatetime('not a date')).toMatchObject({
      issue: { msg: 'Input should be a valid datetime or date, invalid character in year' },
    });
    expect(laxDatetime('2025-08-03T25:00:00')).toMatchObject({
      issue: { ctx: { error: 'unexpected extra characters at the end of the input' } },
    });
    expect(laxDatetime('2025-13-03')).toMatchObject({
      issue: { ctx: { error: 'month value is outside expected range of 1-12' } },
    });
  });
});

describe('validateBody (a model, as FastAPI validates a body)', () => {
  const Model = Type.Object({
    content: Type.String({ minLength: 1, maxLength: 5 }),
    likes: Type.Integer({ minimum: 0 }),
    rate: Type.Number({ minimum: 0, maximum: 1 }),
    at: Type.String({ format: 'date-time' }),
    tags: Type.Array(Type.String(), { maxItems: 2 }),
    flag: Type.Boolean({ default: false }),
    parent: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    level: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('low')])),
  });
  const good = { content: 'hi', likes: '3', rate: '0.5', at: '2025-08-03 20:11:51', tags: ['a'] };

  it('converts every field by the table, fills defaults and ignores extra keys', () => {
    expect(validateBody(Model, { ...good, extra: 1 })).toEqual({
      value: { content: 'hi', likes: 3, rate: 0.5, at: '2025-08-03T20:11:51.000Z', tags: ['a'], flag: false },
      errors: [],
    });
  });

  it('lists every error in field order, with input and ctx, the constraint checked on the converted value', () => {
    const input = { content: '', likes: '-1', rate: 'x', tags: 'a', parent: 5, level: 'mid' };
    expect(validateBody(Model, input).errors).toEqual([
      {
        type: 'string_too_short',
        loc: ['content'],
        msg: 'String should have at least 1 character',
        input: '',
        ctx: { min_length: 1 },
      },
      {
        type: 'greater_than_equal',
        loc: ['likes'],
        msg: 'Input should be greater than or equal to 0',
        input: '-1',
        ctx: { ge: 0 },
      },
      {
        type: 'float_parsing',
        loc: ['rate'],
        msg: 'Input should be a valid number, unable to parse string as a number',
        input: 'x',
      },
      { type: 'missing', loc: ['at'], msg: 'Field required', input },
      { type: 'list_type', loc: ['tags'], msg: 'Input should be a valid list', input: 'a' },
      { type: 'string_type', loc: ['parent'], msg: 'Input should be a valid string', input: 5 },
      {
        type: 'literal_error',
        loc: ['level'],
        msg: "Input should be 'high' or 'low'",
        input: 'mid',
        ctx: { expected: "'high' or 'low'" },
      },
    ]);
  });

  it('answers model_attributes_type for a body that is no object, and extra_forbidden where the schema forbids extras', () => {
    expect(validateBody(Model, [1]).errors).toEqual([
      {
        type: 'model_attributes_type',
        loc: [],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: [1],
      },
    ]);
    const Closed = Type.Object({ text: Type.String() }, { additionalProperties: false });
    expect(validateBody(Closed, { text: 'a', more: 1 }).errors).toEqual([
      { type: 'extra_forbidden', loc: ['more'], msg: 'Extra inputs are not permitted', input: 1 },
    ]);
  });

  it('counts string length in code points, as Python does', () => {
    expect(validateBody(Model, { ...good, content: '🔥🔥🔥🔥🔥' }).errors).toEqual([]);
    expect(validateBody(Model, { ...good, content: '🔥🔥🔥🔥🔥🔥' }).errors[0]?.type).toBe('string_too_long');
  });

  it('lets an exact union member win before a lax one (smart mode)', () => {
    const U = Type.Object({ v: Type.Union([Type.Integer(), Type.String()]) });
    expect(validateBody(U, { v: '12' }).value).toEqual({ v: '12' });
    expect(validateBody(U, { v: 12 }).value).toEqual({ v: 12 });
    expect(validateBody(U, { v: true }).value).toEqual({ v: 1 });
  });
});
