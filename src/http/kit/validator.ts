import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Format } from 'typebox/format';
import { Value } from 'typebox/value';
import { validateBody, type PydanticError } from './pydantic-lax.js';

/**
 * The one validator of the app (and of the fake-threads simulator), set once per Fastify
 * instance. Rules:
 * - JSON bodies are converted as the seeds' Pydantic v2 models convert them (lax mode, its
 *   conversion table: src/http/kit/pydantic-lax.ts): `"likes": "1500"` is 1500, a naive datetime is UTC,
 *   but a string is never made from a number (`"content": 123` is `string_type`). Its errors are
 *   FastAPI's own (keyword `pydantic`, the detail item in `params`).
 * - Path and query parameters arrive as text and are converted exactly: an integer is digits
 *   (`1.5`, ` 1`, `1e3` and out-of-range values are errors, never rounded or trimmed), a number is
 *   a finite decimal (`Infinity`, `NaN` are errors), a boolean one of pydantic's words.
 * - Every string, in any part, must be storable: no NUL (PostgreSQL text cannot hold it) and
 *   well-formed Unicode (a lone surrogate would be replaced by U+FFFD and collide with other ids).
 * Errors come out in Ajv's shape, so each app's one error handler maps them (FastAPI's 422 in the
 * API, the Graph API's 400 in the simulator).
 */
export const schemaValidator: FastifySchemaCompiler<unknown> = (route) => compileValidator(route, 'pydantic');

/**
 * The same rules with JSON bodies taken exactly as sent (no conversion at all): for the fake-threads
 * simulator, which plays the Graph API, not a Pydantic service.
 */
export const exactBodyValidator: FastifySchemaCompiler<unknown> = (route) => compileValidator(route, 'exact');

function compileValidator(
  { schema, httpPart }: Parameters<FastifySchemaCompiler<unknown>>[0],
  bodies: 'pydantic' | 'exact',
): ReturnType<FastifySchemaCompiler<unknown>> {
  const tschema = schema as TSchema;
  const compiled = Compile(tschema);
  const fromText = httpPart !== 'body';
  // Value.Default walks the whole value (milliseconds for 1,000 comments): only when it can matter.
  const hasDefaults = JSON.stringify(schema).includes('"default":');
  return (data: unknown) => {
    let value: unknown;
    if (fromText) {
      const converted = convertText(tschema, data);
      value = hasDefaults ? Value.Default(tschema, converted) : converted;
    } else if (bodies === 'exact') {
      value = hasDefaults ? Value.Default(tschema, data) : data;
    } else {
      const body = validateBody(tschema, data);
      if (body.errors.length > 0) return { error: body.errors.map(toPydanticAjvError) };
      value = body.value;
    }
    const unstorable = findUnstorableString(value, '');
    if (unstorable !== undefined)
      return { error: [{ ...unstorable, data: pointerGet(value, unstorable.instancePath) }] };
    // the backstop for what the conversion pass does not check (string formats, tuples)
    if (compiled.Check(value)) return { value };
    return {
      error: toAjvErrors(compiled.Errors(value)).map((e) => ({
        ...e,
        data: pointerGet(value, e.instancePath),
      })),
    };
  };
}

/** A FastAPI detail item carried through Fastify's validation error (the error handler unpacks it). */
function toPydanticAjvError(e: PydanticError): FastifySchemaValidationError {
  return {
    keyword: 'pydantic',
    instancePath: e.loc.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join(''),
    schemaPath: '',
    params: { ...e },
    message: e.msg,
  };
}

