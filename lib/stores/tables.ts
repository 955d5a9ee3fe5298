/**
 * The DynamoDB tables and their key attributes, shared by the DynamoDB adapters, the local stack (which
 * creates them) and `infra/` (which declares them). Every table has a string partition key `pk` and a
 * string sort key `sk`.
 */
export const TableKey = { PARTITION: 'pk', SORT: 'sk' } as const;

export const Tables = {
  /** Connector configs, target states, task configs, restart requests, logger levels. */
  CONFIG: 'config',
  /** Source offsets by source partition; sink offsets by topic partition. */
  OFFSETS: 'offsets',
  /** Connector and task statuses, task leases, active topics. */
  STATE: 'state',
} as const;
export type TableRole = (typeof Tables)[keyof typeof Tables];

/** Physical table names for one deployment (a prefix keeps several stacks apart). */
export interface TableNames {
  readonly config: string;
  readonly offsets: string;
  readonly state: string;
}

export function tableNamesWithPrefix(prefix: string): TableNames {
  return { config: `${prefix}-config`, offsets: `${prefix}-offsets`, state: `${prefix}-state` };
}
