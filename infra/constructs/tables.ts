/**
 * The three DynamoDB tables (lib/stores/tables.ts): on demand, point-in-time recovery on, retained on
 * stack deletion unless the props say otherwise.
 */
import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TableKey, Tables, type TableRole } from '../../lib/stores/tables.js';
import type { TablesProps } from './props.js';

/** Tag naming each table's role, so retained tables are recognisable after `cdk destroy`. */
export const TABLE_ROLE_TAG = 'lambda-connect:table';

export class LambdaConnectTables extends Construct {
  readonly config: dynamodb.Table;
  readonly offsets: dynamodb.Table;
  readonly state: dynamodb.Table;

  constructor(scope: Construct, id: string, props: TablesProps = {}) {
    super(scope, id);
    this.config = this.#table('Config', Tables.CONFIG, props);
    this.offsets = this.#table('Offsets', Tables.OFFSETS, props);
    this.state = this.#table('State', Tables.STATE, props);
  }

  #table(id: string, role: TableRole, props: TablesProps): dynamodb.Table {
    const table = new dynamodb.Table(this, id, {
      partitionKey: { name: TableKey.PARTITION, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TableKey.SORT, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      deletionProtection: props.deletionProtection ?? false,
    });
    Tags.of(table).add(TABLE_ROLE_TAG, role);
    return table;
  }
}
