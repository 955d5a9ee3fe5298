import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HasHeaderKey, RecordIsTombstone, TopicNameMatches } from '../../../lib/transforms/index.js';
import { sinkRecord } from './records.js';

describe('predicates', () => {
  test('TopicNameMatches needs the whole topic to match', () => {
    const p = new TopicNameMatches();
    p.configure({ pattern: 'ord.*s' });
    assert.equal(p.test(sinkRecord({ topic: 'orders' })), true);
    assert.equal(p.test(sinkRecord({ topic: 'my-orders' })), false);
    assert.equal(String(p), 'TopicNameMatches{pattern=ord.*s}');
    assert.throws(() => new TopicNameMatches().configure({ pattern: '' }), {
      message: 'Invalid value  for configuration pattern: String must be non-empty',
    });
    assert.throws(
      () => new TopicNameMatches().configure({ pattern: '[' }),
      /^ConfigError: Invalid value \[ for configuration pattern: Invalid regex: /,
    );
  });

  test('HasHeaderKey looks for any header with the name', () => {
    const p = new HasHeaderKey();
    p.configure({ name: 'trace' });
    assert.equal(
      p.test(
        sinkRecord({
          headers: [
            { key: 'a', value: 1, schema: null },
            { key: 'trace', value: null, schema: null },
          ],
        }),
      ),
      true,
    );
    assert.equal(p.test(sinkRecord()), false);
    assert.throws(() => new HasHeaderKey().configure({}), {
      message: 'Missing required configuration "name" which has no default value.',
    });
  });

  test('RecordIsTombstone is true for null values only', () => {
    const p = new RecordIsTombstone();
    assert.equal(p.test(sinkRecord({ value: null })), true);
    assert.equal(p.test(sinkRecord({ value: 0 })), false);
    assert.equal(p.test(sinkRecord({ value: '' })), false);
  });
});
