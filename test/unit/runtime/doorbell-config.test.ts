/** The doorbell's settings from the scheduler's environment (set by the construct), and back (the local stack's child processes). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Env } from '../../../lib/config/env.js';
import { runtimeConfigFromEnv, runtimeConfigToEnv } from '../../../lib/runtime/runtime-config.js';

const BASE = {
  [Env.CONFIG_TABLE]: 'c',
  [Env.OFFSETS_TABLE]: 'o',
  [Env.STATE_TABLE]: 's',
  [Env.KAFKA_BOOTSTRAP_SERVERS]: 'b-1:9096, b-2:9096',
  [Env.TASK_RUNNER_FUNCTION]: 'runner',
  [Env.SCHEDULER_FUNCTION]: 'scheduler',
};

test('without LC_DOORBELL_FUNCTION there is no doorbell (the scheduler creates no mappings)', () => {
  assert.equal(runtimeConfigFromEnv(BASE).doorbell, undefined);
});

test('self-managed Kafka with SCRAM in a VPC; MSK IAM by cluster ARN (no secret)', () => {
  const scram = runtimeConfigFromEnv({
    ...BASE,
    [Env.KAFKA_SASL_MECHANISM]: 'scram-sha-512',
    [Env.KAFKA_SASL_SECRET_ARN]: 'arn:aws:secretsmanager:eu-west-1:1:secret:k',
    [Env.DOORBELL_FUNCTION]: 'bell',
    [Env.DOORBELL_EVENT_SOURCE]: JSON.stringify({
      subnets: ['subnet-1'],
      securityGroups: ['sg-1'],
      batchingWindowSeconds: 0,
    }),
  }).doorbell;
  assert.deepEqual(scram, {
    functionName: 'bell',
    bootstrapServers: ['b-1:9096', 'b-2:9096'],
    batchingWindowSeconds: 0,
    subnets: ['subnet-1'],
    securityGroups: ['sg-1'],
    sasl: { mechanism: 'scram-sha-512', secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:k' },
  });
  const msk = runtimeConfigFromEnv({
    ...BASE,
    [Env.KAFKA_SASL_MECHANISM]: 'aws',
    [Env.DOORBELL_FUNCTION]: 'bell',
    [Env.DOORBELL_EVENT_SOURCE]: JSON.stringify({ mskClusterArn: 'arn:aws:kafka:eu-west-1:1:cluster/c/u' }),
  }).doorbell;
  assert.equal(msk?.mskClusterArn, 'arn:aws:kafka:eu-west-1:1:cluster/c/u');
  assert.equal(msk?.sasl, undefined);
  assert.equal(msk?.batchingWindowSeconds, 0);
});

test('a malformed event source names its variable; the settings survive a round trip through the environment', () => {
  assert.throws(
    () => runtimeConfigFromEnv({ ...BASE, [Env.DOORBELL_FUNCTION]: 'bell', [Env.DOORBELL_EVENT_SOURCE]: '{' }),
    new RegExp(Env.DOORBELL_EVENT_SOURCE),
  );
  const config = runtimeConfigFromEnv({
    ...BASE,
    [Env.DOORBELL_FUNCTION]: 'bell',
    [Env.DOORBELL_EVENT_SOURCE]: JSON.stringify({ subnets: ['subnet-1'], batchingWindowSeconds: 1 }),
  });
  assert.deepEqual(runtimeConfigFromEnv(runtimeConfigToEnv(config)).doorbell, config.doorbell);
});
