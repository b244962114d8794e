/**
 * Request bodies parsed the way the seeds' FastAPI + Pydantic v2 services parse them (SPEC §2.1,
 * "Drop-in for FastAPI clients"): Pydantic's lax-mode conversion table, Python-mode rows (FastAPI
 * runs `json.loads` and then validates the Python object), for the field types the seed models
 * use. Every body of the app goes through `validateBody` (src/http/kit/validator.ts), so a new route
 * gets the same rules without doing anything.
 *
 * The rows followed (docs.pydantic.dev/latest/concepts/conversion_table, "Python & JSON" rows):
 *
 * | field    | input                         | result                                                          |
 * |----------|-------------------------------|-----------------------------------------------------------------|
 * | int      | int                           | as is                                                           |
 * | int      | float                         | exact integers only (`1500.0` → 1500); `1500.5` → int_from_float |
 * | int      | str                           | digits, optional sign, surrounding whitespace, trailing `.0…` → int; else int_parsing |
 * | int      | bool                          | `true` → 1, `false` → 0                                         |
 * | int      | anything else                 | int_type                                                        |
 * | float    | int, float                    | as is                                                           |
 * | float    | str                           | a decimal or exponent number (whitespace, `_` between digits) → float; else float_parsing |
 * | float    | bool                          | 1.0 / 0.0                                                       |
 * | float    | anything else                 | float_type                                                      |
 * | str      | str                           | as is (never from numbers or booleans: string_type)             |
 * | bool     | bool                          | as is                                                           |
 * | bool     | int, float                    | 0 / 1 only; else bool_parsing                                   |
 * | bool     | str                           | (lower-cased) `0 off f false n no` / `1 on t true y yes`; else bool_parsing |
 * | bool     | anything else                 | bool_type                                                       |
 * | datetime | str                           | `YYYY-MM-DD[T| |t|_]HH:MM[:SS[.f…]][Z|±HH[:]MM]`; `YYYY-MM-DD` alone = midnight; a numeric string = Unix time |
 * | datetime | int, float                    | Unix time: seconds when |v| ≤ 2·10¹⁰, else milliseconds        |
 * | datetime | anything else                 | datetime_type                                                   |
 * | list     | list                          | items validated in order                                        |
 * | list     | anything else                 | list_type                                                       |
 * | model    | object                        | fields in model order, defaults filled, extra keys ignored (or extra_forbidden) |
 * | model    | anything else                 | model_attributes_type (FastAPI validates with from_attributes)  |
 *
 * Where we decide (documented in the README, "Drop-in for the seeds' clients"):
 * - a naive datetime (no offset, as Python's `datetime.now().isoformat()` sends it) is UTC; every
 *   datetime comes out as an ISO 8601 UTC string with millisecond precision (`toISOString`);
 * - `"inf"`/`"nan"` strings for a float are `finite_number` (JSON cannot carry them back);
 * - an integer beyond ±2⁵³ is `int_parsing_size` (JavaScript numbers cannot hold it exactly).
 *
 * Datetime strings that fail are re-read as a date, as pydantic-core does, and the error is the
 * date parser's: `datetime_from_date_parsing` "Input should be a valid datetime or date, <why>".
 */

/** One item of FastAPI's `detail` list, `loc` relative to the body. */
export interface PydanticError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

type Issue = Omit<PydanticError, 'loc'>;
type Outcome = { ok: true; value: unknown } | { ok: false; issue: Issue };

const ok = (value: unknown): Outcome => ({ ok: true, value });
const fail = (type: string, msg: string, input: unknown, ctx?: Record<string, unknown>): Outcome => ({
  ok: false,
  issue: ctx ? { type, msg, input, ctx } : { type, msg, input },
});

const INT_TEXT = /^[+-]?\d+(?:\.0*)?$/;
const FLOAT_TEXT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const NON_FINITE_TEXT = /^[+-]?(?:inf|infinity|nan)$/i;
const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** Python's whitespace strip (`str.strip()` on the characters JSON text can hold). */
const strip = (s: string): string => s.replace(/^\s+|\s+$/g, '');

