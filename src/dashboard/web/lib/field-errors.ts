import { ApiError } from './api.js';

/** A path inside a request body, as a 422's `loc` gives it without its leading `"body"`. */
export type BodyPath = (string | number)[];

export interface FormErrors<K extends string> {
  /** the message to show beside each field */
  fields: Partial<Record<K, string>>;
  /** what belongs to no field (a conflict, an outage), empty when everything has its field */
  general: string;
}

/**
 * Split a failed request into messages per form field, from the locations of a FastAPI 422
 * (`{"detail": [{"loc": ["body", "posts_per_day"], "msg": …}]}`), and one message for the rest.
 * `fieldOf` names the form field a body path belongs to (undefined: none of the form's).
 */
export function formErrors<K extends string>(
  err: unknown,
  fieldOf: (path: BodyPath) => K | undefined,
): FormErrors<K> {
  if (!(err instanceof ApiError) || err.issues.length === 0)
    return { fields: {}, general: err instanceof Error ? err.message : String(err) };
  const fields: Partial<Record<K, string>> = {};
  const rest: string[] = [];
  for (const issue of err.issues) {
    const path = issue.loc[0] === 'body' ? issue.loc.slice(1) : issue.loc;
    const key = path.length > 0 ? fieldOf(path) : undefined;
    if (key === undefined) rest.push(path.length > 0 ? `${path.join('.')}: ${issue.msg}` : issue.msg);
    else fields[key] = fields[key] ? `${fields[key]}; ${issue.msg}` : issue.msg;
  }
  return { fields, general: rest.join('; ') };
}
