/**
 * `KafkaConnector`: a connector declared in code. On deploy a custom resource creates or updates it
 * through the same herder the REST API uses (PUT /connectors/{name}/config semantics); removing the
 * declaration deletes the connector, unless the removal policy retains it.
 */
import { CustomResource, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { LambdaConnect } from './lambda-connect.js';
import type { ConnectorAlarmOptions, ConnectorAlarms } from './monitoring.js';

/** Custom-resource property names; functions/connectors-resource reads the same (a test keeps them equal). */
export const ConnectorResourceProperty = { NAME: 'ConnectorName', CONFIG: 'Config' } as const;
export const CONNECTOR_RESOURCE_TYPE = 'Custom::KafkaConnector';

export interface KafkaConnectorProps {
  readonly lambdaConnect: LambdaConnect;
  /** The connector name, as in `PUT /connectors/{name}/config`. Renaming replaces the connector. */
  readonly name: string;
  /**
   * The connector config. Put secrets in as references (`${secretsmanager:...}`, `${ssm:...}`), never as
   * values: the config is stored in the template, in DynamoDB and shown by the REST API.
   */
  readonly config: Readonly<Record<string, string>>;
  /** Default DESTROY: deleting the declaration (or the stack) deletes the connector. RETAIN leaves it. */
  readonly removalPolicy?: RemovalPolicy;
  /** Per-connector alarms (task failures, growing sink lag). Default true. */
  readonly alarms?: boolean | ConnectorAlarmOptions;
}

export class KafkaConnector extends Construct {
  readonly connectorName: string;
  readonly alarms: ConnectorAlarms | undefined;

  constructor(scope: Construct, id: string, props: KafkaConnectorProps) {
    super(scope, id);
    validate(this, props);
    this.connectorName = props.name;
    new CustomResource(this, 'Resource', {
      serviceToken: props.lambdaConnect.connectorsProvider.serviceToken,
      resourceType: CONNECTOR_RESOURCE_TYPE,
      properties: {
        [ConnectorResourceProperty.NAME]: props.name,
        [ConnectorResourceProperty.CONFIG]: { ...props.config },
      },
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    const alarmOptions = props.alarms ?? true;
    this.alarms =
      alarmOptions === false
        ? undefined
        : props.lambdaConnect.addConnectorAlarms(this, props.name, alarmOptions === true ? {} : alarmOptions);
  }
}

function validate(scope: Construct, props: KafkaConnectorProps): void {
  const where = scope.node.path;
  if (Token.isUnresolved(props.name)) throw new Error(`${where}: the connector name must be a literal string`);
  if (props.name.trim() === '' || /[\u0000-\u001f\u007f]/.test(props.name)) {
    throw new Error(`${where}: connector name "${props.name}" is empty or has control characters`);
  }
  const declared = props.config['name'];
  if (declared !== undefined && declared !== props.name) {
    throw new Error(`${where}: config "name" (${declared}) differs from the connector name (${props.name})`);
  }
  if (props.config['connector.class'] === undefined) {
    throw new Error(`${where}: config of connector "${props.name}" has no "connector.class"`);
  }
}
