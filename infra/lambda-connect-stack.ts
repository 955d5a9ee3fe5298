/**
 * The stack `cdk deploy` creates: one `LambdaConnect`, the connectors declared for it, and outputs for
 * the API URL and the names an operator needs. Environment-agnostic, so synth needs no credentials.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ConnectorDeclaration } from './context.js';
import { KafkaConnector } from './constructs/connector.js';
import { LambdaConnect } from './constructs/lambda-connect.js';
import type { LambdaConnectProps } from './constructs/props.js';

export interface LambdaConnectStackProps extends StackProps {
  /** Props, or a function building them in this stack (imported resources must live in a stack). */
  readonly lambdaConnect?: LambdaConnectProps | ((stack: Stack) => LambdaConnectProps);
  /** Connectors managed by this stack (connectors as code). */
  readonly connectors?: readonly ConnectorDeclaration[];
}

export class LambdaConnectStack extends Stack {
  readonly lambdaConnect: LambdaConnect;

  constructor(scope: Construct, id: string, props: LambdaConnectStackProps = {}) {
    super(scope, id, props);
    const connectProps = typeof props.lambdaConnect === 'function' ? props.lambdaConnect(this) : props.lambdaConnect;
    const connect = new LambdaConnect(this, 'LambdaConnect', connectProps);
    this.lambdaConnect = connect;
    for (const declaration of props.connectors ?? []) {
      new KafkaConnector(this, `Connector-${declaration.name}`, { lambdaConnect: connect, ...declaration });
    }
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('ApiUrl', connect.url, 'Base URL of the Kafka Connect REST API');
    output('RestApiId', connect.api.restApiId, 'API Gateway REST API id');
    output('ConfigTableName', connect.tables.config.tableName, 'DynamoDB table of connector configs (retained)');
    output('OffsetsTableName', connect.tables.offsets.tableName, 'DynamoDB table of offsets (retained)');
    output('StateTableName', connect.tables.state.tableName, 'DynamoDB table of statuses and leases (retained)');
    output('TaskRunnerFunctionName', connect.taskRunnerFunction.functionName, 'Task-runner Lambda function');
    output('SchedulerFunctionName', connect.schedulerFunction.functionName, 'Scheduler Lambda function');
    output('TaskFailureQueueUrl', connect.failureQueue.queueUrl, 'Failed or expired task-runner invocations');
    output('DashboardName', connect.monitoring.dashboard.dashboardName, 'CloudWatch dashboard');
    if (connect.basicAuthCredentials !== undefined) {
      output(
        'BasicAuthSecretArn',
        connect.basicAuthCredentials.secretArn,
        'Secret with the basic-auth username and password',
      );
    }
  }
}
