/**
 * Field checks for dataset rows. Each throws an Error that names the field and what was
 * wrong; run.ts prefixes the file and line.
 */

export class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`field "${field}": ${message}`);
    this.name = 'RowError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

export function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RowError('(row)', `expected a JSON object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function stringField(row: Record<string, unknown>, field: string): string {
  const v = row[field];
  if (typeof v !== 'string') throw new RowError(field, `expected a string, got ${describe(v)}`);
  return v;
}

export function finiteNumberField(row: Record<string, unknown>, field: string): number {
  const v = row[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new RowError(field, `expected a finite number, got ${describe(v)}`);
  }
  return v;
}

/** A string or a number (ids are one or the other across datasets), returned as a string. */
export function idField(row: Record<string, unknown>, field: string): string {
  const v = row[field];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new RowError(field, `expected a string or number id, got ${describe(v)}`);
}

/** A non-empty array of strings, each one of `allowed`. */
export function labelsField(
  row: Record<string, unknown>,
  field: string,
  allowed: ReadonlySet<string>,
): string[] {
  const v = row[field];
  if (!Array.isArray(v) || v.length === 0)
    throw new RowError(field, `expected a non-empty array, got ${describe(v)}`);
  return v.map((label: unknown, i) => {
    if (typeof label !== 'string' || !allowed.has(label)) {
      throw new RowError(`${field}[${i}]`, `unknown label ${JSON.stringify(label)}`);
    }
    return label;
  });
}
