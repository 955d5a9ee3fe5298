/**
 * The CloudFormation custom-resource provider that applies `KafkaConnector` declarations through the
 * herder (functions/connectors-resource). One per `LambdaConnect`, shared by all its connectors.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface ConnectorsProviderProps {
  readonly onEvent: lambda.IFunction;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export class ConnectorsProvider extends Construct {
  readonly serviceToken: string;

  constructor(scope: Construct, id: string, props: ConnectorsProviderProps) {
    super(scope, id);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: props.onEvent,
      logGroup: new logs.LogGroup(this, 'FrameworkLogs', {
        retention: props.logRetention,
        removalPolicy: props.logRemovalPolicy,
      }),
    });
    this.serviceToken = provider.serviceToken;
  }
}
