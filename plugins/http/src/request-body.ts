/**
 * The body of one request: each record's value rendered per `request.body.format`, joined as
 * `batch.prefix` + values separated by `batch.separator` + `batch.suffix`, or, for JSON with
 * `batch.json.as.array`, a JSON array.
 */
import { formatValue, type SinkRecord } from 'lambda-connect/api';
import type { HttpSinkConfig } from './http-sink-config.js';
import { toJsonText } from './json-value.js';

export type BodySettings = Pick<
  HttpSinkConfig,
  'bodyFormat' | 'batchPrefix' | 'batchSuffix' | 'batchSeparator' | 'batchJsonAsArray'
>;

/** One record's value as it appears in a body. */
export function renderValue(settings: BodySettings, value: unknown): string {
  return settings.bodyFormat === 'json' ? toJsonText(value) : formatValue(value);
}

/** The UTF-8 body for `records` (at most `batch.max.size` of them). */
export function requestBody(settings: BodySettings, records: readonly SinkRecord[]): Buffer {
  const values = records.map((r) => renderValue(settings, r.value));
  const text =
    settings.bodyFormat === 'json' && settings.batchJsonAsArray
      ? `[${values.join(',')}]`
      : `${settings.batchPrefix}${values.join(settings.batchSeparator)}${settings.batchSuffix}`;
  return Buffer.from(text, 'utf8');
}
