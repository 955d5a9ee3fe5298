/**
 * The statements a table or query is read with, as Confluent's TimestampIncrementingCriteria builds them,
 * plus a LIMIT of `batch.max.rows` so that every poll is one bounded round trip (Confluent keeps a
 * result set open across polls instead; a slice cannot):
 * - incrementing: `WHERE inc > ? ORDER BY inc ASC`
 * - timestamp: `WHERE ts > ? AND ts < ? ORDER BY ts ASC` (ts: the column, or COALESCE of several)
 * - timestamp+incrementing: `WHERE ts < ? AND ts >= ? AND ((ts = ? AND inc > ?) OR ts > ?) ORDER BY ts, inc ASC`
 *   (the `ts >= ?` is ours: the same rows, but an index on (ts, inc) can seek to the offset)
 * The upper bound `ts < now - timestamp.delay.interval.ms` is computed by the database, in `db.timezone`
 * for columns without time zone. A custom query is wrapped as a subquery, so it may have its own WHERE.
 */
import { Mode } from './jdbc-source-config-def.js';
import type { TablePosition } from './offsets.js';
import { quoteIdentifier } from '../common/index.js';
import { sqlTableName, type TableId } from './table-id.js';
import { microsToIso } from './temporal.js';

export type QuerySource =
  | { readonly kind: 'table'; readonly id: TableId }
  | { readonly kind: 'query'; readonly sql: string };

export interface CriteriaSpec {
  readonly mode: Mode;
  readonly incrementingColumn: string | null;
  readonly timestampColumns: readonly string[];
  /** The timestamp columns are `timestamptz` (compared as instants) rather than wall times in `zone`. */
  readonly timestampsWithZone: boolean;
  readonly zone: string;
  readonly delayMs: number;
  readonly quote: boolean;
  readonly suffix: string;
}

export interface Statement {
  readonly text: string;
  readonly values: unknown[];
}

/** The alias a custom query is wrapped under. */
export const QUERY_ALIAS = 'lc_query';

export function selectFrom(source: QuerySource, quote: boolean): string {
  if (source.kind === 'query') return `SELECT * FROM (${source.sql}) AS ${QUERY_ALIAS}`;
  return `SELECT * FROM ${quote ? sqlTableName(source.id) : [source.id.schema, source.id.table].filter((p) => p !== null).join('.')}`;
}

function identifier(name: string, quote: boolean): string {
  return quote ? quoteIdentifier(name) : name;
}

function timestampExpression(spec: CriteriaSpec): string {
  const columns = spec.timestampColumns.map((c) => identifier(c, spec.quote));
  return columns.length === 1 ? columns[0]! : `COALESCE(${columns.join(',')})`;
}

/** Binds a timestamp parameter (and the zone parameter for wall-time columns) and returns its SQL. */
function timestampParam(spec: CriteriaSpec, values: unknown[], micros: bigint): string {
  values.push(microsToIso(micros));
  const param = `$${values.length}::timestamptz`;
  if (spec.timestampsWithZone) return param;
  values.push(spec.zone);
  return `(${param} AT TIME ZONE $${values.length}::text)`;
}

function endParam(spec: CriteriaSpec, values: unknown[]): string {
  values.push(spec.delayMs);
  const delay = `$${values.length}::bigint * interval '1 millisecond'`;
  if (spec.timestampsWithZone) return `(CURRENT_TIMESTAMP - ${delay})`;
  values.push(spec.zone);
  return `((CURRENT_TIMESTAMP AT TIME ZONE $${values.length}::text) - ${delay})`;
}

/** The next batch after `position`: at most `limit` rows, in offset order. */
export function incrementalStatement(
  source: QuerySource,
  spec: CriteriaSpec,
  position: TablePosition,
  limit: number,
): Statement {
  const values: unknown[] = [];
  const ts = timestampExpression(spec);
  const inc = spec.incrementingColumn === null ? '' : identifier(spec.incrementingColumn, spec.quote);
  let where: string;
  let order: string;
  switch (spec.mode) {
    case Mode.INCREMENTING:
      values.push(position.incrementing ?? -1);
      where = `${inc} > $1`;
      order = `${inc} ASC`;
      break;
    case Mode.TIMESTAMP: {
      const begin = timestampParam(spec, values, position.timestampMicros ?? 0n);
      where = `${ts} > ${begin} AND ${ts} < ${endParam(spec, values)}`;
      order = `${ts} ASC`;
      break;
    }
    default: {
      const end = endParam(spec, values);
      const begin = timestampParam(spec, values, position.timestampMicros ?? 0n);
      values.push(position.incrementing ?? -1);
      const incParam = `$${values.length}`;
      // `ts >= begin` changes no result: it lets an index on (ts, inc) seek to the offset instead of
      // scanning from its start on every poll (85 ms instead of 0.06 ms per poll at 80,000 rows in).
      where = `${ts} < ${end} AND ${ts} >= ${begin} AND ((${ts} = ${begin} AND ${inc} > ${incParam}) OR ${ts} > ${begin})`;
      order = `${ts},${inc} ASC`;
    }
  }
  values.push(limit);
  return {
    text: `${selectFrom(source, spec.quote)} WHERE ${where} ORDER BY ${order} LIMIT $${values.length}${suffix(spec)}`,
    values,
  };
}

/** Every row whose timestamp equals `micros` (timestamp mode completes a group a LIMIT cut). */
export function timestampGroupStatement(source: QuerySource, spec: CriteriaSpec, micros: bigint): Statement {
  const values: unknown[] = [];
  const ts = timestampExpression(spec);
  return {
    text: `${selectFrom(source, spec.quote)} WHERE ${ts} = ${timestampParam(spec, values, micros)}${suffix(spec)}`,
    values,
  };
}

/** The whole table or query (bulk mode). */
export function bulkStatement(source: QuerySource, quote: boolean, querySuffix: string): Statement {
  return { text: `${selectFrom(source, quote)}${querySuffix === '' ? '' : ` ${querySuffix}`}`, values: [] };
}

function suffix(spec: CriteriaSpec): string {
  return spec.suffix === '' ? '' : ` ${spec.suffix}`;
}