export function laxInt(input: unknown): Outcome {
  if (typeof input === 'boolean') return ok(input ? 1 : 0);
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail('finite_number', 'Input should be a finite number', input);
    if (!Number.isInteger(input))
      return fail(
        'int_from_float',
        'Input should be a valid integer, got a number with a fractional part',
        input,
      );
    return safeInt(input, input);
  }
  if (typeof input === 'string') {
    const text = strip(input);
    if (!INT_TEXT.test(text))
      return fail(
        'int_parsing',
        'Input should be a valid integer, unable to parse string as an integer',
        input,
      );
    return safeInt(Number(text.replace(/\.0*$/, '')), input);
  }
  return fail('int_type', 'Input should be a valid integer', input);
}

function safeInt(n: number, input: unknown): Outcome {
  if (Number.isSafeInteger(n)) return ok(n === 0 ? 0 : n);
  return fail('int_parsing_size', 'Unable to parse input string as an integer, exceeded maximum size', input);
}

export function laxFloat(input: unknown): Outcome {
  if (typeof input === 'boolean') return ok(input ? 1 : 0);
  if (typeof input === 'number') return ok(input);
  if (typeof input === 'string') {
    const text = strip(input);
    if (NON_FINITE_TEXT.test(text)) return fail('finite_number', 'Input should be a finite number', input);
    if (!FLOAT_TEXT.test(text))
      return fail(
        'float_parsing',
        'Input should be a valid number, unable to parse string as a number',
        input,
      );
    return ok(Number(text.replaceAll('_', '')));
  }
  return fail('float_type', 'Input should be a valid number', input);
}

export function laxStr(input: unknown): Outcome {
  return typeof input === 'string' ? ok(input) : fail('string_type', 'Input should be a valid string', input);
}

export function laxBool(input: unknown): Outcome {
  if (typeof input === 'boolean') return ok(input);
  const parsing = () =>
    fail('bool_parsing', 'Input should be a valid boolean, unable to interpret input', input);
  if (typeof input === 'number') return input === 1 ? ok(true) : input === 0 ? ok(false) : parsing();
  if (typeof input === 'string') {
    const word = input.toLowerCase();
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
    return parsing();
  }
  return fail('bool_type', 'Input should be a valid boolean', input);
}

const TOO_LARGE = 'dates after 9999 are not supported as unix timestamps';

/** Seconds when |v| ≤ 2·10¹⁰, milliseconds above (speedate's rule, which Pydantic documents). */
function fromUnix(value: number, input: unknown): Outcome {
  const ms = Math.abs(value) > 2e10 ? value : value * 1000;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 1)
    return fail('datetime_parsing', `Input should be a valid datetime, ${TOO_LARGE}`, input, {
      error: TOO_LARGE,
    });
  return ok(date.toISOString());
}

const DIGITS = /^\d+$/;

/** speedate's date reader: the reason a `YYYY-MM-DD` prefix is not a date, or its parts. */
function readDate(s: string): { y: number; m: number; d: number } | string {
  if (s.length < 10) return 'input is too short';
  if (!DIGITS.test(s.slice(0, 4))) return 'invalid character in year';
  if (s[4] !== '-') return 'invalid date separator, expected `-`';
  if (!DIGITS.test(s.slice(5, 7))) return 'invalid character in month';
  if (s[7] !== '-') return 'invalid date separator, expected `-`';
  if (!DIGITS.test(s.slice(8, 10))) return 'invalid character in day';
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12) return 'month value is outside expected range of 1-12';
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) return 'day value is outside expected range';
  return { y, m, d };
}