/** The value at a JSON pointer (Ajv's `instancePath`), as the error's `input`. */
function pointerGet(root: unknown, pointer: string): unknown {
  if (!pointer) return root;
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** `iso-8601`: a calendar date or date-time that exists (month 1–12, day of that month, 23:59:60 at most), offset optional. */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;
export function isIso8601(value: string): boolean {
  const m = ISO_8601.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, oh, om] = m.map((v) => (v === undefined ? undefined : Number(v)));
  if (mo! < 1 || mo! > 12 || d! < 1) return false;
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  if (d! > daysInMonth) return false;
  if (h !== undefined && (h > 23 || mi! > 59 || (s ?? 0) > 60)) return false;
  return oh === undefined || (oh <= 23 && (om ?? 0) <= 59);
}
Format.Set('iso-8601', isIso8601);

const INTEGER_TEXT = /^[+-]?\d{1,20}$/;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** pydantic's lax-mode boolean words (case-insensitive). */
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', 'f', 'n']);

interface SchemaLike {
  type?: string | string[];
  items?: SchemaLike;
  properties?: Record<string, SchemaLike>;
  anyOf?: SchemaLike[];
}

/** Text of a path or query parameter converted to the one type its schema allows; anything unsure is left as text (and fails the check). */
function convertScalar(schema: SchemaLike, text: string): unknown {
  const types = new Set<string>();
  for (const s of schema.anyOf ?? [schema]) {
    for (const t of Array.isArray(s.type) ? s.type : [s.type]) if (t) types.add(t);
  }
  if (types.has('string')) return text;
  if (types.has('integer') && INTEGER_TEXT.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  if (types.has('number') && NUMBER_TEXT.test(text)) {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (types.has('boolean')) {
    const word = text.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  if (types.has('null') && text === '') return null;
  return text;
}

function convertText(schema: TSchema, data: unknown): unknown {
  const properties = (schema as SchemaLike).properties;
  if (properties === undefined || typeof data !== 'object' || data === null) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out)) {
    const prop = properties[key];
    if (prop === undefined) continue;
    if (prop.type === 'array' && prop.items) {
      const items = Array.isArray(value) ? value : [value];
      out[key] = items.map((v) => (typeof v === 'string' ? convertScalar(prop.items!, v) : v));
    } else if (typeof value === 'string') out[key] = convertScalar(prop, value);
    else if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string')
      // `?limit=1&limit=2` is a list where one value belongs: left as is, it fails the check.
      out[key] = convertScalar(prop, value[0]);
  }
  return out;
}

/** String.prototype.isWellFormed (Node ≥ 20; TypeScript's ES2022 lib does not declare it). */
const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** The first string (value or key) PostgreSQL cannot store or that is not well-formed Unicode, as an Ajv error. */
function findUnstorableString(value: unknown, path: string): FastifySchemaValidationError | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000') || !isWellFormed(value)) {
      return {
        keyword: 'unicode',
        instancePath: path,
        schemaPath: '',
        params: {},
        message: value.includes('\u0000')
          ? 'Input should be a valid string: NUL characters cannot be stored'
          : 'Input should be a valid string: unpaired surrogates are not well-formed Unicode',
      };
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableString(value[i], `${path}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const found = findUnstorableString(key, at) ?? findUnstorableString(v, at);
    if (found) return found;
  }
  return undefined;
}

interface TypeBoxError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** TypeBox reports all missing properties in one error; Ajv (and the error handler) one each. */
export function toAjvErrors(errors: Iterable<TypeBoxError>): FastifySchemaValidationError[] {
  const out: FastifySchemaValidationError[] = [];
  for (const e of errors) {
    if (e.keyword === 'required' && Array.isArray(e.params.requiredProperties)) {
      for (const missingProperty of e.params.requiredProperties as string[]) {
        out.push({
          keyword: 'required',
          instancePath: e.instancePath,
          schemaPath: e.schemaPath,
          params: { missingProperty },
          message: `must have required property '${missingProperty}'`,
        });
      }
    } else {
      out.push({
        keyword: e.keyword,
        instancePath: e.instancePath,
        schemaPath: e.schemaPath,
        params: e.params,
        message: e.message,
      });
    }
  }
  return out;
}
