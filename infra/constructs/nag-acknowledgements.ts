/**
 * The cdk-nag AwsSolutions findings we accept on purpose, each with its reason (listed in docs/deploy.md).
 * Recorded with CDK's `Validations.acknowledge`, which cdk-nag reads; without cdk-nag they are metadata
 * only. Everything else the pack reports is fixed in the constructs.
 */
import { CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

export const NAG_ACKNOWLEDGEMENTS: Readonly<Record<string, string>> = {
  'AwsSolutions-L1':
    'The functions run nodejs22.x on purpose: the version the bundles are built and tested for; moving to a newer runtime is a tested change, not a lint fix.',
  'AwsSolutions-SQS3':
    'The queue without a dead-letter queue is itself the on-failure destination of the task runner: nothing consumes it, an alarm watches it.',
  'AwsSolutions-APIG2':
    'The REST handler validates every body and answers in Connect\'s {"error_code","message"} shape; API Gateway request validation would answer in its own shape and break Connect clients.',
  'AwsSolutions-APIG3':
    'A WAF web ACL is an account-level choice (cost, shared rules); every method is already authenticated (IAM or basic auth) and the stage is throttled.',
  'AwsSolutions-APIG6':
    'Stage access logs are on; execution logging is off because it would log request bodies, and connector configs carry credentials.',
  'AwsSolutions-COG4':
    'The API authenticates with IAM (SigV4) by default or HTTP basic auth (what Connect clients speak); Cognito user pools are not used.',
  'AwsSolutions-IAM4':
    'AWSLambdaVPCAccessExecutionRole (only with a VPC) is the AWS-managed policy for the ENIs Lambda needs in a VPC; its resource wildcard is required by the EC2 network-interface actions.',
  'AwsSolutions-IAM5':
    'Wildcards are scoped: `<function ARN>:*` covers the versions of one function (CDK grantInvoke); MSK IAM `topic/<cluster>/*` and `group/<cluster>/*` because connectors create and name topics and groups at run time, within one cluster.',
  'AwsSolutions-SMG4':
    'The generated basic-auth secret is rotated by the operator (docs/deploy.md); the authorizer re-reads it every minute, so no rotation Lambda is deployed.',
};

/**
 * Why the doorbell's grants have wildcard resources: the Lambda and EC2 actions that take no resource
 * (acknowledged on the doorbell's own policies only, so a wildcard elsewhere still fails the lint).
 */
export const DOORBELL_WILDCARD_REASON =
  "Doorbell (decision 0023): lambda:CreateEventSourceMapping takes no resource and ListEventSourceMappings none at all (Create and Delete are conditioned on lambda:FunctionArn = the doorbell function; Delete is scoped to event-source-mapping ARNs, whose UUIDs Lambda assigns); the EC2 network-interface actions of the mappings' pollers (MSK or a VPC) take no resource.";

/** Acknowledges the doorbell's wildcard findings on its policies alone (`scopes`: the scheduler's mapping policy, the doorbell's role). */
export function acknowledgeDoorbellWildcards(scopes: readonly IConstruct[]): void {
  for (const scope of scopes) {
    for (const resource of ['*', 'arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:event-source-mapping:*']) {
      Validations.of(scope).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`,
        reason: DOORBELL_WILDCARD_REASON,
      });
    }
  }
}

/** What the findings with a resource in their id name: the functions invoked, the MSK topic and group ARNs. */
export interface NagFindingSubjects {
  readonly invokedFunctions: readonly lambda.IFunction[];
  readonly mskResourceArns: readonly string[];
}

const VPC_ACCESS_POLICY = 'arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

export function acknowledgeNagFindings(scope: IConstruct, subjects: NagFindingSubjects): void {
  const validations = Validations.of(scope);
  const ack = (id: string, rule: string) =>
    validations.acknowledge({ id: `AwsSolutions::${id}`, reason: NAG_ACKNOWLEDGEMENTS[rule] ?? rule });
  for (const id of Object.keys(NAG_ACKNOWLEDGEMENTS)) ack(id, id);
  // Findings that name a resource are acknowledged one by one, so a new wildcard still fails the lint.
  ack(`AwsSolutions-IAM4[Policy::${VPC_ACCESS_POLICY}]`, 'AwsSolutions-IAM4');
  const stack = Stack.of(scope);
  for (const fn of subjects.invokedFunctions) {
    const cfn = fn.node.defaultChild;
    if (!(cfn instanceof CfnElement)) continue;
    const id = `AwsSolutions-IAM5[Resource::<${String(stack.resolve(stack.getLogicalId(cfn)))}.Arn>:*]`;
    // EventBridge Scheduler's target role is created at the stack's level, outside this construct.
    Validations.of(stack).acknowledge({
      id: `AwsSolutions::${id}`,
      reason: NAG_ACKNOWLEDGEMENTS['AwsSolutions-IAM5'] ?? '',
    });
    ack(id, 'AwsSolutions-IAM5');
  }
  for (const arn of subjects.mskResourceArns)
    if (!Token.isUnresolved(arn)) ack(`AwsSolutions-IAM5[Resource::${arn}]`, 'AwsSolutions-IAM5');
}
