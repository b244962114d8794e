import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

/**
 * Validator for JSON bodies without type coercion, used by every route that takes a body (the
 * API's, and the fake-threads simulator's as its validator compiler). The app's Ajv coerces
 * (`coerceTypes: 'array'`, needed for query strings), which would take `"content": 123` as
 * "123", `"content": ["text"]` as "text" and `"account_id": null` as ""; the seed's pydantic
 * models rejected a number or a list where a string belongs, and so do we. (Stricter than
 * pydantic's lax mode in one way: a number sent as a string, `"likes": "1500"`, is an error too
 * — JSON has numbers.) Path and query parameters are still converted from their string form.
 * Errors come out in Ajv's shape so the app's one error handler turns them into FastAPI's 422
 * (and the simulator's into its 400).
 */
export const strictBodyValidator: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const tschema = schema as TSchema;
  const compiled = Compile(tschema);
  const convert = httpPart !== 'body';
  // Value.Default walks the whole value (milliseconds for 1,000 comments): only when it can matter.
  const hasDefaults = JSON.stringify(schema).includes('"default":');
  return (data: unknown) => {
    const converted = convert ? Value.Convert(tschema, data) : data;
    const value = hasDefaults ? Value.Default(tschema, converted) : converted;
    if (compiled.Check(value)) return { value };
    return { error: toAjvErrors(compiled.Errors(value)) };
  };
};

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
