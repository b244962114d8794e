/**
 * What the Threads Graph API's error codes mean to the agent (threads-api.md, "Rate limits and
 * errors"). Every class is a `SourceError`, so callers that only know the source interface still
 * read `transient` right. Messages carry the API's message, code and trace id, never a token.
 */
import { SourceError, type SourceErrorKind } from '../source/index.js';

export interface GraphErrorFields {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_user_msg?: string;
  fbtrace_id?: string;
}

export class ThreadsApiError extends SourceError {
  readonly code: number;
  readonly subcode: number | undefined;
  readonly fbtraceId: string | undefined;

  constructor(
    what: string,
    kind: SourceErrorKind,
    transient: boolean,
    status: number | undefined,
    fields: GraphErrorFields,
  ) {
    const sub = fields.error_subcode === undefined ? '' : `/${fields.error_subcode}`;
    const trace = fields.fbtrace_id === undefined ? '' : ` (fbtrace_id ${fields.fbtrace_id})`;
    super(`${what}: Threads error ${fields.code}${sub}: ${fields.message}${trace}`, kind, transient, status);
    // each subclass is named after itself, so a log line says which Graph error it was
    this.name = new.target.name;
    this.code = fields.code;
    this.subcode = fields.error_subcode;
    this.fbtraceId = fields.fbtrace_id;
  }
}

/** 190: the token expired or was revoked. Never retried: the account is marked "reconnect needed". */
export class ThreadsTokenError extends ThreadsApiError {
  constructor(what: string, status: number | undefined, fields: GraphErrorFields) {
    super(what, 'auth', false, status, fields);
  }
}

/** 4 (app) / 17 (user): slow down. Retrying helps after `retryAfterMs`; the account backs off. */
export class ThreadsRateLimitError extends ThreadsApiError {
  constructor(
    what: string,
    status: number | undefined,
    fields: GraphErrorFields,
    readonly retryAfterMs: number,
  ) {
    super(what, 'rate_limited', true, status, fields);
  }
}

/** 1 / 2: a temporary failure of the API; retried with backoff. */
export class ThreadsTemporaryError extends ThreadsApiError {
  constructor(what: string, status: number | undefined, fields: GraphErrorFields) {
    super(what, 'http', true, status, fields);
  }
}

/** 100 with subcode 33 (or code 33): the object does not exist (or is not ours to see). */
export class ThreadsUnknownObjectError extends ThreadsApiError {
  constructor(what: string, status: number | undefined, fields: GraphErrorFields) {
    super(what, 'not_found', false, status, fields);
  }
}

/** 100: a parameter the API refuses (too long, too many links, bad cursor …). */
export class ThreadsInvalidParameterError extends ThreadsApiError {
  constructor(what: string, status: number | undefined, fields: GraphErrorFields) {
    super(what, 'rejected', false, status, fields);
  }
}

/** 506: the same post was already published. */
export class ThreadsDuplicatePostError extends ThreadsApiError {
  constructor(what: string, status: number | undefined, fields: GraphErrorFields) {
    super(what, 'rejected', false, status, fields);
  }
}

/** 368: blocked by Threads' policies. */
export class ThreadsPolicyBlockError extends ThreadsApiError {
  constructor(what: string, status: number | undefined, fields: GraphErrorFields) {
    super(what, 'rejected', false, status, fields);
  }
}

/** 10 / 200–299: the token lacks a permission (scope) for this call. */
export class ThreadsPermissionError extends ThreadsApiError {
  constructor(what: string, status: number | undefined, fields: GraphErrorFields) {
    super(what, 'permission', false, status, fields);
  }
}

/** Refused before any call: the text is empty, over 500 characters or has more than 5 links. */
export class ThreadsLimitError extends SourceError {
  constructor(message: string) {
    super(message, 'rejected', false);
    this.name = 'ThreadsLimitError';
  }
}

/**
 * Refused before any call: the account's publishing or reply quota (250 posts, 1,000 replies
 * per rolling 24 h) is used up. Transient: the window moves on and a later attempt succeeds.
 */
export class ThreadsQuotaError extends SourceError {
  constructor(message: string) {
    super(message, 'rate_limited', true);
    this.name = 'ThreadsQuotaError';
  }
}

/** The error class for a Graph error object. */
export function classify(
  what: string,
  status: number | undefined,
  fields: GraphErrorFields,
  rateLimitBackoffMs: number,
): ThreadsApiError {
  const { code, error_subcode: sub } = fields;
  if (code === 190) return new ThreadsTokenError(what, status, fields);
  if (code === 4 || code === 17 || code === 32 || code === 613)
    return new ThreadsRateLimitError(what, status, fields, rateLimitBackoffMs);
  if (code === 1 || code === 2) return new ThreadsTemporaryError(what, status, fields);
  if (code === 33 || (code === 100 && sub === 33)) return new ThreadsUnknownObjectError(what, status, fields);
  if (code === 100) return new ThreadsInvalidParameterError(what, status, fields);
  if (code === 506) return new ThreadsDuplicatePostError(what, status, fields);
  if (code === 368) return new ThreadsPolicyBlockError(what, status, fields);
  if (code === 10 || (code >= 200 && code <= 299)) return new ThreadsPermissionError(what, status, fields);
  const transient = status !== undefined && status >= 500;
  return new ThreadsApiError(what, transient ? 'http' : 'rejected', transient, status, fields);
}
