/**
 * The S3 crash run (chaos/s3-crash, issue 14) in short: 8,000 records over 4 partitions through three S3
 * sinks (Default gzip, Default plain, Field) and back through the S3 source, the isolated task runner
 * SIGKILLed 3 times. `npm run chaos -- --only=i` runs it at 200,000 records and 10 kills.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failures } from '../../chaos/s3-crash/report.js';
import { runS3Crash } from '../../chaos/s3-crash/run.js';

const KILLS = 3;

test('S3 crash run, short: no object missing or rewritten, no duplicate in S3, every record restored intact', async (t) => {
  const bootstrap = process.env['KAFKA_BOOTSTRAP_SERVERS'];
  const result = await runS3Crash({
    records: 8_000,
    flushSize: 1_000,
    kills: KILLS,
    log: (line) => t.diagnostic(line),
    phaseTimeoutMs: 240_000,
    // On a quiet machine the short run's phases end within seconds: kill early enough to land in them.
    killPause: { minMs: 150, maxMs: 1_000 },
    ...(bootstrap ? { kafkaBootstrapServers: bootstrap } : {}),
  });
  t.diagnostic(
    `${result.killsDuringSinks} + ${result.killsDuringRestore} kills; ${result.sinks.map((s) => `${s.name}: ${s.audit.objects} objects`).join(', ')}; restore re-sent ${result.restore.resent}`,
  );
  assert.deepEqual(failures(result, KILLS), []);
  // The expected Default layout: 2,000 records a partition in objects of 1,000, each with .keys and .headers.
  assert.equal(result.sinks[0]?.audit.objects, 4 * 2 * 3);
  assert.equal(result.restore.distinct, 8_000);
});
