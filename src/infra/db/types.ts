import type { ColumnType } from 'kysely';

/**
 * The database's table map and the column types every table declaration uses, kept in step with
 * `migrations/`. infra knows no capability: each capability declares its own tables in its
 * `tables.ts` and adds them to `DB` there (TypeScript declaration merging):
 *
 * ```ts
 * declare module '../infra/db/types.js' {
 *   interface DB { my_table: MyTable }
 * }
 * ```
 *
 * Value conventions (the same on PGlite and PostgreSQL, see client.ts):
 * - `bigint`/`bigserial` and `numeric` come back as JS numbers (safe for our counters and ids).
 * - `timestamptz` comes back as `Date`; it accepts a `Date` or an ISO string.
 * - `jsonb` comes back parsed; it is written as JSON text (`JSON.stringify(value)`), because `pg`
 *   would turn a JS array parameter into a PostgreSQL array literal while PGlite would not.
 */

/** A `timestamptz` column with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `timestamptz` column without a default. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A nullable `timestamptz` column. */
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** A `jsonb` column: parsed on read, JSON text on write. */
export type Json<T> = ColumnType<T, string, string>;
/** A nullable `jsonb` column. */
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
/** A float or counter column with `default 0`. */
export type DefaultZero = ColumnType<number, number | undefined, number>;

/**
 * Every table, by name: empty here, filled by the capabilities' `tables.ts` (see above), so
 * `Kysely<DB>` knows every table while infra imports none of them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DB {}
