/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Configuration comes from context values, see
 * docs/deploy.md; with none it still synthesizes, offline, with local esbuild bundling.
 */
import { App } from 'aws-cdk-lib';
import { connectorsFromContext, ContextReader, propsFromContext } from './context.js';
import { LambdaConnectStack } from './lambda-connect-stack.js';

const app = new App();
const stackName = new ContextReader(app).string('stackName') ?? 'LambdaConnect';
new LambdaConnectStack(app, stackName, {
  description: 'lambda-connect: Apache Kafka Connect on API Gateway, Lambda and DynamoDB',
  lambdaConnect: propsFromContext,
  connectors: connectorsFromContext(app),
});
app.synth();
