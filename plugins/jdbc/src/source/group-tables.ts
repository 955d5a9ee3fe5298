/**
 * Splits tables between tasks as Connect's `ConnectorUtils.groupPartitions` does (Confluent's JDBC source
 * uses it): contiguous groups, as even as possible, the first groups one larger, order kept.
 */
export function groupContiguous<T>(elements: readonly T[], groups: number): T[][] {
  if (groups <= 0) throw new RangeError('Number of groups must be positive.');
  const result: T[][] = [];
  const perGroup = Math.floor(elements.length / groups);
  const leftover = elements.length - perGroup * groups;
  let at = 0;
  for (let group = 0; group < groups; group++) {
    const size = perGroup + (group < leftover ? 1 : 0);
    result.push(elements.slice(at, at + size));
    at += size;
  }
  return result;
}