const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** A datetime string as speedate reads it; `undefined` when it is not one (the caller retries as a date). */
function readDateTime(s: string): string | undefined {
  const date = readDate(s);
  if (typeof date === 'string' || s.length < 11 || !'Tt _'.includes(s[10]!)) return undefined;
  const t = TIME.exec(s.slice(11));
  if (!t) return undefined;
  const [, hh, mm, ss, frac, , sign, oh, om] = t;
  const h = Number(hh);
  const mi = Number(mm);
  const sec = Number(ss ?? 0);
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  let offsetMin = 0;
  if (sign !== undefined) {
    const ohN = Number(oh);
    const omN = Number(om ?? 0);
    if (ohN > 23 || omN > 59) return undefined;
    offsetMin = (sign === '-' ? -1 : 1) * (ohN * 60 + omN);
  }
  // no offset (and no Z): naive, read as UTC (SPEC §2.1)
  const ms = Math.trunc(Number(`0.${frac ?? '0'}`) * 1000);
  const utc = Date.UTC(date.y, date.m - 1, date.d, h, mi, sec, ms) - offsetMin * 60_000;
  const out = new Date(utc);
  // Date.UTC maps years 0–99 to 1900–1999
  if (date.y < 100) out.setUTCFullYear(date.y, date.m - 1, date.d);
  return out.toISOString();
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

export function laxDatetime(input: unknown): Outcome {
  if (typeof input === 'number') return fromUnix(input, input);
  if (typeof input !== 'string') return fail('datetime_type', 'Input should be a valid datetime', input);
  const dt = readDateTime(input);
  if (dt !== undefined) return ok(dt);
  if (NUMBER_TEXT.test(input)) return fromUnix(Number(input), input);
  const date = readDate(input);
  const why =
    typeof date === 'string'
      ? date
      : input.length > 10
        ? 'unexpected extra characters at the end of the input'
        : undefined;
  if (why === undefined) {
    const { y, m, d } = date as { y: number; m: number; d: number };
    return ok(
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00.000Z`,
    );
  }
  return fail('datetime_from_date_parsing', `Input should be a valid datetime or date, ${why}`, input, {
    error: why,
  });
}

// ---------------------------------------------------------------------------------------------
// Walking a TypeBox (JSON Schema) body schema

interface Schema {
  type?: string | string[];
  format?: string;
  items?: Schema | Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  patternProperties?: Record<string, Schema>;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

/** Python's repr of a JSON value, as Pydantic quotes expected values. */
function pyRepr(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return String(v);
}

function expectedList(values: unknown[]): string {
  const reprs = values.map(pyRepr);
  return reprs.length <= 1 ? (reprs[0] ?? '') : `${reprs.slice(0, -1).join(', ')} or ${reprs.at(-1)!}`;
}

const plural = (n: number) => (n === 1 ? '' : 's');

/** Pydantic's constraint errors for a value already converted (input = what the client sent). */
function constraints(schema: Schema, value: unknown, input: unknown): Issue | undefined {
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      return {
        type: 'greater_than_equal',
        msg: `Input should be greater than or equal to ${schema.minimum}`,
        input,
        ctx: { ge: schema.minimum },
      };
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      return {
        type: 'greater_than',
        msg: `Input should be greater than ${schema.exclusiveMinimum}`,
        input,
        ctx: { gt: schema.exclusiveMinimum },
      };
    if (schema.maximum !== undefined && value > schema.maximum)
      return {
        type: 'less_than_equal',
        msg: `Input should be less than or equal to ${schema.maximum}`,
        input,
        ctx: { le: schema.maximum },
      };
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      return {
        type: 'less_than',
        msg: `Input should be less than ${schema.exclusiveMaximum}`,
        input,
        ctx: { lt: schema.exclusiveMaximum },
      };
  }
  if (typeof value === 'string') {
    // Pydantic counts code points, as Python's len() does
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      return {
        type: 'string_too_short',
        msg: `String should have at least ${schema.minLength} character${plural(schema.minLength)}`,
        input,
        ctx: { min_length: schema.minLength },
      };
    if (schema.maxLength !== undefined && length > schema.maxLength)
      return {
        type: 'string_too_long',
        msg: `String should have at most ${schema.maxLength} character${plural(schema.maxLength)}`,
        input,
        ctx: { max_length: schema.maxLength },
      };
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      return {
        type: 'string_pattern_mismatch',
        msg: `String should match pattern '${schema.pattern}'`,
        input,
        ctx: { pattern: schema.pattern },
      };
  }
  if (Array.isArray(value)) {
    const n = value.length;
    if (schema.minItems !== undefined && n < schema.minItems)
      return {
        type: 'too_short',
        msg: `List should have at least ${schema.minItems} item${plural(schema.minItems)} after validation, not ${n}`,
        input,
        ctx: { field_type: 'List', min_length: schema.minItems, actual_length: n },
      };
    if (schema.maxItems !== undefined && n > schema.maxItems)
      return {
        type: 'too_long',
        msg: `List should have at most ${schema.maxItems} item${plural(schema.maxItems)} after validation, not ${n}`,
        input,
        ctx: { field_type: 'List', max_length: schema.maxItems, actual_length: n },
      };
  }
  return undefined;
}

function types(schema: Schema): string[] {
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

interface Result {
  value: unknown;
  errors: PydanticError[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(schema: Schema, input: unknown, loc: (string | number)[], strict: boolean): Result {
  const one = (o: Outcome): Result => {
    if (!o.ok) return { value: input, errors: [{ ...o.issue, loc }] };
    const issue = constraints(schema, o.value, input);
    return issue ? { value: input, errors: [{ ...issue, loc }] } : { value: o.value, errors: [] };
  };
  // strict (a union's first pass): only the exact JSON type; lax: the conversion table
  const exact = (fits: boolean, lax: (v: unknown) => Outcome, type: string, msg: string): Outcome =>
    !strict || fits ? lax(input) : fail(type, msg, input);

  if (schema.anyOf) return walkUnion(schema, input, loc, strict);
  if (schema.const !== undefined || schema.enum) {
    const allowed = schema.enum ?? [schema.const];
    if (allowed.some((a) => a === input)) return { value: input, errors: [] };
    const expected = expectedList(allowed);
    return {
      value: input,
      errors: [{ type: 'literal_error', loc, msg: `Input should be ${expected}`, input, ctx: { expected } }],
    };
  }
  const t = types(schema);
  if (t.includes('null') && input === null) return { value: null, errors: [] };
  const kind = t.find((x) => x !== 'null');
  switch (kind ?? 'any') {
    case 'integer':
      return one(exact(typeof input === 'number', laxInt, 'int_type', 'Input should be a valid integer'));
    case 'number':
      return one(exact(typeof input === 'number', laxFloat, 'float_type', 'Input should be a valid number'));
    case 'boolean':
      return one(exact(typeof input === 'boolean', laxBool, 'bool_type', 'Input should be a valid boolean'));
    case 'string':
      if (schema.format === 'date-time')
        return one(
          exact(typeof input === 'string', laxDatetime, 'datetime_type', 'Input should be a valid datetime'),
        );
      return one(laxStr(input));
    case 'array':
      return walkArray(schema, input, loc, strict);
    case 'object':
      return walkObject(schema, input, loc, strict);
    default:
      return { value: input, errors: [] }; // no type: anything (TypeBox's Unknown), checked after
  }
}

function walkArray(schema: Schema, input: unknown, loc: (string | number)[], strict: boolean): Result {
  if (!Array.isArray(input))
    return { value: input, errors: [{ type: 'list_type', loc, msg: 'Input should be a valid list', input }] };
  const items = schema.items;
  const errors: PydanticError[] = [];
  const value = input.map((item, i) => {
    const itemSchema = Array.isArray(items) ? items[i] : items;
    if (itemSchema === undefined) return item;
    const r = walk(itemSchema, item, [...loc, i], strict);
    errors.push(...r.errors);
    return r.value;
  });
  if (errors.length > 0) return { value: input, errors };
  const issue = constraints(schema, value, input);
  return issue ? { value: input, errors: [{ ...issue, loc }] } : { value, errors: [] };
}

function walkObject(schema: Schema, input: unknown, loc: (string | number)[], strict: boolean): Result {
  const isModel = schema.properties !== undefined;
  if (!isPlainObject(input)) {
    return {
      value: input,
      errors: [
        isModel
          ? {
              type: 'model_attributes_type',
              loc,
              msg: 'Input should be a valid dictionary or object to extract fields from',
              input,
            }
          : { type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input },
      ],
    };
  }
  const errors: PydanticError[] = [];
  const out: Record<string, unknown> = {};
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  for (const [key, prop] of Object.entries(properties)) {
    if (!Object.hasOwn(input, key)) {
      if (prop.default !== undefined) out[key] = structuredClone(prop.default);
      else if (required.has(key))
        errors.push({ type: 'missing', loc: [...loc, key], msg: 'Field required', input });
      continue;
    }
    const r = walk(prop, input[key], [...loc, key], strict);
    errors.push(...r.errors);
    out[key] = r.value;
  }
  for (const [key, value] of Object.entries(input)) {
    if (Object.hasOwn(properties, key)) continue;
    const extra = schema.additionalProperties;
    const patternSchema = Object.entries(schema.patternProperties ?? {}).find(([p]) =>
      new RegExp(p, 'u').test(key),
    )?.[1];
    if (patternSchema) {
      const r = walk(patternSchema, value, [...loc, key], strict);
      errors.push(...r.errors);
      out[key] = r.value;
    } else if (extra === false) {
      errors.push({
        type: 'extra_forbidden',
        loc: [...loc, key],
        msg: 'Extra inputs are not permitted',
        input: value,
      });
    } else if (typeof extra === 'object') {
      const r = walk(extra, value, [...loc, key], strict);
      errors.push(...r.errors);
      out[key] = r.value;
    } else if (isModel) {
      continue; // extra keys are ignored, as Pydantic's default `extra='ignore'`
    } else {
      out[key] = value;
    }
  }
  return errors.length > 0 ? { value: input, errors } : { value: out, errors: [] };
}

/**
 * Pydantic's smart-mode union: a member the input fits exactly wins, then the first member that
 * converts it. `Optional[X]` (X or null) reports X's errors; a union of literals one
 * `literal_error` naming them all; other unions the errors of every member.
 */
function walkUnion(schema: Schema, input: unknown, loc: (string | number)[], strict: boolean): Result {
  const members = schema.anyOf!;
  if (members.every((m) => m.const !== undefined || m.enum))
    return walk({ enum: members.flatMap((m) => m.enum ?? [m.const]) }, input, loc, strict);
  const nonNull = members.filter((m) => !(types(m).length === 1 && types(m)[0] === 'null'));
  if (input === null && nonNull.length < members.length) return { value: null, errors: [] };
  if (nonNull.length === 0)
    return { value: input, errors: [{ type: 'none_required', loc, msg: 'Input should be None', input }] };
  for (const m of nonNull) {
    const r = walk(m, input, loc, true);
    if (r.errors.length === 0) return r;
  }
  if (!strict) {
    for (const m of nonNull) {
      const r = walk(m, input, loc, false);
      if (r.errors.length === 0) return r;
    }
  }
  // the member that came closest (fewest errors) says what is wrong; the first on a tie
  const tried = nonNull.map((m) => walk(m, input, loc, strict));
  const closest = tried.reduce((best, r) => (r.errors.length < best.errors.length ? r : best), tried[0]!);
  return { value: input, errors: closest.errors };
}

/** The body converted as Pydantic (lax mode) would, or the errors FastAPI would list, in field order. */
export function validateBody(schema: unknown, input: unknown): Result {
  return walk(schema as Schema, input, [], false);
}
