/**
 * Connect's `ConfigDef.Type.LIST` parsing, shared by the control plane (validation) and the data plane
 * (transform chains, topic creation groups, sink topics): comma-separated, trimmed, empties dropped.
 */
export function splitList(value: string | undefined | null): string[] {
  if (value === undefined || value === null || value.trim() === '') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
