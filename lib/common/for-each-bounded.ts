/**
 * Runs `work` over `items` with at most `limit` calls in flight, in order of the items, and settles
 * when every call has. Calls must handle their own errors: the first one thrown rejects the whole run
 * after the calls in flight settle, and no new call starts after it.
 *
 * A helper rather than p-limit: the scheduler needs this one loop, and every dependency of the
 * functions ships in every Lambda bundle.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`the concurrency limit must be a whole number of at least 1, not ${limit}`);
  let next = 0;
  let failed = false;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw failure;
}
