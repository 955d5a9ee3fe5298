/**
 * Replays the third-party clients' request sequences (test/clients/sequences.ts) against one Connect REST
 * URL and prints each client's step counts and failures: `npx tsx scripts/clients/replay.ts <url> <dir>`,
 * where <dir> is a directory the worker behind <url> can read (FileStreamSource inputs are written there).
 */
import { randomBytes } from 'node:crypto';
import { CLIENT_SEQUENCES } from '../../test/clients/sequences.js';

const [url, dir] = process.argv.slice(2);
if (url === undefined || dir === undefined) throw new Error('usage: replay.ts <url> <dir>');
const run = randomBytes(3).toString('hex');
for (const sequence of CLIENT_SEQUENCES) {
  const outcomes = await sequence.run({ url, dir, unique: (prefix) => `${prefix}-${run}` });
  const failed = outcomes.filter((o) => !o.ok);
  process.stdout.write(`${sequence.client}: ${outcomes.length - failed.length}/${outcomes.length} steps ok\n`);
  for (const f of failed) process.stdout.write(`  FAILED ${f.label}: ${f.detail ?? ''}\n`);
}
