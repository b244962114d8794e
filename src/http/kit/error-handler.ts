import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isDataError } from '../../infra/db/data-error.js';
import type { App } from './types.js';
import {
  ConflictError,
  DomainError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
} from '../../errors.js';

/** One item of FastAPI's (≥ 0.100, Pydantic v2) validation error contract: `{"detail":[{type,loc,msg,input,ctx?}]}`. */
export interface ValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  /** the failing value (Ajv's verbose `data`; src/http/kit/validator.ts sets it) */
  data?: unknown;
}

const CONTEXT_LOC: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

function pathToLoc(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Pydantic's name and words for a JSON Schema type: `[type_error, parsing_error, words]`. */
const TYPE_NAMES: Record<string, [string, string, string]> = {
  integer: ['int_type', 'int_parsing', 'integer'],
  number: ['float_type', 'float_parsing', 'number'],
  string: ['string_type', 'string_type', 'string'],
  boolean: ['bool_type', 'bool_parsing', 'boolean'],
  array: ['list_type', 'list_type', 'list'],
  object: ['dict_type', 'dict_type', 'dictionary'],
  null: ['none_required', 'none_required', 'None'],
};
const PARSING_REASON: Record<string, string> = {
  int_parsing: ', unable to parse string as an integer',
  float_parsing: ', unable to parse string as a number',
  bool_parsing: ', unable to interpret input',
};

const item = (
  type: string,
  loc: (string | number)[],
  msg: string,
  input: unknown,
  ctx?: Record<string, unknown>,
): ValidationDetail => (ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input });

/** Translate one validation error into FastAPI's wording so clients written against the seeds keep working. */
export function toValidationDetail(context: string, err: AjvError): ValidationDetail {
  const where = CONTEXT_LOC[context] ?? context;
  if (err.keyword === 'pydantic') {
    // already FastAPI's item (request bodies: src/http/kit/pydantic-lax.ts); only the location prefix is ours
    const d = err.params as unknown as ValidationDetail;
    return item(d.type, [where, ...d.loc], d.msg, d.input, d.ctx);
  }
  const loc = [where, ...pathToLoc(err.instancePath)];
  const p = err.params;
  const input = err.data;
  const limit = p.limit as number;
  switch (err.keyword) {
    case 'required':
      // FastAPI: a missing query/path/header value has input null; a missing body field, its object
      return item(
        'missing',
        [...loc, String(p.missingProperty)],
        'Field required',
        context === 'body' ? input : null,
      );
    case 'minimum':
      return item('greater_than_equal', loc, `Input should be greater than or equal to ${limit}`, input, {
        ge: limit,
      });
    case 'exclusiveMinimum':
      return item('greater_than', loc, `Input should be greater than ${limit}`, input, { gt: limit });
    case 'maximum':
      return item('less_than_equal', loc, `Input should be less than or equal to ${limit}`, input, {
        le: limit,
      });
    case 'exclusiveMaximum':
      return item('less_than', loc, `Input should be less than ${limit}`, input, { lt: limit });
    case 'minLength':
      return item(
        'string_too_short',
        loc,
        `String should have at least ${limit} character${limit === 1 ? '' : 's'}`,
        input,
        {
          min_length: limit,
        },
      );
    case 'maxLength':
      return item(
        'string_too_long',
        loc,
        `String should have at most ${limit} character${limit === 1 ? '' : 's'}`,
        input,
        {
          max_length: limit,
        },
      );
    case 'minItems': {
      const n = Array.isArray(input) ? input.length : 0;
      return item(
        'too_short',
        loc,
        `List should have at least ${limit} item${limit === 1 ? '' : 's'} after validation, not ${n}`,
        input,
        {
          field_type: 'List',
          min_length: limit,
          actual_length: n,
        },
      );
    }
    case 'maxItems': {
      const n = Array.isArray(input) ? input.length : 0;
      return item(
        'too_long',
        loc,
        `List should have at most ${limit} item${limit === 1 ? '' : 's'} after validation, not ${n}`,
        input,
        {
          field_type: 'List',
          max_length: limit,
          actual_length: n,
        },
      );
    }
    case 'type': {
      const t = String(p.type).split(',')[0] ?? '';
      const [typeName, parsingName, words] = TYPE_NAMES[t] ?? [`${t}_type`, `${t}_type`, t];
      // a query or path value is text: text that is not a number is a parsing error, as in FastAPI
      if (typeof input === 'string' && context !== 'body' && parsingName !== typeName)
        return item(
          parsingName,
          loc,
          `Input should be a valid ${words}${PARSING_REASON[parsingName] ?? ''}`,
          input,
        );
      return item(typeName, loc, `Input should be a valid ${words}`, input);
    }
    case 'unicode':
      return item('string_unicode', loc, err.message ?? 'Input should be a valid string', input);
    case 'format':
      if (p.format === 'iso-8601' || p.format === 'date-time')
        return item('datetime_parsing', loc, 'Input should be a valid datetime, invalid datetime', input, {
          error: 'invalid datetime',
        });
      return item(`${String(p.format)}_parsing`, loc, `Input should be a valid ${String(p.format)}`, input);
    case 'pattern':
      return item(
        'string_pattern_mismatch',
        loc,
        `String should match pattern '${String(p.pattern)}'`,
        input,
        {
          pattern: p.pattern,
        },
      );
    case 'enum':
    case 'const':
    case 'anyOf': {
      const allowed =
        (p.allowedValues as unknown[] | undefined) ??
        (p.allowedValue !== undefined ? [p.allowedValue] : undefined);
      if (!allowed)
        return item('union_tag_invalid', loc, err.message ?? 'Input does not match any allowed shape', input);
      const reprs = allowed.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
      const expected =
        reprs.length <= 1 ? (reprs[0] ?? '') : `${reprs.slice(0, -1).join(', ')} or ${reprs.at(-1)!}`;
      return item('literal_error', loc, `Input should be ${expected}`, input, { expected });
    }
    case 'boolean':
      // a key no property or pattern admits (TypeBox reports it at the key's own path)
      return item('extra_forbidden', loc, 'Extra inputs are not permitted', input);
    case 'additionalProperties':
      return item(
        'extra_forbidden',
        [
          ...loc,
          String(Array.isArray(p.additionalProperties) ? p.additionalProperties[0] : p.additionalProperty),
        ],
        'Extra inputs are not permitted',
        input,
      );
    default:
      return item('value_error', loc, err.message ?? 'Invalid value', input);
  }
}

