import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kafkaConfigFrom } from '../../../lib/kafka/kafkajs/config.js';
import { jsonLogCreator } from '../../../lib/kafka/kafkajs/log-creator.js';

test('kafkajs log entries become one JSON object per line, errors as messages', () => {
  const lines: string[] = [];
  const log = jsonLogCreator((line) => lines.push(line))(2);
  log({
    namespace: 'Connection',
    level: 1,
    label: 'ERROR',
    log: { timestamp: 'T', message: 'boom', broker: 'b:1', error: new Error('ECONNRESET') },
  });
  assert.equal(lines.length, 1);
  assert.deepEqual(JSON.parse(lines[0]!), {
    level: 'ERROR',
    logger: 'kafkajs',
    namespace: 'Connection',
    message: 'boom',
    broker: 'b:1',
    error: 'ECONNRESET',
    timestamp: 'T',
  });
});

test('bootstrap servers are split and trimmed; none at all is refused', () => {
  assert.deepEqual(kafkaConfigFrom({ bootstrapServers: ' a:9092, b:9093 ,', clientId: 'c' }), {
    brokers: ['a:9092', 'b:9093'],
    clientId: 'c',
  });
  assert.throws(() => kafkaConfigFrom({ bootstrapServers: ' , ', clientId: 'c' }), /No bootstrap servers/);
});
