/**
 * The quickstart schemas this package ships (written for lambda-connect, with the field names and types
 * of kafka-connect-datagen's quickstarts of the same name) and the key field each uses by default. They
 * are imported, not read from disk, so a bundled task runner carries them; `schema.filename` may name
 * them too (by this package's file name or by the name Confluent's package gives the same quickstart).
 */
import clickstream from './quickstarts/clickstream.json' with { type: 'json' };
import orders from './quickstarts/orders.json' with { type: 'json' };
import pageviews from './quickstarts/pageviews.json' with { type: 'json' };
import ratings from './quickstarts/ratings.json' with { type: 'json' };
import stockTrades from './quickstarts/stock_trades.json' with { type: 'json' };
import users from './quickstarts/users.json' with { type: 'json' };

export interface Quickstart {
  /** The `quickstart` value, lower case. */
  readonly name: string;
  /** The Avro-style schema, as parsed JSON. */
  readonly schema: unknown;
  /** The field used as the record key when `schema.keyfield` is not set. */
  readonly keyField: string;
  /** This package's file, under `src/quickstarts/`. */
  readonly file: string;
  /** The file name kafka-connect-datagen gives the same quickstart, accepted by `schema.filename`. */
  readonly confluentFile: string;
}

export const QUICKSTARTS: readonly Quickstart[] = [
  {
    name: 'clickstream',
    schema: clickstream,
    keyField: 'ip',
    file: 'clickstream.json',
    confluentFile: 'clickstream_schema.avro',
  },
  { name: 'orders', schema: orders, keyField: 'orderid', file: 'orders.json', confluentFile: 'orders_schema.avro' },
  {
    name: 'pageviews',
    schema: pageviews,
    keyField: 'viewtime',
    file: 'pageviews.json',
    confluentFile: 'pageviews_schema.avro',
  },
  {
    name: 'ratings',
    schema: ratings,
    keyField: 'rating_id',
    file: 'ratings.json',
    confluentFile: 'ratings_schema.avro',
  },
  {
    name: 'stock_trades',
    schema: stockTrades,
    keyField: 'symbol',
    file: 'stock_trades.json',
    confluentFile: 'stock_trades_schema.avro',
  },
  { name: 'users', schema: users, keyField: 'userid', file: 'users.json', confluentFile: 'users_schema.avro' },
];

/** The quickstart named `name` (case-insensitive, as Confluent's), or undefined. */
export function quickstartNamed(name: string): Quickstart | undefined {
  const lower = name.toLowerCase();
  return QUICKSTARTS.find((q) => q.name === lower);
}

/**
 * The quickstart a `schema.filename` names: a bare file name, or `quickstarts/<file>` / `src/quickstarts/<file>`
 * (so a path copied from this package works), never anything outside that directory.
 */
export function quickstartFile(filename: string): Quickstart | undefined {
  const match = /^(?:(?:\.\/)?(?:src\/)?quickstarts\/)?([A-Za-z0-9_.-]+)$/.exec(filename.trim());
  const base = match?.[1];
  if (base === undefined) return undefined;
  return QUICKSTARTS.find((q) => q.file === base || q.confluentFile === base);
}
