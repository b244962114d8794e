/**
 * The one low-level HTTP call to the Threads API that every Threads client in the agent makes
 * (the per-account `GraphClient` and the token calls of `ThreadsOAuthClient`): a timeout, JSON
 * parsing, the Graph error object mapped to its class (errors.ts) and every secret of the call
 * (token, app secret, authorization code) redacted from whatever message leaves it.
 */
import { SourceError } from '../source/index.js';
import { classify, type GraphErrorFields, type ThreadsApiError } from './errors.js';

export type Params = Record<string, string | number | boolean | undefined>;

export interface GraphRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** base URL without a trailing slash, e.g. https://graph.threads.net */
  base: string;
  path: string;
  /** sent as the query string (GET, DELETE) or as a urlencoded form (POST) */
  params: Params;
  /** the values that must never appear in an error message: tokens, app secret, codes */
  secrets: readonly (string | undefined)[];
  timeoutMs: number;
  fetch: typeof fetch;
  /** the backoff an error 4/17 asks for (ThreadsRateLimitError.retryAfterMs) */
  rateLimitBackoffMs: number;
  /** sees the response headers of every answer, error or not (`X-App-Usage`) */
  onHeaders?: (headers: Headers) => void;
}

/** The answer's JSON body; throws a `ThreadsApiError` for an error object, else a `SourceError`. */
export async function graphRequest<T>(r: GraphRequest): Promise<{ payload: T; status: number }> {
  const what = `${r.method} ${r.path}`;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(r.params)) if (v !== undefined) q.set(k, String(v));
  const inBody = r.method === 'POST';
  const query = q.toString();
  const url = `${r.base}${r.path}${inBody || query === '' ? '' : `?${query}`}`;
  let res: Response;
  try {
    res = await r.fetch(url, {
      method: r.method,
      headers: inBody
        ? { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }
        : { accept: 'application/json' },
      ...(inBody ? { body: query } : {}),
      signal: AbortSignal.timeout(r.timeoutMs),
    });
  } catch (err) {
    throw transportError(what, err, r);
  }
  r.onHeaders?.(res.headers);
  let payload: unknown;
  try {
    payload = await res.json();
  } catch (err) {
    if (isTimeout(err)) throw transportError(what, err, r);
    if (res.status >= 500) throw SourceError.fromStatus(res.status, `${what}: HTTP ${res.status}`);
    throw new SourceError(
      `${what}: HTTP ${res.status}, response is not JSON`,
      'invalid_response',
      false,
      res.status,
    );
  }
  const fields = errorFields(payload);
  if (fields !== undefined) throw graphError(what, res.status, fields, r);
  if (!res.ok) throw SourceError.fromStatus(res.status, `${what}: HTTP ${res.status}`);
  if (typeof payload !== 'object' || payload === null)
    throw new SourceError(`${what}: the answer is not a JSON object`, 'invalid_response', false, res.status);
  return { payload: payload as T, status: res.status };
}

/**
 * Whatever the text, none of the secrets is in it, nor any `access_token=` / `client_secret=` /
 * `code=` parameter value (a URL echoed by a proxy or by the API itself).
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(/((?:access_token|client_secret|code)=)[^&\s"']+/gi, '$1[redacted]');
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

function graphError(
  what: string,
  status: number,
  fields: GraphErrorFields,
  r: GraphRequest,
): ThreadsApiError {
  const safe: GraphErrorFields = { ...fields, message: redact(fields.message, r.secrets) };
  if (safe.error_user_msg !== undefined) safe.error_user_msg = redact(safe.error_user_msg, r.secrets);
  return classify(what, status, safe, r.rateLimitBackoffMs);
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function transportError(what: string, err: unknown, r: GraphRequest): SourceError {
  if (isTimeout(err)) return new SourceError(`${what}: no answer within ${r.timeoutMs} ms`, 'timeout', true);
  const msg = err instanceof Error ? describe(err) : String(err);
  return new SourceError(`${what}: ${redact(msg, r.secrets)}`, 'network', true);
}

function describe(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

function errorFields(payload: unknown): GraphErrorFields | undefined {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return undefined;
  const e = (payload as { error: unknown }).error;
  if (typeof e !== 'object' || e === null) return undefined;
  const r = e as Record<string, unknown>;
  return {
    message: typeof r.message === 'string' ? r.message : 'no message',
    code: typeof r.code === 'number' ? r.code : Number(r.code ?? 0),
    ...(typeof r.type === 'string' ? { type: r.type } : {}),
    ...(typeof r.error_subcode === 'number' ? { error_subcode: r.error_subcode } : {}),
    ...(typeof r.error_user_msg === 'string' ? { error_user_msg: r.error_user_msg } : {}),
    ...(typeof r.fbtrace_id === 'string' ? { fbtrace_id: r.fbtrace_id } : {}),
  };
}
