/**
 * Domain errors. Services throw these; the one Fastify error handler maps them to HTTP.
 * No service ever throws an HTTP error itself.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(`${what} not found`, 'not_found');
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super(message, 'conflict');
  }
}

/** Input that passed the schema but breaks a rule (mapped to 422 with a loc). */
export class InvalidInputError extends DomainError {
  constructor(
    message: string,
    readonly loc: (string | number)[] = ['body'],
    readonly type = 'value_error',
    /** what the client sent there (FastAPI's `input`) */
    readonly input: unknown = null,
  ) {
    super(message, 'invalid_input');
  }
}

/** A dependency (store, source, queue) cannot answer and nothing stale can stand in: 503, with Retry-After when known. */
export class UnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message, 'unavailable');
  }
}

export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, 'rate_limited');
  }
}
