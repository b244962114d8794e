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

/** One item of the FastAPI validation error contract: `{"detail":[{loc,msg,type}]}`. */
export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
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

/** Translate one Ajv error into FastAPI's wording so clients written against the seeds keep working. */
export function toValidationDetail(context: string, err: AjvError): ValidationDetail {
  const loc = [CONTEXT_LOC[context] ?? context, ...pathToLoc(err.instancePath)];
  const p = err.params;
  switch (err.keyword) {
    case 'required':
      return { loc: [...loc, String(p.missingProperty)], msg: 'Field required', type: 'missing' };
    case 'minimum':
      return {
        loc,
        msg: `Input should be greater than or equal to ${String(p.limit)}`,
        type: 'greater_than_equal',
      };
    case 'exclusiveMinimum':
      return { loc, msg: `Input should be greater than ${String(p.limit)}`, type: 'greater_than' };
    case 'maximum':
      return {
        loc,
        msg: `Input should be less than or equal to ${String(p.limit)}`,
        type: 'less_than_equal',
      };
    case 'exclusiveMaximum':
      return { loc, msg: `Input should be less than ${String(p.limit)}`, type: 'less_than' };
    case 'minLength':
      return {
        loc,
        msg: `String should have at least ${String(p.limit)} characters`,
        type: 'string_too_short',
      };
    case 'maxLength':
      return {
        loc,
        msg: `String should have at most ${String(p.limit)} characters`,
        type: 'string_too_long',
      };
    case 'minItems':
      return { loc, msg: `List should have at least ${String(p.limit)} items`, type: 'too_short' };
    case 'maxItems':
      return { loc, msg: `List should have at most ${String(p.limit)} items`, type: 'too_long' };
    case 'type': {
      const t = String(p.type).split(',')[0];
      const name =
        t === 'integer'
          ? 'int'
          : t === 'number'
            ? 'float'
            : t === 'string'
              ? 'string'
              : t === 'boolean'
                ? 'bool'
                : t === 'array'
                  ? 'list'
                  : t === 'object'
                    ? 'dict'
                    : String(t);
      const words: Record<string, string> = {
        int: 'integer',
        float: 'number',
        string: 'string',
        bool: 'boolean',
        list: 'list',
        dict: 'dictionary',
      };
      return { loc, msg: `Input should be a valid ${words[name] ?? name}`, type: `${name}_type` };
    }
    case 'unicode':
      return { loc, msg: err.message ?? 'Input should be a valid string', type: 'string_unicode' };
    case 'format':
      if (p.format === 'iso-8601' || p.format === 'date-time')
        return { loc, msg: 'Input should be a valid datetime', type: 'datetime_parsing' };
      return { loc, msg: `Input should be a valid ${String(p.format)}`, type: `${String(p.format)}_parsing` };
    case 'pattern':
      return {
        loc,
        msg: `String should match pattern '${String(p.pattern)}'`,
        type: 'string_pattern_mismatch',
      };
    case 'enum':
    case 'const':
    case 'anyOf': {
      const allowed =
        (p.allowedValues as unknown[] | undefined) ??
        (p.allowedValue !== undefined ? [p.allowedValue] : undefined);
      return {
        loc,
        msg: allowed
          ? `Input should be ${allowed.map((v) => JSON.stringify(v)).join(' or ')}`
          : (err.message ?? 'Invalid value'),
        type: 'literal_error',
      };
    }
    case 'boolean':
      // a key no property or pattern admits (TypeBox reports it at the key's own path)
      return {
        loc,
        msg: 'Extra inputs are not permitted: this key is not an allowed name',
        type: 'extra_forbidden',
      };
    case 'additionalProperties':
      return {
        loc: [
          ...loc,
          String(Array.isArray(p.additionalProperties) ? p.additionalProperties[0] : p.additionalProperty),
        ],
        msg: 'Extra inputs are not permitted',
        type: 'extra_forbidden',
      };
    default:
      return { loc, msg: err.message ?? 'Invalid value', type: 'value_error' };
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
          return reply.code(422).send({ detail: [{ loc: error.loc, msg: error.message, type: error.type }] });
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
            {
              loc: ['body'],
              msg: 'Input cannot be stored: it is not valid data for this field',
              type: 'value_error',
            },
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
