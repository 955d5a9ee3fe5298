/** `compression.type` for a task's batches: connector override, then worker setting, then none. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../../lib/api/errors.js';
import { producerSendOptions } from '../../../lib/worker/producer-settings.js';

describe('producer settings', () => {
  test('the connector override wins over the worker, which wins over none', () => {
    assert.deepEqual(producerSendOptions({}, {}), { compression: 'none' });
    assert.deepEqual(producerSendOptions({}, { 'producer.compression.type': 'gzip' }), { compression: 'gzip' });
    assert.deepEqual(
      producerSendOptions({ 'producer.override.compression.type': 'LZ4 ' }, { 'producer.compression.type': 'gzip' }),
      { compression: 'lz4' },
    );
  });

  test('an unknown compression type is a config error naming the key and the choices', () => {
    assert.throws(
      () => producerSendOptions({ 'producer.override.compression.type': 'brotli' }, {}),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          'Invalid value brotli for configuration producer.override.compression.type: String must be one of: none, gzip, snappy, lz4, zstd',
    );
  });
});