/** Ajv reports one error per failing anyOf branch plus the anyOf itself; keep the useful ones. */
function dedupe(details: ValidationDetail[]): ValidationDetail[] {
  const seen = new Set<string>();
  return details.filter((d) => {
    const key = JSON.stringify(d.loc) + d.type;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Errors Fastify raises before a route runs (bad URL encoding, an over-long path parameter), in the same shape as ours. */
export function frameworkErrorHandler(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'Malformed URL: a percent-encoded sequence is not valid UTF-8'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'URI too long: a path parameter is over 100 characters'
        : error.message;
  void reply.code(status).send({ detail });
}

/**
 * Malformed JSON as FastAPI answers it: 422, `type: "json_invalid"`, the character offset of the
 * error in `loc` (0 when the parser does not say), the parser's reason in `ctx.error`.
 */
export function jsonInvalid(parserMessage: string): { detail: unknown[] } {
  const offset = Number(/position (\d+)/.exec(parserMessage)?.[1] ?? 0);
  return {
    detail: [
      {
        type: 'json_invalid',
        loc: ['body', offset],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: parserMessage },
      },
    ],
  };
}

export function registerErrorHandler(app: App): void {
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ detail: `Not Found: ${req.method} ${req.url.split('?')[0]}` });
  });

  app.setErrorHandler(
    (error: FastifyError & { validation?: AjvError[]; validationContext?: string }, req, reply) => {
      if (error.validation) {
        const context = error.validationContext ?? 'body';
        const detail = dedupe(error.validation.map((e) => toValidationDetail(context, e)));
        return reply.code(422).send({ detail });
      }
      if (error instanceof DomainError) {
        if (error instanceof InvalidInputError) {
          return reply.code(422).send({ detail: [item(error.type, error.loc, error.message, error.input)] });
        }
        if (error instanceof NotFoundError) return reply.code(404).send({ detail: error.message });
        if (error instanceof ConflictError) return reply.code(409).send({ detail: error.message });
        if (error instanceof RateLimitedError) {
          return reply
            .code(429)
            .header('retry-after', String(error.retryAfterSeconds))
            .send({ detail: error.message });
        }
        if (error instanceof UnavailableError) {
          const { retryAfterSeconds } = error as UnavailableError;
          if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
          return reply.code(503).send({ detail: error.message });
        }
      }
      switch (error.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return reply.code(413).send({
            detail: `Request body too large (limit ${req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} bytes)`,
          });
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return reply.code(415).send({ detail: 'Unsupported media type: send application/json' });
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
          // FastAPI: a route that takes a body, sent none
          return reply
            .code(422)
            .send({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
          return reply.code(422).send(jsonInvalid(error.message));
        default:
          break;
      }
      // JSON.parse errors from the default parser arrive as SyntaxError with statusCode 400.
      if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
        return reply.code(422).send(jsonInvalid(error.message));
      }
      if (isDataError(error)) {
        return reply.code(422).send({
          detail: [
            item(
              'value_error',
              ['body'],
              'Input cannot be stored: it is not valid data for this field',
              null,
            ),
          ],
        });
      }
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status < 500) return reply.code(status).send({ detail: error.message });
      req.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send({ detail: 'Internal Server Error', request_id: req.id });
    },
  );
}
