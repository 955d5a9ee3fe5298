// A node:test reporter that keeps the totals of passed and failed tests as JSON in the file named by
// LC_TEST_COUNTS. Written on every result, synchronously: with --test-force-exit the runner exits as soon as
// the last test ends, before a reporter's final output would be flushed.
import { writeFileSync } from 'node:fs';

export default async function* countReporter(source) {
  const file = process.env.LC_TEST_COUNTS;
  let passed = 0;
  let failed = 0;
  const save = () => {
    if (file) writeFileSync(file, JSON.stringify({ passed, failed }));
  };
  save();
  for await (const event of source) {
    if (event.data?.details?.type === 'suite') continue;
    if (event.type === 'test:pass') passed++;
    else if (event.type === 'test:fail') failed++;
    else continue;
    save();
  }
}
