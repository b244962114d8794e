/**
 * PostgreSQL's class 22, data exception (invalid text encoding, a value out of range, an
 * impossible date…), raised alike by `pg` and PGlite: the input's fault, so a 422 and never a retry.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
