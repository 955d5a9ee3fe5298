/**
 * An in-memory {@link TableClient} for unit tests, with the failures real servers will not produce on
 * demand: `script` holds what the next calls do (`throttle`, `unprocessed:<n>` leaves the last n requests
 * unprocessed, `reject` answers ValidationException, `down` a dropped connection); an empty script succeeds.
 */
import type { AttributeValue, WriteRequest } from '@aws-sdk/client-dynamodb';
import type { Item, KeySchema, TableClient } from '../../src/table-client.js';

export type Step = 'throttle' | 'reject' | 'down' | `unprocessed:${number}`;

function sdkError(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

export class FakeTableClient implements TableClient {
  readonly tables = new Map<string, { schema: KeySchema; items: Map<string, Item> }>();
  readonly script: Step[] = [];
  readonly calls: Array<{ op: string; count: number }> = [];
  destroyed = false;

  createTable(name: string, schema: KeySchema): this {
    this.tables.set(name, { schema, items: new Map() });
    return this;
  }

  items(name: string): Item[] {
    return [...(this.tables.get(name)?.items.values() ?? [])];
  }

  async batchWrite(requests: Record<string, WriteRequest[]>): Promise<Record<string, WriteRequest[]>> {
    const flat = Object.entries(requests).flatMap(([table, rs]) => rs.map((r) => ({ table, r })));
    this.calls.push({ op: 'BatchWriteItem', count: flat.length });
    const step = this.script.shift();
    this.fail(step);
    const keep = step?.startsWith('unprocessed:') ? Number(step.slice('unprocessed:'.length)) : 0;
    const done = flat.slice(0, flat.length - keep);
    const left: Record<string, WriteRequest[]> = {};
    for (const { table, r } of flat.slice(flat.length - keep)) (left[table] ??= []).push(structuredClone(r));
    for (const { table, r } of done) {
      if (r.PutRequest?.Item !== undefined) this.apply(table, r.PutRequest.Item, true);
      if (r.DeleteRequest?.Key !== undefined) this.apply(table, r.DeleteRequest.Key, false);
    }
    return left;
  }

  async putItem(table: string, item: Item): Promise<void> {
    this.calls.push({ op: 'PutItem', count: 1 });
    this.fail(this.script.shift());
    this.apply(table, item, true);
  }

  async deleteItem(table: string, key: Item): Promise<void> {
    this.calls.push({ op: 'DeleteItem', count: 1 });
    this.fail(this.script.shift());
    this.apply(table, key, false);
  }

  async describeKeySchema(table: string): Promise<KeySchema> {
    this.calls.push({ op: 'DescribeTable', count: 1 });
    const found = this.tables.get(table);
    if (found === undefined) throw sdkError('ResourceNotFoundException', 400, 'Requested resource not found');
    return found.schema;
  }

  destroy(): void {
    this.destroyed = true;
  }

  private fail(step: Step | undefined): void {
    if (step === 'throttle')
      throw sdkError(
        'ProvisionedThroughputExceededException',
        400,
        'The level of configured provisioned throughput for the table was exceeded.',
      );
    if (step === 'reject')
      throw sdkError('ValidationException', 400, 'Item size has exceeded the maximum allowed size');
    if (step === 'down') throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  }

  private apply(table: string, itemOrKey: Item, put: boolean): void {
    const found = this.tables.get(table);
    if (found === undefined) throw sdkError('ResourceNotFoundException', 400, 'Requested resource not found');
    const id = [found.schema.hash, found.schema.sort]
      .filter((k) => k !== undefined)
      .map((k) => keyText(itemOrKey[k as string]))
      .join('|');
    if (put) found.items.set(id, structuredClone(itemOrKey));
    else found.items.delete(id);
  }
}

function keyText(value: AttributeValue | undefined): string {
  if (value === undefined) throw sdkError('ValidationException', 400, 'One of the required keys was not given a value');
  return JSON.stringify(value);
}
