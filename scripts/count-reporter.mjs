// A node:test reporter that writes only the totals of passed and failed tests as JSON.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type === 'test:pass' && event.data.details?.type !== 'suite') passed++;
    if (event.type === 'test:fail' && event.data.details?.type !== 'suite') failed++;
  }
  yield JSON.stringify({ passed, failed });
}
