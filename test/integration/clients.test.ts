/**
 * The third-party clients' request sequences (test/clients/sequences.ts, read from each client's source)
 * against the local stack: every step must pass each client's own response handling.
 * `npx tsx scripts/clients/replay.ts <url> <dir>` runs the same sequences against any Connect REST URL
 * (e.g. a real Connect 4.3.1 worker) and prints the step counts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLIENT_SEQUENCES, type Outcome } from '../clients/sequences.js';
import { useTestStack, uniqueName } from '../helpers/stack.js';

function assertAllOk(outcomes: readonly Outcome[]): void {
  const failed = outcomes.filter((o) => !o.ok);
  assert.ok(outcomes.length > 0);
  assert.deepEqual(failed, [], `${outcomes.length - failed.length}/${outcomes.length} steps ok`);
}

describe('third-party Connect clients against the local stack', { timeout: 240_000 }, () => {
  const s = useTestStack();
  for (const sequence of CLIENT_SEQUENCES) {
    test(`${sequence.client}: ${sequence.covers}`, async () => {
      assertAllOk(await sequence.run({ url: s.current.stack.url, dir: s.current.dataDir, unique: uniqueName }));
    });
  }
});
