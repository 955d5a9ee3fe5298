/**
 * The deployments the template lint covers (`npm run lint:cfn`, test/infra/cdk-nag.test.ts): the default,
 * SASL/SCRAM with a customer-managed key, and MSK IAM in a VPC behind basic auth and a custom domain. Each
 * is the default app's stack built from context values, as `cdk deploy -c ...` builds it.
 */
import { App } from 'aws-cdk-lib';
import { connectorsFromContext, propsFromContext } from './context.js';
import { LambdaConnectStack } from './lambda-connect-stack.js';

export const LINT_VARIANTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  default: { bootstrapServers: 'b-1.kafka.internal:9092' },
  scram: {
    bootstrapServers: 'b-1.prod.kafka.eu-west-1.amazonaws.com:9096',
    kafkaSaslMechanism: 'scram-sha-512',
    kafkaSaslSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_prod-AbCdEf',
    kafkaSaslSecretKmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops',
    tableDeletionProtection: 'true',
    // The S3 sink's grants (dataAccess.s3): their object wildcards are acknowledged one by one.
    s3Buckets: 'prod-archive/topics/,prod-lake',
  },
  'msk-iam-vpc-basic-domain': {
    bootstrapServers: 'b-1.prod.kafka.eu-west-1.amazonaws.com:9098',
    kafkaSaslMechanism: 'aws',
    mskClusterArn: 'arn:aws:kafka:eu-west-1:123456789012:cluster/prod/0a1b2c3d-4e5f-6789-abcd-ef0123456789-7',
    vpcId: 'vpc-0123456789abcdef0',
    subnetIds: 'subnet-0aaa1111bbbb2222c,subnet-0ddd3333eeee4444f',
    securityGroupIds: 'sg-0123456789abcdef0',
    apiAuth: 'basic',
    domainName: 'connect.example.com',
    certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab',
    hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  },
};

/** The variant's stack in an app of its own; `bundling: false` skips building the function bundles. */
export function lintVariantStack(
  name: string,
  options: { bundling?: boolean; outdir?: string } = {},
): { app: App; stack: LambdaConnectStack } {
  const context = LINT_VARIANTS[name];
  if (context === undefined) throw new Error(`Unknown variant ${name}: ${Object.keys(LINT_VARIANTS).join(', ')}`);
  const app = new App({
    context: { ...context, ...(options.bundling === true ? {} : { 'aws:cdk:bundling-stacks': [] }) },
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  });
  const stack = new LambdaConnectStack(app, `LambdaConnect-${name}`, {
    lambdaConnect: propsFromContext,
    connectors: connectorsFromContext(app),
  });
  return { app, stack };
}
